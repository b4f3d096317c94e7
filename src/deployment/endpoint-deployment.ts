import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Endpoint } from '../endpoint';
import { DeploymentPlan } from './deployment-plan';
import { ErrorRateAlarmProps, LatencyAlarmProps } from './rollback-alarms';
import { fail, validateNumber } from '../private/validation';
import { DeploymentBindingHelper } from './private/deployment-support';

/** Properties every deployment construct of an endpoint shares. */
export interface EndpointDeploymentProps {
  /** The endpoint whose config updates this deployment guards (one deployment per endpoint). */
  readonly endpoint: Endpoint;

  /**
   * The longest the whole rollout may take before SageMaker fails it and rolls back. 10 minutes-8 hours;
   * it must be longer than all waits (every bake, and for blue/green the termination wait).
   *
   * @default - computed from the deployment plan: the worst case at the largest fleet (all waits plus one
   * provisioning allowance per provisioning round) plus a margin of 10 percent, at least 10 minutes, rounded up to
   * the minute and clamped to 10 minutes-8 hours (see `plan.maximumExecutionTimeout` and `plan.timeoutMargin`)
   */
  readonly maximumExecutionTimeout?: Duration;

  /**
   * CloudWatch alarms that roll the deployment back when they fire during a bake (at most 10).
   * Prefer `addErrorRateAlarm()` / `addLatencyAlarm()`, which watch only the new fleet.
   *
   * @default - no alarms (no automatic rollback: bakes only wait)
   */
  readonly alarms?: cloudwatch.IAlarm[];

  /**
   * The time allowed for provisioning the new fleet (blue/green) or one batch (rolling) in the worst-case
   * timeline the default `maximumExecutionTimeout` is computed from. 0-3 hours.
   *
   * SageMaker does not document how long provisioning takes; the default is an assumption (docs/deployments.md).
   *
   * @default - the largest `modelDataDownloadTimeout` + `containerStartupHealthCheckTimeout` of the variants that
   * roll out, plus 10 minutes of instance start-up, and never less than 20 minutes
   */
  readonly provisioningAllowance?: Duration;

  /**
   * Whether to verify every rollout: a custom resource, run after each endpoint update, calls DescribeEndpoint and
   * fails the stack update (with the endpoint's FailureReason) unless the endpoint is InService on the endpoint
   * config this deployment rendered. This turns a rollout that SageMaker rolled back on its own into a failed
   * stack update, so CloudFormation rolls back too and never deletes the config that is still serving.
   *
   * A check never blocks a stack rollback: before it fails, it reads its own stack's status and succeeds while
   * the stack rolls back.
   *
   * It adds one Lambda function and role per stack (DescribeEndpoint on exactly the verified endpoints,
   * DescribeStacks on its own stack) and one custom resource per deployment; `false` removes all of them.
   *
   * @see https://github.com/cdk-sagemaker-endpoint/cdk-sagemaker-endpoint/blob/main/docs/deployments.md
   *
   * @default true
   */
  readonly verifyRollout?: boolean;
}

/**
 * What {@link BlueGreenDeployment} and {@link RollingDeployment} have in common: the endpoint they are
 * attached to, the rollout plan and its timeout, and the rollback alarms.
 */
export abstract class EndpointDeployment extends Construct {
  /** The endpoint this deployment is attached to. */
  public readonly endpoint: Endpoint;

  /**
   * The rollout timeline for the endpoint's current fleet: steps, waits, worst-case duration and peak
   * instance count.
   *
   * Each variant is planned with its instance count; where autoscaling is attached the plan is at the minimum
   * and `plan.atMaximum` at the maximum. For an imported endpoint config the size is unknown and the plan
   * assumes 1 instance.
   */
  public abstract readonly plan: DeploymentPlan;

  /** @internal */
  protected readonly _givenTimeout?: Duration;

  /** @internal */
  protected readonly _givenAllowance?: Duration;

  /** Whether rollouts are verified after each endpoint update (see `verifyRollout`). */
  public readonly verifyRollout: boolean;

  /** @internal set by the subclass constructor, before anything reads it */
  protected _support!: DeploymentBindingHelper;

  protected constructor(scope: Construct, id: string, props: EndpointDeploymentProps) {
    super(scope, id);
    if (!props || !props.endpoint) {
      fail(this, 'endpoint must be given, got undefined');
    }
    this.endpoint = props.endpoint;
    this._givenTimeout = props.maximumExecutionTimeout;
    this._givenAllowance = props.provisioningAllowance;
    this.verifyRollout = props.verifyRollout ?? true;
    if (props.provisioningAllowance !== undefined) {
      validateNumber(this, 'provisioningAllowance', props.provisioningAllowance.toSeconds({ integral: false }), { min: 0, max: 10800, unit: 'seconds' });
    }
  }

  /**
   * The provisioning allowance of the plan: the given one, or the default derived from the variants' download
   * and health-check timeouts.
   */
  public get provisioningAllowance(): Duration {
    return this.plan.provisioningAllowance;
  }

  /** The effective maximum execution timeout (the given one, or the plan's default). */
  public get maximumExecutionTimeout(): Duration {
    return this._givenTimeout ?? this.plan.maximumExecutionTimeout;
  }

  /** The rollback alarms added so far. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this._support.alarms.list;
  }

  /**
   * Adds a rollback alarm (at most 10; adding the same alarm twice counts once). The endpoint depends
   * on it, so it exists before a rollout reads it.
   */
  public addAlarm(alarm: cloudwatch.IAlarm): void {
    this._support.alarms.add(alarm);
  }

  /**
   * Creates a rollback alarm on the 5XX error rate of the NEW fleet and adds it to this deployment.
   *
   * Defaults: more than 1 percent of invocations (metric `Invocation5XXErrors`, statistic Average) in
   * 2 of 3 one-minute periods; missing data is not breaching. See {@link ErrorRateAlarmProps}.
   */
  public addErrorRateAlarm(props: ErrorRateAlarmProps = {}): cloudwatch.Alarm {
    return this._support.addErrorRateAlarm(props);
  }

  /**
   * Creates a rollback alarm on the model latency of the NEW fleet and adds it to this deployment.
   *
   * Defaults: p99 `ModelLatency` above `threshold` in 2 of 3 one-minute periods; missing data is not
   * breaching. See {@link LatencyAlarmProps}.
   */
  public addLatencyAlarm(props: LatencyAlarmProps): cloudwatch.Alarm {
    return this._support.addLatencyAlarm(props);
  }

  /** @internal validates the given timeout (10 minutes-8 hours) */
  protected _validateTimeout(): void {
    if (this._givenTimeout) {
      validateNumber(this, 'maximumExecutionTimeout', this._givenTimeout.toSeconds({ integral: false }), { min: 600, max: 28800, unit: 'seconds' });
    }
  }

  /** @internal adds the alarms given in props, once `_support` exists */
  protected _addInitialAlarms(alarms: cloudwatch.IAlarm[] | undefined): void {
    for (const alarm of alarms ?? []) {
      this.addAlarm(alarm);
    }
  }
}
