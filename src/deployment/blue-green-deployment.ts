import { Annotations, Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Endpoint } from '../endpoint';
import { CapacitySizeType } from './capacity-size';
import { DeploymentPlan, DeploymentStrategy } from './deployment-plan';
import { ErrorRateAlarmProps, LatencyAlarmProps } from './rollback-alarms';
import { TrafficRouting, TrafficRoutingConfig, TrafficRoutingType } from './traffic-routing';
import { fail, validateNumber } from '../private/validation';
import { DeploymentBindingHelper } from './private/deployment-support';
import { checkCapacity, checkExclusions, GuardedStrategy } from './private/guardrails';
import { CANARY_SIZE_RULE, LINEAR_STEP_RULE } from '../private/plan-checks';

/** Properties of a {@link BlueGreenDeployment}. */
export interface BlueGreenDeploymentProps {
  /** The endpoint whose config updates this deployment guards (one deployment per endpoint). */
  readonly endpoint: Endpoint;

  /**
   * How traffic moves from the old fleet to the new one.
   *
   * @default TrafficRouting.allAtOnce() - all traffic at once, no bake
   */
  readonly trafficRouting?: TrafficRouting;

  /**
   * How long the old fleet is kept after all traffic moved (and the last bake ended), so a rollback
   * can still be fast. 0-1 hour.
   *
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;

  /**
   * The longest the whole rollout may take before SageMaker fails it and rolls back. 10 minutes-8 hours;
   * it must be longer than all bakes plus the termination wait.
   *
   * @default - computed from the deployment plan: all waits plus a provisioning allowance, rounded up to
   * the minute, clamped to 10 minutes-8 hours (see `plan.maximumExecutionTimeout`)
   */
  readonly maximumExecutionTimeout?: Duration;

  /**
   * CloudWatch alarms that roll the deployment back when they fire during a bake (at most 10).
   * Prefer `addErrorRateAlarm()` / `addLatencyAlarm()`, which watch only the new fleet.
   *
   * @default - no alarms (no automatic rollback: bakes only wait)
   */
  readonly alarms?: cloudwatch.IAlarm[];
}

/**
 * A blue/green deployment for an endpoint: on every endpoint-config change, SageMaker provisions a new
 * (green) fleet next to the old (blue) one, shifts traffic all at once, as a canary or in linear steps,
 * bakes while watching the rollback alarms, and terminates the old fleet only when all is well.
 *
 * Renders the endpoint's `DeploymentConfig.BlueGreenUpdatePolicy` (and `AutoRollbackConfiguration` when
 * there are alarms) lazily, so alarms added later count. At peak the endpoint runs two fleets: see
 * `plan.peakInstanceCount`, and prefer a {@link RollingDeployment} for scarce instance types.
 *
 * @example
 * declare const endpoint: sm.Endpoint;
 * const deployment = new sm.BlueGreenDeployment(this, 'Deployment', {
 *   endpoint,
 *   trafficRouting: sm.TrafficRouting.canary({ size: sm.CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
 * });
 * deployment.addErrorRateAlarm();
 * deployment.addLatencyAlarm({ threshold: Duration.millis(500) });
 */
export class BlueGreenDeployment extends Construct {
  /** The endpoint this deployment is attached to. */
  public readonly endpoint: Endpoint;

  /** The traffic routing. */
  public readonly trafficRouting: TrafficRouting;

  /** The wait before the old fleet is terminated. */
  public readonly terminationWait: Duration;

  private readonly routing: TrafficRoutingConfig;
  private readonly givenTimeout?: Duration;
  private readonly support: DeploymentBindingHelper;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    if (!props || !props.endpoint) {
      fail(this, 'endpoint must be given, got undefined');
    }
    this.endpoint = props.endpoint;
    this.trafficRouting = props.trafficRouting ?? TrafficRouting.allAtOnce();
    this.routing = this.trafficRouting.bind();
    this.terminationWait = props.terminationWait ?? Duration.seconds(0);
    this.givenTimeout = props.maximumExecutionTimeout;

    validateNumber(this, 'trafficRouting waitInterval', this.routing.waitInterval.toSeconds(), { min: 0, max: 3600, unit: 'seconds' });
    validateNumber(this, 'terminationWait', this.terminationWait.toSeconds({ integral: false }), { min: 0, max: 3600, unit: 'seconds' });
    if (this.givenTimeout) {
      validateNumber(this, 'maximumExecutionTimeout', this.givenTimeout.toSeconds({ integral: false }), { min: 600, max: 28800, unit: 'seconds' });
    }
    if (this.routing.canarySize) {
      checkCapacity(this, 'trafficRouting canary size', this.routing.canarySize, CANARY_SIZE_RULE, { known: false, variants: [] });
    }
    if (this.routing.linearStepSize) {
      checkCapacity(this, 'trafficRouting linear step size', this.routing.linearStepSize, LINEAR_STEP_RULE, { known: false, variants: [] });
    }

    this.support = new DeploymentBindingHelper({
      deployment: this,
      endpoint: this.endpoint,
      strategy: DeploymentStrategy.BLUE_GREEN,
      renderPolicy: () => ({ blueGreenUpdatePolicy: this.renderPolicy() }),
      plan: () => this.plan,
      dependsOnFleetSize: () => this.routing.linearStepSize?.type === CapacitySizeType.INSTANCE_COUNT,
      timeoutGiven: this.givenTimeout !== undefined,
      validate: () => this.check(),
      bakes: () => this.routing.waitInterval.toSeconds() > 0,
      bakeSeconds: () => this.routing.waitInterval.toSeconds(),
    });
    for (const alarm of props.alarms ?? []) {
      this.addAlarm(alarm);
    }
  }

  /**
   * The rollout timeline for the endpoint's current fleet: steps, waits, worst-case duration and peak
   * instance count (blue/green runs the old and the new fleet side by side).
   *
   * The fleet size is the sum of the config's instance counts (the autoscaling minimum where autoscaling is
   * attached). For an imported endpoint config the size is unknown and the plan assumes 1 instance.
   */
  public get plan(): DeploymentPlan {
    return this.support.wrapPlan(() => DeploymentPlan.blueGreen({
      trafficRouting: this.trafficRouting,
      instanceCount: this.support.fleetSize(),
      terminationWait: this.terminationWait,
      maximumExecutionTimeout: this.givenTimeout,
    }));
  }

  /** The effective maximum execution timeout (the given one, or the plan's default). */
  public get maximumExecutionTimeout(): Duration {
    return this.givenTimeout ?? this.plan.maximumExecutionTimeout;
  }

  /** The rollback alarms added so far. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.support.alarms.list;
  }

  /**
   * Adds a rollback alarm (at most 10; adding the same alarm twice counts once). The endpoint depends
   * on it, so it exists before a rollout reads it.
   */
  public addAlarm(alarm: cloudwatch.IAlarm): void {
    this.support.alarms.add(alarm);
  }

  /**
   * Creates a rollback alarm on the 5XX error rate of the NEW fleet and adds it to this deployment.
   *
   * Defaults: more than 1 percent of invocations (metric `Invocation5XXErrors`, statistic Average) in
   * 2 of 3 one-minute periods; missing data is not breaching. See {@link ErrorRateAlarmProps}.
   */
  public addErrorRateAlarm(props: ErrorRateAlarmProps = {}): cloudwatch.Alarm {
    return this.support.addErrorRateAlarm(props);
  }

  /**
   * Creates a rollback alarm on the model latency of the NEW fleet and adds it to this deployment.
   *
   * Defaults: p99 `ModelLatency` above `threshold` in 2 of 3 one-minute periods; missing data is not
   * breaching. See {@link LatencyAlarmProps}.
   */
  public addLatencyAlarm(props: LatencyAlarmProps): cloudwatch.Alarm {
    return this.support.addLatencyAlarm(props);
  }

  private strategy(): GuardedStrategy {
    switch (this.routing.type) {
      case TrafficRoutingType.CANARY: return 'canary';
      case TrafficRoutingType.LINEAR: return 'linear';
      default: return 'all-at-once';
    }
  }

  private check(): void {
    const fleet = this.support.fleet();
    checkExclusions(this, 'trafficRouting', fleet, this.strategy());
    if (this.routing.canarySize) {
      checkCapacity(this, 'trafficRouting canary size', this.routing.canarySize, CANARY_SIZE_RULE, fleet);
    }
    if (this.routing.linearStepSize) {
      checkCapacity(this, 'trafficRouting linear step size', this.routing.linearStepSize, LINEAR_STEP_RULE, fleet);
    }
    if (this.strategy() === 'all-at-once' && this.routing.waitInterval.toSeconds() > 0) {
      const inf1 = fleet.variants.find(v => v.instanceType?.isInf1());
      if (inf1) {
        Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:guardrailsNotApplied',
          `variant "${inf1.variantName}" runs on ${inf1.instanceType!.toString()}: SageMaker does not run deployment guardrails on Inf1 instances, so the ${this.routing.waitInterval.toHumanString()} bake and the rollback alarms are ignored`);
      }
    }
  }

  private renderPolicy() {
    const r = this.routing;
    return {
      trafficRoutingConfiguration: {
        type: r.type,
        waitIntervalInSeconds: r.waitInterval.toSeconds(),
        canarySize: r.canarySize ? { type: r.canarySize.type, value: r.canarySize.value } : undefined,
        linearStepSize: r.linearStepSize ? { type: r.linearStepSize.type, value: r.linearStepSize.value } : undefined,
      },
      terminationWaitInSeconds: this.terminationWait.toSeconds(),
      maximumExecutionTimeoutInSeconds: (this.givenTimeout ?? this.support.tryPlan()?.maximumExecutionTimeout)?.toSeconds(),
    };
  }
}
