import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Endpoint } from '../endpoint';
import { CapacitySize } from './capacity-size';
import { DeploymentPlan, DeploymentStrategy } from './deployment-plan';
import { ErrorRateAlarmProps, LatencyAlarmProps } from './rollback-alarms';
import { fail, show, validateNumber } from '../private/validation';
import { DeploymentBindingHelper } from './private/deployment-support';
import { checkCapacity, checkExclusions } from './private/guardrails';
import { ROLLBACK_BATCH_RULE, ROLLING_BATCH_RULE } from '../private/plan-checks';

/** Properties of a {@link RollingDeployment}. */
export interface RollingDeploymentProps {
  /** The endpoint whose config updates this deployment guards (one deployment per endpoint). */
  readonly endpoint: Endpoint;

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
   * How many instances are rolled back per batch when an alarm fires: 5-100 percent of the fleet,
   * or 1 instance up to the whole fleet.
   *
   * @default - the whole fleet at once (SageMaker's default; fastest, but the peak is twice the fleet)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;

  /**
   * The longest the whole rollout may take before SageMaker fails it and rolls back. 10 minutes-8 hours;
   * it must be longer than all bakes.
   *
   * @default - computed from the deployment plan: all bakes plus a provisioning allowance per batch,
   * rounded up to the minute, clamped to 10 minutes-8 hours (see `plan.maximumExecutionTimeout`)
   */
  readonly maximumExecutionTimeout?: Duration;

  /**
   * CloudWatch alarms that roll the deployment back when they fire during a bake (at most 10).
   * Prefer `addErrorRateAlarm()` / `addLatencyAlarm()`, which watch only the new instances.
   *
   * @default - no alarms (no automatic rollback: bakes only wait)
   */
  readonly alarms?: cloudwatch.IAlarm[];
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
export class RollingDeployment extends Construct {
  /** The endpoint this deployment is attached to. */
  public readonly endpoint: Endpoint;

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

  private readonly givenTimeout?: Duration;
  private readonly support: DeploymentBindingHelper;

  constructor(scope: Construct, id: string, props: RollingDeploymentProps) {
    super(scope, id);
    if (!props || !props.endpoint) {
      fail(this, 'endpoint must be given, got undefined');
    }
    if (!props.maximumBatchSize) {
      fail(this, 'maximumBatchSize must be given (5-50 percent of the fleet), got undefined');
    }
    if (!props.waitInterval) {
      fail(this, 'waitInterval must be given (0-3600 seconds), got undefined');
    }
    this.endpoint = props.endpoint;
    this.maximumBatchSize = props.maximumBatchSize;
    this.waitInterval = props.waitInterval;
    this.rollbackMaximumBatchSize = props.rollbackMaximumBatchSize;
    this.givenTimeout = props.maximumExecutionTimeout;

    validateNumber(this, 'waitInterval', this.waitInterval.toSeconds({ integral: false }), { min: 0, max: 3600, unit: 'seconds' });
    if (this.givenTimeout) {
      validateNumber(this, 'maximumExecutionTimeout', this.givenTimeout.toSeconds({ integral: false }), { min: 600, max: 28800, unit: 'seconds' });
    }
    const unknownFleet = { known: false, variants: [] };
    checkCapacity(this, 'maximumBatchSize', this.maximumBatchSize, ROLLING_BATCH_RULE, unknownFleet);
    if (this.rollbackMaximumBatchSize) {
      checkCapacity(this, 'rollbackMaximumBatchSize', this.rollbackMaximumBatchSize, ROLLBACK_BATCH_RULE, unknownFleet);
    }

    this.support = new DeploymentBindingHelper({
      deployment: this,
      endpoint: this.endpoint,
      strategy: DeploymentStrategy.ROLLING,
      renderPolicy: () => ({ rollingUpdatePolicy: this.renderPolicy() }),
      plan: () => this.plan,
      dependsOnFleetSize: () => true,
      timeoutGiven: this.givenTimeout !== undefined,
      validate: () => this.check(),
      bakes: () => this.waitInterval.toSeconds() > 0,
      bakeSeconds: () => this.waitInterval.toSeconds(),
    });
    for (const alarm of props.alarms ?? []) {
      this.addAlarm(alarm);
    }
  }

  /**
   * The rollout timeline for the endpoint's current fleet: batches, waits, worst-case duration, peak
   * instance count (fleet + one batch) and the rollback time.
   *
   * The fleet size is the sum of the config's instance counts (the autoscaling minimum where autoscaling is
   * attached). For an imported endpoint config the size is unknown and the plan assumes 1 instance.
   */
  public get plan(): DeploymentPlan {
    return this.support.wrapPlan(() => DeploymentPlan.rolling({
      maximumBatchSize: this.maximumBatchSize,
      waitInterval: this.waitInterval,
      rollbackMaximumBatchSize: this.rollbackMaximumBatchSize,
      instanceCount: this.support.fleetSize(),
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
   * Creates a rollback alarm on the 5XX error rate of the NEW instances and adds it to this deployment.
   *
   * Defaults: more than 1 percent of invocations (metric `Invocation5XXErrors`, statistic Average) in
   * 2 of 3 one-minute periods; missing data is not breaching. See {@link ErrorRateAlarmProps}.
   */
  public addErrorRateAlarm(props: ErrorRateAlarmProps = {}): cloudwatch.Alarm {
    return this.support.addErrorRateAlarm(props);
  }

  /**
   * Creates a rollback alarm on the model latency of the NEW instances and adds it to this deployment.
   *
   * Defaults: p99 `ModelLatency` above `threshold` in 2 of 3 one-minute periods; missing data is not
   * breaching. See {@link LatencyAlarmProps}.
   */
  public addLatencyAlarm(props: LatencyAlarmProps): cloudwatch.Alarm {
    return this.support.addLatencyAlarm(props);
  }

  private check(): void {
    const fleet = this.support.fleet();
    if (fleet.known && fleet.variants.length !== 1) {
      fail(this, `the endpoint config must have exactly 1 production variant for a rolling deployment (SageMaker rolls only single-variant endpoints), got ${fleet.variants.length} (${fleet.variants.map(v => show(v.variantName)).join(', ')})`);
    }
    checkExclusions(this, 'deployment', fleet, 'rolling');
    checkCapacity(this, 'maximumBatchSize', this.maximumBatchSize, ROLLING_BATCH_RULE, fleet);
    if (this.rollbackMaximumBatchSize) {
      checkCapacity(this, 'rollbackMaximumBatchSize', this.rollbackMaximumBatchSize, ROLLBACK_BATCH_RULE, fleet);
    }
  }

  private renderPolicy() {
    const rollback = this.rollbackMaximumBatchSize;
    return {
      maximumBatchSize: { type: this.maximumBatchSize.type, value: this.maximumBatchSize.value },
      waitIntervalInSeconds: this.waitInterval.toSeconds(),
      maximumExecutionTimeoutInSeconds: (this.givenTimeout ?? this.support.tryPlan()?.maximumExecutionTimeout)?.toSeconds(),
      rollbackMaximumBatchSize: rollback ? { type: rollback.type, value: rollback.value } : undefined,
    };
  }
}
