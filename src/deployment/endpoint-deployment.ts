import { Annotations, CfnResource, Duration, Lazy, Token, aws_cloudwatch as cloudwatch, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Endpoint } from '../endpoint';
import { DeploymentPlan, PlanFleetProps } from './deployment-plan';
import { PROVISIONING_ALLOWANCE_METADATA_KEY } from './plan-metadata';
import { defaultAllowanceSeconds, MAX_ALLOWANCE_SECONDS, plannedMinimumInstances, rolloutFindings } from '../private/plan-checks';
import { fail, validateNumber } from '../private/validation';
import { alarmWindowSeconds } from './private/deployment-support';
import { literalAlarmName, RollbackAlarmSet } from './private/rollback-alarm-set';
import { VerifyRolloutProvider } from './private/verify-rollout';
import { ErrorRateAlarmProps, LatencyAlarmProps } from './rollback-alarms';
import { Fleet, fleetSize } from '../endpoint/private/fleet';

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
 *
 * The whole protocol between a deployment and its endpoint lives here: attaching to the endpoint, rendering
 * DeploymentConfig with the rollback alarms, the provisioning-allowance metadata and the synth-time plan
 * checks. A subclass implements the `@internal` hooks (its update policy, its fleet checks, its plan inputs),
 * so this class cannot be subclassed outside this library: use BlueGreenDeployment or RollingDeployment.
 * Not exported from the package: jsii copies its public members onto both.
 *
 * @internal
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

  private readonly alarmSet: RollbackAlarmSet;
  /** The plan last built and the fleet it was built for (see `_wrapPlan`). */
  private planMemo?: { readonly fleet: Fleet; readonly plan: DeploymentPlan };

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
      validateNumber(this, 'provisioningAllowance', props.provisioningAllowance.toSeconds({ integral: false }), { min: 0, max: MAX_ALLOWANCE_SECONDS, unit: 'seconds' });
    }
    this.alarmSet = new RollbackAlarmSet({
      scope: this,
      endpoint: this.endpoint,
      cfnEndpoint: () => this.cfnEndpoint(),
      endpointName: this.endpoint.endpointName,
      endpointConfigName: this.endpoint.endpointConfig.endpointConfigName,
      variantNames: () => {
        const fleet = this._fleet();
        // rollback alarms watch the variants that answer: a shadow's responses are never returned
        return fleet.known ? fleet.variants.filter(v => !v.shadow).map(v => v.variantName).filter(n => !Token.isUnresolved(n)) : undefined;
      },
    });
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
    return this.alarmSet.list;
  }

  /**
   * Adds a rollback alarm (at most 10; adding the same alarm twice counts once). The endpoint depends
   * on it, so it exists before a rollout reads it.
   */
  public addAlarm(alarm: cloudwatch.IAlarm): void {
    this.alarmSet.add(alarm);
  }

  /**
   * Creates a rollback alarm on the 5XX error rate of the NEW fleet and adds it to this deployment.
   *
   * Defaults: more than 1 percent of invocations (metric `Invocation5XXErrors`, statistic Average) in
   * 2 of 3 one-minute periods; missing data is not breaching. See {@link ErrorRateAlarmProps}.
   */
  public addErrorRateAlarm(props: ErrorRateAlarmProps = {}): cloudwatch.Alarm {
    return this.alarmSet.addErrorRate(this, this.uniqueId('ErrorRateAlarm', props.variantName), props);
  }

  /**
   * Creates a rollback alarm on the model latency of the NEW fleet and adds it to this deployment.
   *
   * Defaults: p99 `ModelLatency` above `threshold` in 2 of 3 one-minute periods; missing data is not
   * breaching. See {@link LatencyAlarmProps}.
   */
  public addLatencyAlarm(props: LatencyAlarmProps): cloudwatch.Alarm {
    return this.alarmSet.addLatency(this, this.uniqueId('LatencyAlarm', props?.variantName), props);
  }

  // ---- hooks the subclasses implement ----

  /**
   * The BlueGreenUpdatePolicy or RollingUpdatePolicy part of DeploymentConfig.
   *
   * @internal
   */
  protected abstract _renderUpdatePolicy(): sagemaker.CfnEndpoint.DeploymentConfigProperty;

  /**
   * Strategy-specific synth-time checks against the fleet (exclusions, capacity against the fleet): the
   * problems found, without the construct path.
   *
   * @internal
   */
  protected abstract _checkFleet(fleet: Fleet): string[];

  /**
   * Whether the plan depends on the fleet size (rolling, linear).
   *
   * @internal
   */
  protected abstract _dependsOnFleetSize(): boolean;

  /**
   * The bake after each shift or batch, in seconds (a bake with no alarm only waits: warning).
   *
   * @internal
   */
  protected abstract _bakeSeconds(): number;

  // ---- the protocol ----

  /** @internal validates the given timeout (10 minutes-8 hours) */
  protected _validateTimeout(): void {
    if (this._givenTimeout) {
      validateNumber(this, 'maximumExecutionTimeout', this._givenTimeout.toSeconds({ integral: false }), { min: 600, max: 28800, unit: 'seconds' });
    }
  }

  /**
   * Attaches this deployment to its endpoint, once the subclass has its settings: renders DeploymentConfig,
   * adds the provisioning-allowance metadata and the rollout verification, registers the synth-time checks
   * and adds the alarms given in props.
   *
   * @internal
   */
  protected _attach(alarms: cloudwatch.IAlarm[] | undefined): void {
    // Throws when the endpoint already has a deployment, naming both paths.
    this.endpoint._attachDeployment({
      construct: this,
      renderDeploymentConfig: () => ({
        ...this._renderUpdatePolicy(),
        autoRollbackConfiguration: this.alarmSet.renderAutoRollback(),
      }),
      rollbackAlarms: () => this.alarmSet.list,
    });

    // The template is the only source of truth: the command derives the plan from DeploymentConfig, the
    // config's variants, the scalable targets and the alarms. Only a provisioning allowance that differs from
    // the default the variants' timeouts imply cannot be read from a resource (docs/cli.md).
    const cfn = this.cfnEndpoint();
    if (cfn && this._givenAllowance !== undefined) {
      cfn.addMetadata(PROVISIONING_ALLOWANCE_METADATA_KEY, Lazy.any({ produce: () => this.allowanceMetadata() }));
    }

    if (this.verifyRollout) {
      VerifyRolloutProvider.of(this.endpoint).verify(this.endpoint, this.endpoint.endpointConfig.endpointConfigName);
    }

    this.node.addValidation({ validate: () => this.validateRollout() });

    for (const alarm of alarms ?? []) {
      this.addAlarm(alarm);
    }
  }

  /**
   * The fleet as far as it is known now (variants and autoscaling may be added after the deployment).
   *
   * @internal
   */
  protected _fleet(): Fleet {
    return this.endpoint._fleet();
  }

  /**
   * The fleet part of the plan inputs: each instance variant with its autoscaling range and weight (or the
   * serverless flag), and the provisioning allowance (given, or derived from the variants' timeouts).
   *
   * @internal
   */
  protected _planFleet(): PlanFleetProps {
    const fleet = this._fleet();
    const instanceVariants = fleet.variants.filter(v => !v.serverless && !Token.isUnresolved(v.variantName));
    const allowance = this._givenAllowance
      ?? Duration.seconds(defaultAllowanceSeconds(instanceVariants));
    if (!fleet.known) {
      return { instanceCount: 1, provisioningAllowance: allowance };
    }
    if (fleet.variants.length > 0 && fleet.variants.every(v => v.serverless)) {
      return {
        serverless: true,
        variants: fleet.variants.map(v => ({ variantName: v.variantName, instanceCount: 0 })),
        provisioningAllowance: allowance,
      };
    }
    // the shadow fleet is provisioned anew with the production fleet (plan-checks exclusionProblems): its largest size
    const shadow = instanceVariants.find(v => v.shadow);
    const shadowInstanceCount = shadow ? (shadow.maxInstanceCount ?? shadow.instanceCount) : undefined;
    const production = instanceVariants.filter(v => !v.shadow);
    if (production.length === 0 || fleetSizeUnknown(fleet) || (shadow && shadowInstanceCount === undefined)) {
      return { instanceCount: fleetSize({ ...fleet, variants: fleet.variants.filter(v => !v.shadow) }), provisioningAllowance: allowance };
    }
    return {
      ...(shadowInstanceCount !== undefined ? { shadowInstanceCount } : {}),
      variants: production.map(v => {
        // an asynchronous endpoint may scale to zero: its smallest rollout is planned at one instance
        const instanceCount = plannedMinimumInstances(v.instanceCount!);
        return {
          variantName: v.variantName,
          instanceCount,
          maxInstanceCount: v.maxInstanceCount !== undefined && v.maxInstanceCount > instanceCount ? v.maxInstanceCount : undefined,
          weight: v.weight,
        };
      }),
      provisioningAllowance: allowance,
    };
  }

  /**
   * Runs the pure plan and re-throws its errors with the construct path.
   *
   * @internal
   */
  protected _wrapPlan(build: () => DeploymentPlan): DeploymentPlan {
    // Rendering DeploymentConfig (twice per synth) and validation all read the plan. Its other inputs are fixed
    // in the constructor and the fleet is the endpoint's memo, the same object while variants and autoscaling are
    // unchanged: reuse the plan for that fleet. A fleet rebuilt on every read (an L1 config) is never reused.
    const fleet = this._fleet();
    if (this.planMemo?.fleet === fleet) {
      return this.planMemo.plan;
    }
    let plan: DeploymentPlan;
    try {
      plan = build();
    } catch (e) {
      return fail(this, (e as Error).message);
    }
    this.planMemo = { fleet, plan };
    return plan;
  }

  /**
   * The plan, or undefined when it cannot be built. Rendering runs before validation (tokens are resolved
   * while the app is prepared), so it must not throw: validation then reports the problem with its path.
   *
   * @internal
   */
  protected _tryPlan(): DeploymentPlan | undefined {
    try {
      return this.plan;
    } catch {
      return undefined;
    }
  }

  /** The endpoint's L1 resource. */
  private cfnEndpoint(): CfnResource | undefined {
    const child = this.endpoint.node.defaultChild;
    return child && CfnResource.isCfnResource(child) ? child : undefined;
  }

  /** Every problem of the rollout at once (CDK reports them with this construct's path); warnings as annotations. */
  private validateRollout(): string[] {
    const fleet = this._fleet();
    const messages: string[] = [];
    // Without the fleet size the plan is a guess (see _planFleet), far too short for a rollout whose step or batch
    // count grows with the fleet.
    if (fleetSizeUnknown(fleet) && this._dependsOnFleetSize() && this._givenTimeout === undefined) {
      messages.push('maximumExecutionTimeout must be given when the fleet size is not known at synth (an imported endpoint config, '
        + 'or an instance count that is a token) and the rollout length depends on it (rolling or linear), got undefined');
    }
    const fleetProblems = this._checkFleet(fleet);
    messages.push(...fleetProblems);
    messages.push(...this.alarmSet.validate());
    messages.push(...this.checkAutoScaledVariants(fleet));
    if (!fleet.known) {
      // Without the config's variants the plan would be a guess: only the alarm rules apply.
      return [...messages, ...this.findings(fleet, undefined)];
    }
    if (fleetProblems.length > 0) {
      // the plan would report the same rule again, in its own words
      return messages;
    }
    let plan: DeploymentPlan;
    try {
      plan = this.plan;
    } catch (e) {
      return [...messages, this.withoutPath(e)];
    }
    return [...messages, ...this.findings(fleet, plan)];
  }

  private withoutPath(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    const prefix = `${this.node.path}: `;
    return message.startsWith(prefix) ? message.slice(prefix.length) : message;
  }

  /**
   * Autoscaling registered for a variant the config does not have means the variant was renamed: the
   * scalable target would point at nothing and SageMaker would skip the guardrails (docs/failure-modes.md row 6).
   */
  private checkAutoScaledVariants(fleet: Fleet): string[] {
    if (!fleet.known) {
      return [];
    }
    const names = fleet.variants.map(v => v.variantName);
    const messages: string[] = [];
    for (const name of this.endpoint._autoScaledVariantNames()) {
      if (!Token.isUnresolved(name) && !names.includes(name)) {
        messages.push(`the autoscaled variant must be a variant of the endpoint config (${names.map(n => JSON.stringify(n)).join(', ')}), `
          + `got ${JSON.stringify(name)}: the variant was renamed or removed, and SageMaker runs guardrails only when the VariantName stays the same`);
      }
    }
    return messages;
  }

  /**
   * The rollout findings shared with the command (plan-checks rolloutFindings), with the same ids and text: errors
   * are returned as validation messages, warnings become annotations, and the command's infos are left to it.
   */
  private findings(fleet: Fleet, plan: DeploymentPlan | undefined): string[] {
    const findings = rolloutFindings({
      plan: plan?._toJsonObject(),
      bakeSeconds: this._bakeSeconds(),
      alarms: this.alarmSet.list.map(a => ({ name: literalAlarmName(a) ?? a.node.path, windowSeconds: alarmWindowSeconds(a) })),
      serverless: fleet.known && fleet.variants.length > 0 && fleet.variants.every(v => v.serverless),
      importedConfig: !fleet.known,
      autoscaledVariants: this.endpoint._autoScaledVariantNames(),
    });
    const errors: string[] = [];
    for (const f of findings) {
      // the timeline makes a timeout problem easy to fix
      const withPlan = plan && (f.code === 'timeoutMarginClamped' || f.code === 'waitsExceedTimeout') ? `\n${plan.toString()}` : '';
      if (f.level === 'error') {
        errors.push(`${f.message}${withPlan}`);
      } else if (f.level === 'warning') {
        Annotations.of(this).addWarningV2(`cdk-sagemaker-endpoint:${f.code}`, `${f.message}${withPlan}`);
      }
    }
    return errors;
  }

  /** The given allowance in seconds, or undefined (no key) when it equals the default of the variants' timeouts. */
  private allowanceMetadata(): number | undefined {
    const given = this._givenAllowance;
    if (given === undefined || Token.isUnresolved(given.toSeconds())) {
      return undefined;
    }
    const fleet = this._fleet();
    const instanceVariants = fleet.variants.filter(v => !v.serverless && !Token.isUnresolved(v.variantName));
    const seconds = given.toSeconds();
    return fleet.known && seconds === defaultAllowanceSeconds(instanceVariants) ? undefined : seconds;
  }

  private uniqueId(base: string, variantName: string | undefined): string {
    const suffix = variantName && !Token.isUnresolved(variantName) ? variantName.replace(/[^A-Za-z0-9]/g, '') : '';
    let id = `${base}${suffix}`;
    let n = 2;
    while (this.node.tryFindChild(id)) {
      id = `${base}${suffix}${n++}`;
    }
    return id;
  }
}

/**
 * Whether the size of the production fleet is not known at synth: the config is imported, or an instance variant's
 * count is a token. The plan's fleet is then a guess.
 */
function fleetSizeUnknown(fleet: Fleet): boolean {
  return !fleet.known || fleet.variants.some(v => !v.serverless && !v.shadow && v.instanceCount === undefined);
}
