import { Duration } from 'aws-cdk-lib';
import { CapacitySize, CapacitySizeType } from './capacity-size';
import { DeploymentStrategy } from './deployment-strategy';
import { CANARY_SIZE_RULE, CapacityRule, checkWait, endpointSizeProblem, LINEAR_STEP_RULE, percentProblem } from '../private/plan-checks';

/** The default bake after a canary or linear traffic shift. */
const DEFAULT_GUARDED_WAIT = Duration.minutes(10);

/** Properties of {@link TrafficRouting.allAtOnce}. */
export interface AllAtOnceTrafficRoutingProps {
  /**
   * How long to bake (watch the rollback alarms) after all traffic moved to the new fleet. 0-1 hour.
   *
   * @default Duration.seconds(0) - no bake: the old fleet is terminated right after the shift
   * (plus the deployment's termination wait)
   */
  readonly waitInterval?: Duration;
}

/** Properties of {@link TrafficRouting.canary}. */
export interface CanaryTrafficRoutingProps {
  /**
   * The batch of the new fleet's instances that turns on first, per variant: 1-50 percent, or 1 instance up to
   * half the fleet. Traffic follows the instances that are on: a percentage is rounded to whole instances
   * (at least 1), so 10 percent of 4 instances is 1 instance, about 25 percent of the traffic.
   */
  readonly size: CapacitySize;

  /**
   * How long to bake after the canary shift, and again after the rest of the traffic moved. 0-1 hour.
   *
   * @default Duration.minutes(10)
   */
  readonly waitInterval?: Duration;
}

/** Properties of {@link TrafficRouting.linear}. */
export interface LinearTrafficRoutingProps {
  /**
   * The batch of the new fleet's instances turned on per step, per variant: 10-50 percent, or
   * ceil(10%)-floor(50%) of the fleet in instances. A percentage is rounded to whole instances (at least 1),
   * so 10 percent of 4 instances is 4 steps of 1 instance.
   */
  readonly stepSize: CapacitySize;

  /**
   * How long to bake after each step. 0-1 hour.
   *
   * @default Duration.minutes(10)
   */
  readonly waitInterval?: Duration;
}

/**
 * The traffic routing of a blue/green deployment, rendered by {@link TrafficRouting.bind}
 * (this library's own struct; the CloudFormation shape stays inside the constructs).
 */
export interface TrafficRoutingConfig {
  /** The kind of shift: `ALL_AT_ONCE`, `CANARY` or `LINEAR` (never `ROLLING`). */
  readonly type: DeploymentStrategy;

  /** The bake after each shift (always rendered: the SageMaker API requires it). */
  readonly waitInterval: Duration;

  /**
   * The canary size.
   *
   * @default - none (only set for CANARY)
   */
  readonly canarySize?: CapacitySize;

  /**
   * The linear step size.
   *
   * @default - none (only set for LINEAR)
   */
  readonly linearStepSize?: CapacitySize;
}

/**
 * How a blue/green deployment moves traffic to the new fleet.
 *
 * @example
 * const routing = sm.TrafficRouting.canary({
 *   size: sm.CapacitySize.percent(10),
 *   waitInterval: Duration.minutes(10),
 * });
 */
export abstract class TrafficRouting {
  /**
   * Move all traffic at once, then bake for `waitInterval` (SageMaker's behaviour without a DeploymentConfig).
   */
  public static allAtOnce(props: AllAtOnceTrafficRoutingProps = {}): TrafficRouting {
    return new ConfiguredTrafficRouting({
      type: DeploymentStrategy.ALL_AT_ONCE,
      waitInterval: checkWait('waitInterval', props.waitInterval ?? Duration.seconds(0)),
    });
  }

  /**
   * Turn on a canary batch of the new fleet's instances first, bake, move the rest, bake again, then terminate
   * the old fleet.
   */
  public static canary(props: CanaryTrafficRoutingProps): TrafficRouting {
    checkPercent('canary size', props.size, CANARY_SIZE_RULE);
    return new ConfiguredTrafficRouting({
      type: DeploymentStrategy.CANARY,
      waitInterval: checkWait('waitInterval', props.waitInterval ?? DEFAULT_GUARDED_WAIT),
      canarySize: props.size,
    });
  }

  /**
   * Turn on the new fleet's instances in equal batches (`ceil(instances / step instances)` steps per variant),
   * baking after each; the old fleet turns off as many instances per step.
   */
  public static linear(props: LinearTrafficRoutingProps): TrafficRouting {
    checkPercent('linear step size', props.stepSize, LINEAR_STEP_RULE);
    return new ConfiguredTrafficRouting({
      type: DeploymentStrategy.LINEAR,
      waitInterval: checkWait('waitInterval', props.waitInterval ?? DEFAULT_GUARDED_WAIT),
      linearStepSize: props.stepSize,
    });
  }

  /** Returns the routing as this library's struct. */
  public abstract bind(): TrafficRoutingConfig;
}

class ConfiguredTrafficRouting extends TrafficRouting {
  constructor(private readonly config: TrafficRoutingConfig) {
    super();
  }

  public bind(): TrafficRoutingConfig {
    return this.config;
  }
}

function checkPercent(property: string, size: CapacitySize, rule: CapacityRule): void {
  // instance counts are checked against the fleet size by the deployment and the plan
  const problem = endpointSizeProblem(property, size)
    ?? (size.type === CapacitySizeType.CAPACITY_PERCENT ? percentProblem(property, size.value, rule) : undefined);
  if (problem) {
    throw new Error(problem);
  }
}

