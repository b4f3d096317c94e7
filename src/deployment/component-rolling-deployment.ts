import { Annotations, Duration, aws_cloudwatch as cloudwatch, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CapacitySize } from './capacity-size';
import { InferenceComponentPlan } from './component-plan';
import { alarmWindowSeconds } from './private/deployment-support';
import { literalAlarmName, RollbackAlarmSet } from './private/rollback-alarm-set';
import { ErrorRateAlarmProps, LatencyAlarmProps } from './rollback-alarms';
import { EndpointBase } from '../endpoint/endpoint-base';
import { InferenceComponent } from '../inference-component';
import { capacityProblem } from '../inference-component/private/host-capacity';
import { MAX_ALLOWANCE_SECONDS, rolloutFindings, timingFacts } from '../private/plan-checks';
import { fail, validateNumber } from '../private/validation';

/** Properties of {@link InferenceComponentRollingDeployment}. */
export interface InferenceComponentRollingDeploymentProps {
  /** The inference component whose updates this deployment guards (one deployment per component). */
  readonly component: InferenceComponent;

  /**
   * Copies updated per batch: `CapacitySize.copies(n)` or `CapacitySize.percent(p)`, 5-50 percent of the copy
   * count (API_InferenceComponentRollingUpdatePolicy: "between 5% to 50% of the copy count").
   */
  readonly maximumBatchSize: CapacitySize;

  /** The bake after each batch takes traffic, while the rollback alarms are watched. 0-1 hour. */
  readonly waitInterval: Duration;

  /**
   * Copies of the old version brought back per batch when the update rolls back: copies or a percentage.
   *
   * @default - all copies at once (SageMaker's default of 100 percent, a blue/green rollback)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;

  /**
   * The longest the whole update may take before SageMaker fails it and rolls back. 10 minutes-8 hours.
   *
   * @default - computed from the plan: the worst case at the largest copy count plus a margin of 10 percent (at
   * least 10 minutes), rounded up to the minute and clamped to 10 minutes-8 hours (see `plan`)
   */
  readonly maximumExecutionTimeout?: Duration;

  /**
   * The time allowed for placing one batch of new copies in the worst-case timeline the default timeout is
   * computed from. 0-3 hours.
   *
   * @default - the component's download + health-check timeouts, plus 10 minutes of instance start-up when a
   * batch may need new instances, at least 20 minutes (an assumption: SageMaker does not document it)
   */
  readonly provisioningAllowance?: Duration;

  /**
   * CloudWatch alarms that roll the update back when they fire during a bake (at most 10).
   *
   * @default - no alarms (no automatic rollback: bakes only wait)
   */
  readonly alarms?: cloudwatch.IAlarm[];
}

/**
 * A rolling update of an inference component: when the component's specification changes (a new image, model or
 * artifact), SageMaker replaces its copies `maximumBatchSize` at a time, bakes `waitInterval` after each batch and
 * rolls back when a rollback alarm fires. Rendered as the component's `DeploymentConfig.RollingUpdatePolicy`
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRollingUpdatePolicy.html).
 * Without it SageMaker updates a component blue/green: a full second set of copies beside the old ones
 * (https://aws.amazon.com/blogs/machine-learning/enhance-deployment-guardrails-with-inference-component-rolling-updates-for-amazon-sagemaker-ai-inference/).
 *
 * The alarms of `addErrorRateAlarm()` / `addLatencyAlarm()` watch the component's metrics, whose only dimension
 * is `InferenceComponentName`: old and new copies share it, so an alarm cannot isolate the new copies the way
 * the endpoint deployments' alarms isolate the new fleet (docs/inference-components.md).
 *
 * @example
 * declare const component: sm.InferenceComponent;
 * const rollout = new sm.InferenceComponentRollingDeployment(this, 'Rollout', {
 *   component,
 *   maximumBatchSize: sm.CapacitySize.copies(1),
 *   waitInterval: Duration.minutes(10),
 * });
 * rollout.addErrorRateAlarm();
 */
export class InferenceComponentRollingDeployment extends Construct {
  /** The inference component this deployment is attached to. */
  public readonly component: InferenceComponent;

  /** Copies updated per batch. */
  public readonly maximumBatchSize: CapacitySize;

  /** The bake after each batch. */
  public readonly waitInterval: Duration;

  /**
   * Copies of the old version brought back per batch on rollback.
   *
   * @default - all copies at once
   */
  public readonly rollbackMaximumBatchSize?: CapacitySize;

  private readonly givenTimeout?: Duration;
  private readonly givenAllowance?: Duration;
  private readonly alarmSet: RollbackAlarmSet;

  constructor(scope: Construct, id: string, props: InferenceComponentRollingDeploymentProps) {
    super(scope, id);
    if (!props || !props.component) {
      fail(this, 'component must be given, got undefined');
    }
    if (props.maximumBatchSize === undefined) {
      fail(this, 'maximumBatchSize must be given (copies, or 5-50 percent of the copy count), got undefined');
    }
    if (props.waitInterval === undefined) {
      fail(this, 'waitInterval must be given (0-3600 seconds), got undefined');
    }
    this.component = props.component;
    this.maximumBatchSize = props.maximumBatchSize;
    this.waitInterval = props.waitInterval;
    this.rollbackMaximumBatchSize = props.rollbackMaximumBatchSize;
    this.givenTimeout = props.maximumExecutionTimeout;
    this.givenAllowance = props.provisioningAllowance;
    validateNumber(this, 'waitInterval', this.waitInterval.toSeconds({ integral: false }), { min: 0, max: 3600, unit: 'seconds' });
    if (this.givenTimeout) {
      validateNumber(this, 'maximumExecutionTimeout', this.givenTimeout.toSeconds({ integral: false }), { min: 600, max: 28800, unit: 'seconds' });
    }
    if (this.givenAllowance) {
      validateNumber(this, 'provisioningAllowance', this.givenAllowance.toSeconds({ integral: false }), { min: 0, max: MAX_ALLOWANCE_SECONDS, unit: 'seconds' });
    }
    // the endpoint's deploy grants (made before or after) cover the alarms; an endpoint of this library only
    const endpoint = this.component.endpoint instanceof EndpointBase ? this.component.endpoint : undefined;
    this.alarmSet = new RollbackAlarmSet({
      scope: this,
      endpoint,
      cfnEndpoint: () => this.component._resource,
      endpointName: this.component.endpoint.endpointName,
      endpointConfigName: '',
      variantNames: () => undefined,
      componentName: this.component.inferenceComponentName,
    });
    // Throws when the component already has a deployment, naming both paths.
    this.component._attachDeployment({
      construct: this,
      renderDeploymentConfig: () => this.renderDeploymentConfig(),
    });
    for (const alarm of props.alarms ?? []) {
      this.addAlarm(alarm);
    }
    this.node.addValidation({ validate: () => this.validateRollout() });
  }

  /**
   * The rollout timeline of the component's copies: batches, bakes, worst-case duration, peak copies and the extra
   * instances they may need. Where copy autoscaling is attached, planned at the minimum and (`plan.atMaximum`) at
   * the maximum.
   */
  public get plan(): InferenceComponentPlan {
    const facts = this.component._rolloutFacts();
    try {
      return InferenceComponentPlan.rolling({
        copyCount: facts.copyCount,
        maxCopyCount: facts.maxCopyCount,
        maximumBatchSize: this.maximumBatchSize,
        rollbackMaximumBatchSize: this.rollbackMaximumBatchSize,
        waitInterval: this.waitInterval,
        maximumExecutionTimeout: this.givenTimeout,
        provisioningAllowance: this.givenAllowance,
        modelDataDownloadTimeout: facts.downloadSeconds !== undefined ? Duration.seconds(facts.downloadSeconds) : undefined,
        containerStartupHealthCheckTimeout: facts.healthCheckSeconds !== undefined ? Duration.seconds(facts.healthCheckSeconds) : undefined,
        copiesPerInstance: facts.copiesPerInstance,
        instanceCount: facts.instanceCount,
      });
    } catch (e) {
      return fail(this, (e as Error).message);
    }
  }

  /** The rollback alarms added so far. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.alarmSet.list;
  }

  /**
   * Adds a rollback alarm (at most 10; adding the same alarm twice counts once). The component depends on it, so
   * it exists before an update reads it.
   */
  public addAlarm(alarm: cloudwatch.IAlarm): void {
    this.alarmSet.add(alarm);
  }

  /**
   * Creates a rollback alarm on the component's 5XX error rate (`Invocation5XXErrors`, Average, dimension
   * `InferenceComponentName`: all copies, old and new) and adds it to this deployment. `variantName` must not be
   * given. Defaults as for the endpoint deployments: more than 1 percent in 2 of 3 one-minute periods.
   */
  public addErrorRateAlarm(props: ErrorRateAlarmProps = {}): cloudwatch.Alarm {
    return this.alarmSet.addErrorRate(this, this.uniqueId('ErrorRateAlarm'), props);
  }

  /**
   * Creates a rollback alarm on the component's model latency (`ModelLatency`, p99 by default, dimension
   * `InferenceComponentName`) and adds it to this deployment. `variantName` must not be given.
   */
  public addLatencyAlarm(props: LatencyAlarmProps): cloudwatch.Alarm {
    return this.alarmSet.addLatency(this, this.uniqueId('LatencyAlarm'), props);
  }

  private renderDeploymentConfig(): sagemaker.CfnInferenceComponent.InferenceComponentDeploymentConfigProperty {
    // the timeout is always rendered: the default comes from the plan, which fails validation when it cannot be built
    const timeout = this.givenTimeout ?? this.tryPlan()?.maximumExecutionTimeout;
    return {
      rollingUpdatePolicy: {
        maximumBatchSize: { type: this.maximumBatchSize.type, value: this.maximumBatchSize.value },
        waitIntervalInSeconds: this.waitInterval.toSeconds(),
        maximumExecutionTimeoutInSeconds: timeout?.toSeconds(),
        rollbackMaximumBatchSize: this.rollbackMaximumBatchSize
          ? { type: this.rollbackMaximumBatchSize.type, value: this.rollbackMaximumBatchSize.value }
          : undefined,
      },
      autoRollbackConfiguration: this.alarmSet.renderAutoRollback(),
    };
  }

  /** Rendering runs before validation, so it must not throw: validation reports the problem with its path. */
  private tryPlan(): InferenceComponentPlan | undefined {
    try {
      return this.plan;
    } catch {
      return undefined;
    }
  }

  /** Every problem of the rollout at once; the shared rollout findings as warnings (same ids and words as `plan`). */
  private validateRollout(): string[] {
    const messages = [...this.alarmSet.validate()];
    let plan: InferenceComponentPlan;
    try {
      plan = this.plan;
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const prefix = `${this.node.path}: `;
      return [...messages, text.startsWith(prefix) ? text.slice(prefix.length) : text];
    }
    const findings = rolloutFindings({
      plan: timingFacts(plan._toJsonObject()),
      bakeSeconds: this.waitInterval.toSeconds(),
      alarms: this.alarmSet.list.map(a => ({ name: literalAlarmName(a) ?? a.node.path, windowSeconds: alarmWindowSeconds(a) })),
      serverless: false,
      importedConfig: false,
      autoscaledVariants: [],
    });
    // the host fleet must hold the peak (copies + one batch) at the largest copy count: reference section 8 row 11,
    // "require maxInstanceCount headroom >= one batch" (see HostCapacity for the sources and the UNCONFIRMED outcome)
    const peak = plan.atMaximum;
    const fleet = capacityProblem(this.component._hostCapacity(),
      `rolling update peak of ${peak.peakCopyCount} copies (${peak.copyCount} copies + a batch of ${peak.peakCopyCount - peak.copyCount})`,
      peak.peakCopyCount, n => `keep the copies plus one batch at most ${n}`);
    if (fleet) {
      messages.push(fleet);
    }
    for (const f of findings) {
      const withPlan = f.code === 'waitsExceedTimeout' || f.code === 'timeoutMarginClamped' ? `\n${plan.toString()}` : '';
      if (f.level === 'error') {
        messages.push(`${f.message}${withPlan}`);
      } else if (f.level === 'warning') {
        Annotations.of(this).addWarningV2(`cdk-sagemaker-endpoint:${f.code}`, `${f.message}${withPlan}`);
      }
    }
    return messages;
  }

  private uniqueId(base: string): string {
    let id = base;
    let n = 2;
    while (this.node.tryFindChild(id)) {
      id = `${base}${n++}`;
    }
    return id;
  }
}
