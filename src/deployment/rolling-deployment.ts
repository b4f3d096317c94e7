import { Duration, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CapacitySize } from './capacity-size';
import { DeploymentPlan } from './deployment-plan';
import { DeploymentStrategy } from './deployment-strategy';
import { EndpointDeployment, EndpointDeploymentProps } from './endpoint-deployment';
import { Fleet } from '../endpoint/private/fleet';
import { fail, show, validateNumber } from '../private/validation';
import { checkExclusions, throwFirst } from './private/guardrails';
import { capacityProblems, ROLLBACK_BATCH_RULE, ROLLING_BATCH_RULE } from '../private/plan-checks';

/** Properties of a {@link RollingDeployment}. */
export interface RollingDeploymentProps extends EndpointDeploymentProps {
  /**
   * How many instances are replaced per batch: 5-50 percent of the fleet, or
   * ceil(5%)-floor(50%) of the fleet in instances.
   */
  readonly maximumBatchSize: CapacitySize;

  /**
   * How long to bake (watch the rollback alarms) after each batch takes traffic. 0-1 hour.
   */
  readonly waitInterval: Duration;

  /**
   * How many instances are rolled back per batch when an alarm fires: 1-100 percent of the fleet,
   * or 1 instance up to the whole fleet (the API documents no other limit).
   *
   * @default - the whole fleet at once (SageMaker's default; fastest, but the peak is twice the fleet)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
}

/**
 * A rolling deployment for an endpoint: on every endpoint-config change, SageMaker replaces the fleet in
 * batches (provision a batch of new instances, shift its share of traffic, bake, terminate as many old
 * instances), so the peak is the fleet plus one batch instead of two fleets.
 *
 * Only for endpoints with exactly one instance-based production variant (not serverless, not Inf1).
 * Renders the endpoint's `DeploymentConfig.RollingUpdatePolicy` (and `AutoRollbackConfiguration` when there
 * are alarms) lazily, so alarms added later count.
 *
 * @example
 * declare const endpoint: sm.Endpoint;
 * const deployment = new sm.RollingDeployment(this, 'Deployment', {
 *   endpoint,
 *   maximumBatchSize: sm.CapacitySize.percent(25),
 *   waitInterval: Duration.minutes(5),
 * });
 * deployment.addErrorRateAlarm();
 */
export class RollingDeployment extends EndpointDeployment {
  /** The batch size. */
  public readonly maximumBatchSize: CapacitySize;

  /** The bake after each batch. */
  public readonly waitInterval: Duration;

  /**
   * The rollback batch size.
   *
   * @default - the whole fleet at once
   */
  public readonly rollbackMaximumBatchSize?: CapacitySize;

  constructor(scope: Construct, id: string, props: RollingDeploymentProps) {
    super(scope, id, props);
    if (!props.maximumBatchSize) {
      fail(this, 'maximumBatchSize must be given (5-50 percent of the fleet), got undefined');
    }
    if (!props.waitInterval) {
      fail(this, 'waitInterval must be given (0-3600 seconds), got undefined');
    }
    this.maximumBatchSize = props.maximumBatchSize;
    this.waitInterval = props.waitInterval;
    this.rollbackMaximumBatchSize = props.rollbackMaximumBatchSize;

    validateNumber(this, 'waitInterval', this.waitInterval.toSeconds({ integral: false }), { min: 0, max: 3600, unit: 'seconds' });
    this._validateTimeout();
    // a percentage out of range is wrong in itself: throw now
    throwFirst(this, [
      ...capacityProblems('maximumBatchSize', this.maximumBatchSize, ROLLING_BATCH_RULE, []),
      ...(this.rollbackMaximumBatchSize ? capacityProblems('rollbackMaximumBatchSize', this.rollbackMaximumBatchSize, ROLLBACK_BATCH_RULE, []) : []),
    ]);

    this._attach(props.alarms);
  }

  /**
   * The rollout timeline for the endpoint's current fleet: batches, waits, worst-case duration, peak
   * instance count (fleet + one batch) and the rollback time.
   *
   * Each variant is planned with its instance count; where autoscaling is attached this is the plan at the
   * autoscaling minimum and `plan.atMaximum` the plan at the maximum. For an imported endpoint config the size
   * is unknown and the plan assumes 1 instance.
   */
  public get plan(): DeploymentPlan {
    return this._wrapPlan(() => DeploymentPlan.rolling({
      maximumBatchSize: this.maximumBatchSize,
      waitInterval: this.waitInterval,
      rollbackMaximumBatchSize: this.rollbackMaximumBatchSize,
      ...this._planFleet(),
      maximumExecutionTimeout: this._givenTimeout,
    }));
  }

  /** @internal */
  protected _dependsOnFleetSize(): boolean {
    return true;
  }

  /** @internal */
  protected _bakeSeconds(): number {
    return this.waitInterval.toSeconds();
  }

  /** @internal */
  protected _renderUpdatePolicy(): sagemaker.CfnEndpoint.DeploymentConfigProperty {
    return { rollingUpdatePolicy: this.renderPolicy() };
  }

  /** @internal */
  protected _checkFleet(fleet: Fleet): string[] {
    const messages: string[] = [];
    // the shadow variant has its own rule (exclusionProblems): it is not a second production variant
    const production = fleet.variants.filter(v => !v.shadow);
    if (fleet.known && production.length !== 1) {
      messages.push(`the endpoint config must have exactly 1 production variant for a rolling deployment (SageMaker rolls only single-variant endpoints), got ${production.length} (${production.map(v => show(v.variantName)).join(', ')})`);
    }
    messages.push(...checkExclusions('deployment', fleet, DeploymentStrategy.ROLLING));
    messages.push(...capacityProblems('maximumBatchSize', this.maximumBatchSize, ROLLING_BATCH_RULE, production));
    if (this.rollbackMaximumBatchSize) {
      messages.push(...capacityProblems('rollbackMaximumBatchSize', this.rollbackMaximumBatchSize, ROLLBACK_BATCH_RULE, production));
    }
    return messages;
  }

  private renderPolicy() {
    const rollback = this.rollbackMaximumBatchSize;
    return {
      maximumBatchSize: { type: this.maximumBatchSize.type, value: this.maximumBatchSize.value },
      waitIntervalInSeconds: this.waitInterval.toSeconds(),
      maximumExecutionTimeoutInSeconds: (this._givenTimeout ?? this._tryPlan()?.maximumExecutionTimeout)?.toSeconds(),
      rollbackMaximumBatchSize: rollback ? { type: rollback.type, value: rollback.value } : undefined,
    };
  }
}
