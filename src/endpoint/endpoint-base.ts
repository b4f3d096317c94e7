import { Resource, ResourceProps, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { aws_sagemaker as sagemakerRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { EndpointGrants } from './grants';
import { EndpointConfig, IEndpointConfig, ProductionVariantInfo, VariantKind } from '../endpoint-config';
import { ConfigFacts } from './private/config-facts';
import { buildFleet, Fleet, fleetInputsKey, ScalingRange } from './private/fleet';
import { HostedComponent, ReportedRollbackAlarm } from './private/grant-source';
import { DEFAULT_VARIANT_NAME, isAdditiveStatistic } from './private/metrics';
import { InstanceCountScalingProps, ScalableInstanceCount } from './scalable-instance-count';
import { EndpointVariant } from './variant';
import { arnEnvOf, scalingServiceLinkedRoleArn } from '../private/deploy-permissions';
import { fail, show, validateNumber } from '../private/validation';

/**
 * A SageMaker real-time endpoint: an `aws-cdk-lib/aws-sagemaker` `IEndpoint` (so consumers such as
 * `apigateway.SagemakerIntegration` accept it) with least-privilege grants and metrics.
 *
 * `endpointName` (inherited) is the name as given, case preserved: use it to invoke the endpoint.
 * `endpointArn` (inherited) has the name lower-cased, as SageMaker writes it inside ARNs. They are not
 * re-declared here: jsii rejects re-declared interface members (JSII5015, invalid C#).
 */
export interface IEndpoint extends sagemaker.IEndpoint {
  /** The production variants of the endpoint, as far as they are known at synth. */
  readonly variants: EndpointVariant[];

  /** One production variant of the endpoint: per-variant metrics and autoscaling. */
  variant(variantName: string): EndpointVariant;

  /** An `AWS/SageMaker` metric of the endpoint, combined over its variants. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `Invocations` over the endpoint's variants (Sum). */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `Invocation4XXErrors` over the endpoint's variants (Sum). */
  metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `Invocation5XXErrors` over the endpoint's variants (Sum). */
  metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `InvocationModelErrors` over the endpoint's variants (Sum). */
  metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `ModelLatency` in microseconds (Average; the worst variant when there are several). */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `OverheadLatency` in microseconds (Average; the worst variant when there are several). */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `InvocationsPerInstance` over the endpoint's variants (Sum). */
  metricInvocationsPerInstance(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `CPUUtilization` of the instances (Average; the worst variant when there are several). */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `MemoryUtilization` of the instances (Average; the worst variant when there are several). */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `GPUUtilization` of the instances (Average; the worst variant when there are several). */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `GPUMemoryUtilization` of the instances (Average; the worst variant when there are several). */
  metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /** `DiskUtilization` of the instances (Average; the worst variant when there are several). */
  metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/**
 * Shared implementation of {@link Endpoint} and imported endpoints: grants, metrics, variants, autoscaling.
 *
 * Not exported from the package (users cannot implement its `@internal` members): jsii copies its public
 * members onto `Endpoint`. Grants of any endpoint reference: `EndpointGrants.fromEndpoint(ref)`.
 *
 * @internal
 */
export abstract class EndpointBase extends Resource implements IEndpoint {
  public abstract readonly endpointName: string;
  public abstract readonly endpointArn: string;

  /** Least-privilege IAM grants on this endpoint (also `EndpointGrants.fromEndpoint(endpoint)`). */
  public readonly grants: EndpointGrants;

  private readonly variantObjects = new Map<string, EndpointVariant>();
  private readonly scaling = new Map<string, InstanceCountScalingProps>();
  private readonly components: HostedComponent[] = [];
  private readonly reportedAlarms: ReportedRollbackAlarm[] = [];
  /** The last fleet built and the inputs it was built from (see `_fleet`). */
  private fleetMemo?: { readonly config: IEndpointConfig; readonly key: string; readonly fleet: Fleet };

  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
    this.grants = EndpointGrants._create(this);
    this.node.addValidation({
      validate: () => {
        // tags added by Tags.of() exist only once the aspects ran (grants.create's AddTags)
        this.grants._finalizeTags();
        return this.validateVariantNames();
      },
    });
  }

  /** A reference to this endpoint for L1 and L2 consumers of `aws-cdk-lib`. */
  public get endpointRef(): sagemakerRefs.EndpointReference {
    return { endpointArn: this.endpointArn };
  }

  /**
   * Permits an IAM principal to invoke this endpoint (delegates to `grants.invoke`).
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.grants.invoke(grantee);
  }

  /**
   * Permits an IAM principal to invoke only the given target models of this multi-model endpoint
   * (delegates to `grants.invoke(grantee, { targetModels })`: `sagemaker:InvokeEndpoint` with the
   * `sagemaker:TargetModel` condition).
   *
   * @param grantee the principal
   * @param targetModels the `TargetModel` values (at least one; `*` and `?` are IAM wildcards)
   */
  public grantInvokeTargetModels(grantee: iam.IGrantable, targetModels: string[]): iam.Grant {
    return this.grants.invoke(grantee, { targetModels });
  }

  /**
   * The production variants of the endpoint: the variants of its config when it is an EndpointConfig of
   * this library (or a wrapped L1 config), the `variantNames` given to an import, else none.
   */
  public get variants(): EndpointVariant[] {
    return this._variantNames().map(name => this.variant(name));
  }

  /**
   * One production variant of the endpoint: per-variant metrics and instance-count autoscaling.
   * Returns the same object for the same name.
   *
   * @param variantName the production variant name, for example `AllTraffic`
   */
  public variant(variantName: string): EndpointVariant {
    let variant = this.variantObjects.get(variantName);
    if (!variant) {
      variant = EndpointVariant._create(this, this, variantName);
      this.variantObjects.set(variantName, variant);
    }
    return variant;
  }

  /**
   * An `AWS/SageMaker` metric of the endpoint, combined over its variants (see `metricInvocations`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine(metricName, cloudwatch.Stats.AVERAGE, props, v => v.metric(metricName, props));
  }

  /**
   * The number of requests sent to the endpoint (`Invocations`).
   *
   * Endpoint-level metrics combine the variants known when the method is called: with one variant this
   * is the variant's metric; with several it is a math expression, the sum of the variants for Sum and
   * SampleCount statistics and their maximum (the worst variant) for any other statistic. Endpoints whose
   * variants are unknown (imports without `variantNames`) are assumed to have one variant, `AllTraffic`.
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('Invocations', cloudwatch.Stats.SUM, props, v => v.metricInvocations(props));
  }

  /**
   * `Invocation4XXErrors` of the endpoint (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('Invocation4XXErrors', cloudwatch.Stats.SUM, props, v => v.metricInvocation4XXErrors(props));
  }

  /**
   * `Invocation5XXErrors` of the endpoint (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('Invocation5XXErrors', cloudwatch.Stats.SUM, props, v => v.metricInvocation5XXErrors(props));
  }

  /**
   * `InvocationModelErrors` of the endpoint (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('InvocationModelErrors', cloudwatch.Stats.SUM, props, v => v.metricInvocationModelErrors(props));
  }

  /**
   * `ModelLatency` of the endpoint in microseconds (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('ModelLatency', cloudwatch.Stats.AVERAGE, props, v => v.metricModelLatency(props));
  }

  /**
   * `OverheadLatency` of the endpoint in microseconds (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('OverheadLatency', cloudwatch.Stats.AVERAGE, props, v => v.metricOverheadLatency(props));
  }

  /**
   * `InvocationsPerInstance` of the endpoint (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocationsPerInstance(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('InvocationsPerInstance', cloudwatch.Stats.SUM, props, v => v.metricInvocationsPerInstance(props));
  }

  /**
   * `CPUUtilization` of the endpoint's instances (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('CPUUtilization', cloudwatch.Stats.AVERAGE, props, v => v.metricCpuUtilization(props));
  }

  /**
   * `MemoryUtilization` of the endpoint's instances (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('MemoryUtilization', cloudwatch.Stats.AVERAGE, props, v => v.metricMemoryUtilization(props));
  }

  /**
   * `GPUUtilization` of the endpoint's instances (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('GPUUtilization', cloudwatch.Stats.AVERAGE, props, v => v.metricGpuUtilization(props));
  }

  /**
   * `GPUMemoryUtilization` of the endpoint's instances (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('GPUMemoryUtilization', cloudwatch.Stats.AVERAGE, props, v => v.metricGpuMemoryUtilization(props));
  }

  /**
   * `DiskUtilization` of the endpoint's instances (see `metricInvocations` for how variants combine).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.combine('DiskUtilization', cloudwatch.Stats.AVERAGE, props, v => v.metricDiskUtilization(props));
  }

  /** @internal */
  public _autoScaleVariant(variant: EndpointVariant, props: InstanceCountScalingProps): ScalableInstanceCount {
    const name = variant.variantName;
    const prefix = `variant ${show(name)}`;
    if (this.scaling.has(name)) {
      fail(this, `${prefix} autoScaleInstanceCount must be called once, got a second call`);
    }
    const minCapacity = props.minCapacity ?? 1;
    // Only asynchronous endpoints may scale to zero instances
    // (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html); a real-time variant
    // needs at least one instance to answer requests
    if (minCapacity === 0 && !this._isAsync()) {
      fail(this, `${prefix} minCapacity must be at least 1 on a real-time endpoint (only asynchronous endpoints, asyncInference, scale to zero), got 0`);
    }
    // Application Auto Scaling capacities are 32-bit integers
    validateNumber(this, `${prefix} minCapacity`, minCapacity, { min: this._isAsync() ? 0 : 1, max: 2_147_483_647 });
    validateNumber(this, `${prefix} maxCapacity`, props.maxCapacity, { min: 1, max: 2_147_483_647 });
    if (!Token.isUnresolved(minCapacity) && !Token.isUnresolved(props.maxCapacity) && props.maxCapacity < minCapacity) {
      fail(this, `${prefix} maxCapacity must be at least minCapacity (${minCapacity}), got ${props.maxCapacity}`);
    }
    const info = this._variantInfo(name);
    if (info) {
      if (info.kind === VariantKind.SERVERLESS) {
        fail(this, `${prefix} autoScaleInstanceCount must be used on an instance variant, got a serverless variant (serverless capacity scales by itself)`);
      }
      const instanceType = info.instanceType?.toString();
      if (info.instanceType && instanceType && !Token.isUnresolved(instanceType) && info.instanceType.isBurstable()) {
        fail(this, `${prefix} autoScaleInstanceCount must be used on a non-burstable instance type, got ${show(instanceType)} (ml.t* instances cannot autoscale)`);
      }
      const initial = info.initialInstanceCount;
      if (initial !== undefined && !Token.isUnresolved(initial) && !Token.isUnresolved(props.maxCapacity) && !Token.isUnresolved(minCapacity)
        && (initial < minCapacity || initial > props.maxCapacity)) {
        fail(this, `${prefix} initialInstanceCount must be within minCapacity-maxCapacity ${minCapacity}-${props.maxCapacity}, got ${initial}`);
      }
    }
    // a component-hosting variant's instances follow its managed instance scaling and the copies placed on it;
    // variant-level instance autoscaling beside it is not documented (docs/inference-components.md): refused
    if (this._fleet().variants.some(v => v.variantName === name && v.hostsComponents)) {
      fail(this, `${prefix} autoScaleInstanceCount must not be used on a variant that hosts inference components `
        + '(its instances follow managedInstanceScaling and the copies placed on it; scale the copies with component.autoScaleCopyCount()), got a component-hosting variant');
    }
    this.scaling.set(name, { minCapacity, maxCapacity: props.maxCapacity });
    this.fleetMemo = undefined; // the fleet now has a scaling range
    if (this.scaling.size === 1) {
      // the deploy grants cover every scaled variant of the endpoint: granted with the first one
      this.grants._autoScalingAttached();
    }
    const id = Token.isUnresolved(name) ? `ScalableInstanceCount${this.scaling.size}` : `ScalableInstanceCount-${name}`;
    const scalable = new ScalableInstanceCount(this, id, {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${this.endpointName}/variant/${name}`,
      dimension: 'sagemaker:variant:DesiredInstanceCount',
      // the service-linked role Application Auto Scaling creates for SageMaker on first registration
      role: iam.Role.fromRoleArn(this, `ScalingRole-${this.scaling.size}`, scalingServiceLinkedRoleArn(arnEnvOf(this))),
      minCapacity,
      maxCapacity: props.maxCapacity,
      endpointName: this.endpointName,
    });
    // the resource id carries the literal name, so there is no implicit reference: register the
    // scalable target only once the endpoint exists (and deregister it before the endpoint is deleted)
    const resource = this._dependable();
    if (resource) {
      scalable.node.addDependency(resource);
    }
    this._onAutoScalingAttached();
    return scalable;
  }

  /**
   * The endpoint's fleet as far as it is known now: the config's variants with their autoscaling ranges and
   * timeouts. Built from the real config and the autoscaling attached so far; grants, deployments and plans read it.
   *
   * @internal
   */
  public _fleet(): Fleet {
    const config = this._knownConfig();
    if (!config) {
      return { known: false, variants: [] };
    }
    // Deployments, alarms and validation read the fleet about six times per endpoint and building it resolves
    // the config's rendered variants: reuse it while its inputs are unchanged. Variants are only ever appended
    // and autoscaling only ever added, so the counts identify the inputs; a config whose variants can change in
    // place (an L1) has no key and is rebuilt on every read.
    const key = fleetInputsKey(config, this.scaling.size);
    const memo = this.fleetMemo;
    if (key !== undefined && memo && memo.config === config && memo.key === key) {
      return memo.fleet;
    }
    const ranges = new Map<string, ScalingRange>();
    for (const [name, s] of this.scaling) {
      ranges.set(name, { minCapacity: s.minCapacity ?? 1, maxCapacity: s.maxCapacity });
    }
    const fleet = buildFleet(config, ranges);
    this.fleetMemo = key === undefined ? undefined : { config, key, fleet };
    return fleet;
  }

  /**
   * The endpoint's config, when given (undefined for an endpoint imported without one).
   *
   * @internal
   */
  protected abstract _knownConfig(): IEndpointConfig | undefined;

  /**
   * Called by an `InferenceComponent` placed on this endpoint, once, when it is created: the deploy grants
   * (made before or after) cover it. The protocol with the component module is these two calls.
   *
   * @internal
   */
  public _componentAdded(component: HostedComponent): void {
    this.components.push(component);
    this.grants._componentAdded(component);
  }

  /**
   * Called by an `InferenceComponent` of this endpoint when copy autoscaling is attached to it (after it set
   * `component.scaling`): the deploy grants cover the scaling resources.
   *
   * @internal
   */
  public _componentAutoScaled(component: HostedComponent): void {
    this.grants._componentAutoScaled(component);
  }

  /** @internal */
  public _hostedComponents(): HostedComponent[] {
    return [...this.components];
  }

  /**
   * Called by a deployment of the endpoint, or a rollout of an inference component on it, when it adds a rollback
   * alarm: the `deploy` grants (made before or after) cover it. An alarm reported twice counts once.
   *
   * @internal
   */
  public _addRollbackAlarm(alarm: cloudwatch.IAlarm): void {
    if (this.reportedAlarms.some(r => r.alarm === alarm)) {
      return;
    }
    const reported = { alarm, created: alarm.node.defaultChild instanceof cloudwatch.CfnAlarm && Stack.of(alarm) === Stack.of(this) };
    this.reportedAlarms.push(reported);
    this.grants._rollbackAlarmAdded(reported);
  }

  /** @internal */
  public _reportedRollbackAlarms(): ReportedRollbackAlarm[] {
    return [...this.reportedAlarms];
  }

  /**
   * The execution role of the endpoint's config when it is an EndpointConfig of this library that hosts
   * inference components.
   *
   * @internal
   */
  public _configExecutionRole(): iam.IRole | undefined {
    const config = this._knownConfig();
    return config instanceof EndpointConfig ? config.executionRole : undefined;
  }

  /** @internal */
  public _autoScaledVariantNames(): string[] {
    return [...this.scaling.keys()];
  }

  /** @internal */
  public abstract _configFacts(): ConfigFacts | undefined;

  /** @internal */
  public abstract _isAsync(): boolean;

  /** @internal */
  public abstract _hasTags(): boolean;

  /**
   * The rollback alarms of the endpoint's deployment (none for an import).
   *
   * @internal
   */
  public abstract _rollbackAlarms(): cloudwatch.IAlarm[];

  /**
   * The variant names endpoint-level metrics combine.
   *
   * @internal
   */
  protected abstract _variantNames(): string[];

  /**
   * Facts about a variant when the config is known.
   *
   * @internal
   */
  protected _variantInfo(variantName: string): ProductionVariantInfo | undefined {
    return this._configFacts()?.variants?.find(v => v.variantName === variantName);
  }

  /**
   * The construct a scalable target must depend on (the CfnEndpoint), if any.
   *
   * @internal
   */
  protected _dependable(): IConstruct | undefined {
    return undefined;
  }

  /**
   * Called when autoscaling is attached to a variant.
   *
   * @internal
   */
  protected _onAutoScalingAttached(): void {
    // imports have nothing to adjust
  }

  /**
   * The names of the config's variants when the config is known: its production variants and the variants
   * that host inference components (their metrics have the same `EndpointName`/`VariantName` dimensions).
   *
   * @internal
   */
  protected _knownVariantNames(): string[] | undefined {
    const fleet = this._fleet();
    return fleet.known ? fleet.variants.map(v => v.variantName) : undefined;
  }

  private validateVariantNames(): string[] {
    const known = this._knownVariantNames();
    if (!known) {
      return [];
    }
    return [...this.variantObjects.keys()]
      .filter(name => !Token.isUnresolved(name) && !known.includes(name))
      .map(name => `variant(${show(name)}) must name a production variant of the endpoint config (${known.map(k => show(k)).join(', ')}), got ${show(name)}`);
  }

  private combine(
    metricName: string,
    defaultStatistic: string,
    props: cloudwatch.MetricOptions | undefined,
    metricOf: (variant: EndpointVariant) => cloudwatch.Metric,
  ): cloudwatch.IMetric {
    const names = this._variantNames();
    const metrics = (names.length > 0 ? names : [DEFAULT_VARIANT_NAME]).map(name => metricOf(this.variant(name)));
    if (metrics.length === 1) {
      return metrics[0];
    }
    const statistic = props?.statistic ?? defaultStatistic;
    const ids = metrics.map((_, i) => `v${i}`);
    const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
    metrics.forEach((m, i) => { usingMetrics[ids[i]] = m; });
    return new cloudwatch.MathExpression({
      expression: isAdditiveStatistic(statistic) ? ids.join(' + ') : `MAX([${ids.join(', ')}])`,
      usingMetrics,
      label: props?.label ?? `${metricName} (${this.endpointName})`,
      period: props?.period,
      color: props?.color,
    });
  }
}
