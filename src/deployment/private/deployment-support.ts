import { Annotations, CfnResource, Duration, Lazy, Stack, Token, aws_cloudwatch as cloudwatch, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { literalAlarmName, RollbackAlarmSet } from './rollback-alarm-set';
import { VerifyRolloutProvider } from './verify-rollout';
import { Endpoint } from '../../endpoint';
import { Fleet, fleetSize } from '../../endpoint/private/fleet';
import { describeAlarmProperties } from '../../private/alarm-description';
import { defaultAllowanceSeconds, rolloutFindings } from '../../private/plan-checks';
import { fail } from '../../private/validation';
import { DeploymentPlan, DeploymentStrategy, PlanFleetProps } from '../deployment-plan';
import { PROVISIONING_ALLOWANCE_METADATA_KEY } from '../plan-metadata';
import { ErrorRateAlarmProps, LatencyAlarmProps } from '../rollback-alarms';

/** What a deployment construct hands to the shared wiring. */
export interface DeploymentSupportProps {
  readonly deployment: Construct;
  readonly endpoint: Endpoint;
  /** The metadata's `strategy`. */
  readonly strategy: DeploymentStrategy;
  /** The BlueGreenUpdatePolicy or RollingUpdatePolicy part of DeploymentConfig. */
  readonly renderPolicy: () => sagemaker.CfnEndpoint.DeploymentConfigProperty;
  readonly plan: () => DeploymentPlan;
  /** Whether the plan depends on the fleet size (rolling, linear by instance count). */
  readonly dependsOnFleetSize: () => boolean;
  /** Whether maximumExecutionTimeout was given. */
  readonly timeoutGiven: boolean;
  /** Strategy-specific synth-time checks (exclusions, capacity against the fleet). */
  readonly validate: () => void;
  /** Whether the strategy bakes (a bake with no alarm only waits: warning). */
  readonly bakes: () => boolean;
  /** The bake after each shift or batch, in seconds. */
  readonly bakeSeconds: () => number;
  /** The provisioningAllowance given by the user. */
  readonly provisioningAllowance?: Duration;
  /** Whether to add the verify-rollout custom resource. */
  readonly verifyRollout: boolean;
}

/** Stable id of the warning for a bake without rollback alarms. */
export const BAKE_WITHOUT_ALARMS = 'cdk-sagemaker-endpoint:bakeWithoutAlarms';

/**
 * The wiring BlueGreenDeployment and RollingDeployment share: attaching to the endpoint, rendering
 * DeploymentConfig with the rollback alarms, the provisioning-allowance metadata, and the synth-time plan checks.
 */
export class DeploymentBindingHelper {
  public readonly alarms: RollbackAlarmSet;
  private readonly deployment: Construct;
  private readonly endpoint: Endpoint;

  constructor(private readonly props: DeploymentSupportProps) {
    this.deployment = props.deployment;
    this.endpoint = props.endpoint;
    this.alarms = new RollbackAlarmSet({
      scope: props.deployment,
      endpoint: props.endpoint,
      cfnEndpoint: () => this.cfnEndpoint(),
      endpointName: props.endpoint.endpointName,
      endpointConfigName: props.endpoint.endpointConfig.endpointConfigName,
      variantNames: () => {
        const fleet = this.fleet();
        return fleet.known ? fleet.variants.map(v => v.variantName).filter(n => !Token.isUnresolved(n)) : undefined;
      },
    });

    // Throws when the endpoint already has a deployment, naming both paths.
    props.endpoint._attachDeployment({
      construct: props.deployment,
      renderDeploymentConfig: () => this.renderDeploymentConfig(),
      rollbackAlarms: () => this.alarms.list,
    });

    // The template is the only source of truth: the command derives the plan from DeploymentConfig, the
    // config's variants, the scalable targets and the alarms. Only a provisioning allowance that differs from
    // the default the variants' timeouts imply cannot be read from a resource (docs/cli.md).
    const cfn = this.cfnEndpoint();
    if (cfn && props.provisioningAllowance !== undefined) {
      cfn.addMetadata(PROVISIONING_ALLOWANCE_METADATA_KEY, Lazy.any({ produce: () => this.allowanceMetadata() }));
    }

    if (props.verifyRollout) {
      VerifyRolloutProvider.of(props.endpoint).verify(props.endpoint, props.endpoint.endpointConfig.endpointConfigName);
    }

    props.deployment.node.addValidation({
      validate: () => {
        this.validate();
        return [];
      },
    });
  }

  /** The fleet as far as it is known now (variants and autoscaling may be added after the deployment). */
  public fleet(): Fleet {
    return this.endpoint._fleet();
  }

  /** Instances of one fleet (sum of the instance variants), at least 1. */
  public fleetSize(): number {
    return fleetSize(this.fleet());
  }

  /**
   * The fleet part of the plan inputs: each instance variant with its autoscaling range and weight (or the
   * serverless flag), and the provisioning allowance (given, or derived from the variants' timeouts).
   */
  public planFleet(): PlanFleetProps {
    const fleet = this.fleet();
    const instanceVariants = fleet.variants.filter(v => !v.serverless && !Token.isUnresolved(v.variantName));
    const allowance = this.props.provisioningAllowance
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
    if (instanceVariants.length === 0 || instanceVariants.some(v => v.instanceCount === undefined)) {
      return { instanceCount: this.fleetSize(), provisioningAllowance: allowance };
    }
    return {
      variants: instanceVariants.map(v => ({
        variantName: v.variantName,
        instanceCount: v.instanceCount!,
        maxInstanceCount: v.maxInstanceCount !== undefined && v.maxInstanceCount > v.instanceCount! ? v.maxInstanceCount : undefined,
        weight: v.weight,
      })),
      provisioningAllowance: allowance,
    };
  }

  /** Runs the pure plan and re-throws its errors with the construct path. */
  public wrapPlan(build: () => DeploymentPlan): DeploymentPlan {
    try {
      return build();
    } catch (e) {
      return fail(this.deployment, (e as Error).message);
    }
  }

  /**
   * The plan, or undefined when it cannot be built. Rendering runs before validation (tokens are resolved
   * while the app is prepared), so it must not throw: validation then reports the problem with its path.
   */
  public tryPlan(): DeploymentPlan | undefined {
    try {
      return this.props.plan();
    } catch {
      return undefined;
    }
  }

  public addErrorRateAlarm(props: ErrorRateAlarmProps): cloudwatch.Alarm {
    return this.alarms.addErrorRate(this.deployment, this.uniqueId('ErrorRateAlarm', props.variantName), props);
  }

  public addLatencyAlarm(props: LatencyAlarmProps): cloudwatch.Alarm {
    return this.alarms.addLatency(this.deployment, this.uniqueId('LatencyAlarm', props?.variantName), props);
  }

  /** The endpoint's L1 resource. */
  public cfnEndpoint(): CfnResource | undefined {
    const child = this.endpoint.node.defaultChild;
    return child && CfnResource.isCfnResource(child) ? child : undefined;
  }

  private renderDeploymentConfig(): sagemaker.CfnEndpoint.DeploymentConfigProperty {
    return {
      ...this.props.renderPolicy(),
      autoRollbackConfiguration: this.alarms.renderAutoRollback(),
    };
  }

  private validate(): void {
    if (!this.fleet().known && this.props.dependsOnFleetSize() && !this.props.timeoutGiven) {
      fail(this.deployment, 'maximumExecutionTimeout must be given when the endpoint config is not known at synth (imported) '
        + 'and the rollout length depends on the fleet size (rolling, or linear by instance count), got undefined');
    }
    this.props.validate();
    this.alarms.validate();
    this.checkAutoScaledVariants();
    if (!this.fleet().known) {
      // Without the config's variants the plan would be a guess: only the alarm rules apply.
      this.warnBakeWithoutAlarms();
      this.warnFindings(undefined);
      return;
    }
    const plan = this.props.plan();
    this.warnFindings(plan);
    if (plan.waitsExceedTimeout) {
      fail(this.deployment, `maximumExecutionTimeout must be longer than all waits (${plan.totalWait.toHumanString()}), `
        + `got ${plan.maximumExecutionTimeout.toHumanString()}; the rollout would always time out and roll back:\n${plan.toString()}`);
    }
    if (plan.worstCaseExceedsTimeout && !plan.isDefaultTimeout) {
      Annotations.of(this.deployment).addWarningV2('cdk-sagemaker-endpoint:timeoutBelowWorstCase',
        `maximumExecutionTimeout ${plan.maximumExecutionTimeout.toHumanString()} is shorter than the worst-case rollout `
        + `(${plan.worstCaseDuration.toHumanString()} with ${plan.provisioningAllowance.toHumanString()} per provisioning round): a slow provisioning can time out the rollout`);
    }
    this.warnBakeWithoutAlarms();
  }

  /**
   * Autoscaling registered for a variant the config does not have means the variant was renamed: the
   * scalable target would point at nothing and SageMaker would skip the guardrails (failure-modes row 6).
   */
  private checkAutoScaledVariants(): void {
    const fleet = this.fleet();
    const scaled = this.endpoint._autoScaledVariantNames();
    if (!fleet.known) {
      return;
    }
    const names = fleet.variants.map(v => v.variantName);
    for (const name of scaled) {
      if (!Token.isUnresolved(name) && !names.includes(name)) {
        fail(this.deployment, `the autoscaled variant must be a variant of the endpoint config (${names.map(n => JSON.stringify(n)).join(', ')}), `
          + `got ${JSON.stringify(name)}: the variant was renamed or removed, and SageMaker runs guardrails only when the VariantName stays the same`);
      }
    }
  }

  /** The rollout warnings shared with the command (plan-checks rolloutFindings), with the same ids and text. */
  private warnFindings(plan: DeploymentPlan | undefined): void {
    const fleet = this.fleet();
    const json = plan?._toJsonObject();
    const findings = rolloutFindings({
      plan: json,
      bakeSeconds: this.props.bakeSeconds(),
      alarms: this.alarms.list.map(a => ({ name: literalAlarmName(a) ?? a.node.path, windowSeconds: alarmWindowSeconds(a) })),
      serverless: fleet.known && fleet.variants.length > 0 && fleet.variants.every(v => v.serverless),
      importedConfig: !fleet.known,
      autoscaledVariants: this.endpoint._autoScaledVariantNames(),
    });
    for (const f of findings) {
      const withPlan = f.code === 'timeoutMarginClamped' && plan ? `\n${plan.toString()}` : '';
      Annotations.of(this.deployment).addWarningV2(`cdk-sagemaker-endpoint:${f.code}`, `${f.message}${withPlan}`);
    }
  }

  private warnBakeWithoutAlarms(): void {
    if (this.props.bakes() && this.alarms.length === 0) {
      Annotations.of(this.deployment).addWarningV2(BAKE_WITHOUT_ALARMS,
        `the deployment bakes for ${Duration.seconds(this.props.bakeSeconds()).toHumanString()} but has no rollback alarms, so the bake only waits: `
        + 'add addErrorRateAlarm() / addLatencyAlarm() or addAlarm(), or set waitInterval to 0');
    }
  }

  /** The given allowance in seconds, or undefined (no key) when it equals the default of the variants' timeouts. */
  private allowanceMetadata(): number | undefined {
    const given = this.props.provisioningAllowance;
    if (given === undefined || Token.isUnresolved(given.toSeconds())) {
      return undefined;
    }
    const fleet = this.fleet();
    const instanceVariants = fleet.variants.filter(v => !v.serverless && !Token.isUnresolved(v.variantName));
    const seconds = given.toSeconds();
    return fleet.known && seconds === defaultAllowanceSeconds(instanceVariants) ? undefined : seconds;
  }

  private uniqueId(base: string, variantName: string | undefined): string {
    const suffix = variantName && !Token.isUnresolved(variantName) ? variantName.replace(/[^A-Za-z0-9]/g, '') : '';
    let id = `${base}${suffix}`;
    let n = 2;
    while (this.deployment.node.tryFindChild(id)) {
      id = `${base}${suffix}${n++}`;
    }
    return id;
  }
}


/** The evaluation window (period x evaluation periods) of an alarm created in this app, when literal. */
function alarmWindowSeconds(alarm: cloudwatch.IAlarm): number | undefined {
  const cfn = alarm.node.defaultChild;
  if (!(cfn instanceof cloudwatch.CfnAlarm)) {
    return undefined;
  }
  try {
    // the L1's properties in template casing: what CloudFormation receives
    const props = pascalCase(Stack.of(cfn).resolve({
      metricName: cfn.metricName,
      period: cfn.period,
      evaluationPeriods: cfn.evaluationPeriods,
      metrics: cfn.metrics,
    }));
    return describeAlarmProperties(props)?.windowSeconds;
  } catch {
    return undefined;
  }
}

/** A resolved L1 property value with its keys in template casing (`period` -> `Period`). */
function pascalCase(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(pascalCase);
  }
  if (value && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const [k, v] of Object.entries(value)) {
      out[k.charAt(0).toUpperCase() + k.slice(1)] = pascalCase(v);
    }
    return out;
  }
  return value;
}
