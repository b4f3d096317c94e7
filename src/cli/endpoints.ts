/**
 * Finds the SageMaker endpoints of an assembly and rebuilds their deployment plans with the library's own
 * DeploymentPlan code from the CloudFormation resources themselves: the endpoint's `DeploymentConfig`, the
 * endpoint config's `ProductionVariants`, the `AWS::ApplicationAutoScaling::ScalableTarget` ranges and the
 * `AWS::CloudWatch::Alarm` resources of the rollback list. Works alike on templates of the library's
 * constructs, of raw L1 constructs and on hand-written templates (docs/cli.md, "What the command reads").
 */
import { AssemblyStack, TemplateResource } from './assembly';
import { UsageError } from './errors';
import { referencedId, resolveValue } from './resolve';
import { DeploymentPlan } from '../deployment/deployment-plan';
import { DeploymentStrategy, strategyLabel } from '../deployment/deployment-strategy';
import { AlarmWatches, PROVISIONING_ALLOWANCE_METADATA_KEY, planFromInputs } from '../deployment/plan-metadata';
import { PlanJson } from '../deployment/plan-render';
import { alarmDescriptionText, describeAlarmProperties } from '../private/alarm-description';
import { defaultAllowanceSeconds, exclusionProblems, GuardedVariant, plannedMinimumInstances, rolloutFindings } from '../private/plan-checks';

/** How serious a finding is: errors make `plan` exit with 1. */
export type FindingLevel = 'error' | 'warning' | 'info';

/** Something the reader should know about a rollout. */
export interface Finding {
  readonly level: FindingLevel;
  /** Stable id, e.g. `bakeWithoutAlarms`. */
  readonly code: string;
  readonly message: string;
}

/** A rollback alarm and the fleet it watches. */
export interface AlarmReport {
  readonly alarmName: string;
  readonly watches: AlarmWatches;
  /**
   * What the alarm measures, from its template: statistic, metric, threshold, the dimensions it watches and its
   * evaluation window, e.g. `p99 ModelLatency > 500000 on VariantName=AllTraffic (window 3m)`; null when the alarm
   * is not in the template.
   */
  readonly description: string | null;
  /** Evaluation periods x period in seconds, when known. */
  readonly windowSeconds: number | null;
  /** The construct path of the alarm (without `/Resource`), when the template has it. */
  readonly path: string | null;
}

/** One production variant of the endpoint config, as the template says. */
export interface VariantReport {
  readonly variantName: string | null;
  /** `ml.m5.large`, or null for serverless variants and unresolved values. */
  readonly instanceType: string | null;
  readonly serverless: boolean;
  /** The initial count, or the autoscaling minimum when a scalable target is registered. */
  readonly instanceCount: number | null;
  /** The autoscaling maximum (null when not autoscaled). */
  readonly maxInstanceCount: number | null;
  /**
   * Whether this is the config's shadow variant (read from `ShadowProductionVariants`): it gets copies of the
   * requests and answers none, and counts in the plan's peak instances, never in its traffic shares.
   */
  readonly shadow: boolean;
}

/** Everything `plan` knows about one endpoint. */
export interface EndpointReport {
  readonly stack: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly path: string | null;
  readonly endpointName: string | null;
  readonly endpointConfigName: string | null;
  readonly variantName: string | null;
  /** Where the plan came from: the endpoint's `DeploymentConfig`, or none when it has none. */
  readonly source: 'deployment-config' | 'none';
  readonly strategy: 'BLUE_GREEN' | 'ROLLING' | 'NONE';
  readonly trafficRouting: string | null;
  readonly instanceCount: number | null;
  /** The config's variants (empty when the config is not in the template). */
  readonly variants: VariantReport[];
  readonly plan: PlanJson | null;
  readonly alarms: AlarmReport[];
  readonly findings: Finding[];
}

/** Reports for every `AWS::SageMaker::Endpoint` of the stacks, in template order. */
export function collectEndpoints(stacks: AssemblyStack[]): EndpointReport[] {
  const reports: EndpointReport[] = [];
  for (const stack of stacks) {
    for (const [id, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource && resource.Type === 'AWS::SageMaker::Endpoint') {
        reports.push(endpointReport(stack, id, resource));
      }
    }
  }
  return reports;
}

function endpointReport(stack: AssemblyStack, id: string, resource: TemplateResource): EndpointReport {
  const template = stack.template;
  const props = resource.Properties ?? {};
  const cdkPath = resource.Metadata?.['aws:cdk:path'];
  const where = `${stack.templateDisplayPath}: Resources.${id}`;

  const endpointName = resolveValue(props.EndpointName, template).value ?? null;
  const endpointConfigName = resolveValue(props.EndpointConfigName, template).value ?? null;
  const findings: Finding[] = [];
  const config = configResource(props.EndpointConfigName, stack);
  const variants = variantReports(config, endpointName, stack);
  const allowance = allowanceMetadata(resource, where);
  let plan: DeploymentPlan | undefined;
  let strategy: EndpointReport['strategy'] = 'NONE';
  let source: EndpointReport['source'] = 'none';
  let alarms: AlarmReport[] = [];
  let variantName: string | null = null;

  if (props.DeploymentConfig !== undefined) {
    source = 'deployment-config';
    const dc = props.DeploymentConfig as { [key: string]: unknown };
    strategy = dc.RollingUpdatePolicy !== undefined ? 'ROLLING' : 'BLUE_GREEN';
    // the one variant the deployment guards, when the config has exactly one with a literal name
    const production = variants.filter(v => !v.shadow);
    const named = production.filter(v => v.variantName !== null);
    variantName = named.length === 1 && named.length === production.length ? named[0].variantName : null;
    alarms = rollbackAlarms(dc, resource, stack);
    try {
      const inputs = inputsFromDeploymentConfig(dc, variants, config, allowance);
      plan = inputs ? planWithTimeout(strategy, inputs) : undefined;
    } catch (e) {
      findings.push({ level: 'error', code: 'invalidDeploymentConfig', message: `DeploymentConfig: ${(e as Error).message}` });
    }
    if (!plan && findings.length === 0) {
      findings.push(config === undefined || variants.length === 0
        ? { level: 'warning', code: 'unknownFleetSize', message: 'the fleet size is not known at synth, so there is no timeline' }
        : { level: 'warning', code: 'unknownFleetSize', message: 'the fleet size or the DeploymentConfig is not known at synth, so there is no timeline' });
    }
  } else {
    findings.push({
      level: 'info',
      code: 'noDeployment',
      message: 'no deployment configured: SageMaker replaces the fleet all at once, with no bake and no alarm rollback',
    });
  }

  const json = plan?._toJsonObject() ?? null;
  if (props.DeploymentConfig !== undefined) {
    // the guardrail exclusions the constructs check, with the same words (src/private/plan-checks.ts)
    const label = strategyOf(props.DeploymentConfig);
    for (const message of label ? exclusionProblems('DeploymentConfig', label, guardedVariants(config)) : []) {
      findings.push({ level: 'error', code: 'guardrailExclusion', message });
    }
  }
  findings.push(...alarmFindings(alarms));
  if (strategy !== 'NONE') {
    // the rollout warnings the constructs add, with the same ids and words (src/private/plan-checks.ts)
    findings.push(...rolloutFindings({
      plan: json ?? undefined,
      bakeSeconds: bakeSeconds(json, props.DeploymentConfig),
      // the alarm's literal name, else its construct path: what the constructs name it by
      alarms: alarms.map(a => ({ name: a.alarmName.startsWith('<') ? (a.path ?? a.alarmName) : a.alarmName, windowSeconds: a.windowSeconds ?? undefined })),
      serverless: variants.length > 0 && variants.every(v => v.serverless),
      importedConfig: config === undefined,
      autoscaledVariants: variants.filter(v => v.maxInstanceCount !== null).map(v => v.variantName ?? '<token>'),
    }));
  }
  return {
    stack: stack.displayName,
    stackName: stack.stackName,
    logicalId: id,
    path: typeof cdkPath === 'string' ? cdkPath : null,
    endpointName,
    endpointConfigName,
    variantName,
    source,
    strategy,
    trafficRouting: json?.trafficRouting ?? null,
    instanceCount: json?.instanceCount ?? null,
    variants,
    plan: json,
    alarms,
    findings,
  };
}

/** Rollback alarms that watch both fleets (read from their dimensions): the old fleet alone can stop a rollout. */
function alarmFindings(alarms: AlarmReport[]): Finding[] {
  return alarms.filter(a => a.watches === 'both-fleets').map(alarm => ({
    level: 'info',
    code: 'alarmWatchesBothFleets',
    message: `alarm ${alarm.alarmName} watches both fleets: the old fleet alone can stop a healthy rollout`,
  }));
}

/** The rollout's word (`canary`, `rolling`...) from a DeploymentConfig, or undefined when it is not literal. */
function strategyOf(deploymentConfig: unknown): string | undefined {
  const dc = deploymentConfig as { [key: string]: any };
  if (dc?.RollingUpdatePolicy !== undefined) {
    return strategyLabel(DeploymentStrategy.ROLLING);
  }
  const type = dc?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.Type;
  const known = [DeploymentStrategy.ALL_AT_ONCE, DeploymentStrategy.CANARY, DeploymentStrategy.LINEAR].find(s => s === type);
  return known ? strategyLabel(known) : undefined;
}

/**
 * The variants of a config in the template: `ProductionVariants`, then `ShadowProductionVariants` (marked), the
 * list that is not an array read as empty.
 */
function templateVariants(config: TemplateResource | undefined): Array<{ readonly v: { [key: string]: unknown }; readonly shadow: boolean }> {
  const list = config?.Properties?.ProductionVariants;
  const shadows = config?.Properties?.ShadowProductionVariants;
  return [
    ...(Array.isArray(list) ? list as Array<{ [key: string]: unknown }> : []).map(v => ({ v, shadow: false })),
    ...(Array.isArray(list) && Array.isArray(shadows) ? shadows as Array<{ [key: string]: unknown }> : []).map(v => ({ v, shadow: true })),
  ];
}

/** The config's variants as the guardrail exclusions see them (a name that is not a literal string is shown as JSON). */
function guardedVariants(config: TemplateResource | undefined): GuardedVariant[] {
  return templateVariants(config).map(({ v, shadow }) => ({
    variantName: typeof v.VariantName === 'string' ? v.VariantName : JSON.stringify(v.VariantName),
    literalName: typeof v.VariantName === 'string',
    serverless: v.ServerlessConfig !== undefined,
    instanceType: typeof v.InstanceType === 'string' ? v.InstanceType : undefined,
    // an instance variant without a model hosts inference components (reference: API_ProductionVariant, ModelName)
    hostsComponents: v.ServerlessConfig === undefined && v.ModelName === undefined,
    ...(shadow ? { shadow: true } : {}),
  }));
}

function alarmDisplayName(value: unknown, stack: AssemblyStack): string {
  const resolved = resolveValue(value, stack.template);
  if (resolved.value !== undefined) {
    return resolved.value;
  }
  return resolved.logicalId ? `<generated name of ${resolved.logicalId}>` : `<${resolved.unresolved}>`;
}

export function configResource(name: unknown, stack: AssemblyStack): TemplateResource | undefined {
  const resources = stack.template.Resources ?? {};
  const id = referencedId(name);
  if (id && resources[id]?.Type === 'AWS::SageMaker::EndpointConfig') {
    return resources[id];
  }
  const literal = resolveValue(name, stack.template).value;
  return Object.values(resources).find(r => r?.Type === 'AWS::SageMaker::EndpointConfig'
    && literal !== undefined && resolveValue(r.Properties?.EndpointConfigName, stack.template).value === literal);
}

/** The config's variants, with the autoscaling range of the scalable targets registered for this endpoint. */
function variantReports(config: TemplateResource | undefined, endpointName: string | null, stack: AssemblyStack): VariantReport[] {
  const scaling = scalingRanges(endpointName, stack);
  return templateVariants(config).map(({ v, shadow }) => {
    const name = typeof v.VariantName === 'string' ? v.VariantName : null;
    const serverless = v.ServerlessConfig !== undefined;
    const range = name !== null ? scaling.get(name) : undefined;
    const initial = typeof v.InitialInstanceCount === 'number' ? v.InitialInstanceCount : null;
    return {
      variantName: name,
      instanceType: typeof v.InstanceType === 'string' ? v.InstanceType : null,
      serverless,
      instanceCount: serverless ? null : range?.min ?? initial,
      maxInstanceCount: serverless || !range ? null : range.max,
      shadow,
    };
  });
}

/** min-max of every `endpoint/<name>/variant/<variant>` scalable target of the stack for this endpoint. */
function scalingRanges(endpointName: string | null, stack: AssemblyStack): Map<string, { min: number; max: number }> {
  const out = new Map<string, { min: number; max: number }>();
  for (const r of Object.values(stack.template.Resources ?? {})) {
    if (r?.Type !== 'AWS::ApplicationAutoScaling::ScalableTarget' || r.Properties?.ServiceNamespace !== 'sagemaker') {
      continue;
    }
    const id = resolveValue(r.Properties?.ResourceId, stack.template).value;
    const m = id ? /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(id) : null;
    const min = r.Properties?.MinCapacity;
    const max = r.Properties?.MaxCapacity;
    if (m && (endpointName === null || m[1].toLowerCase() === endpointName.toLowerCase()) && typeof min === 'number' && typeof max === 'number') {
      out.set(m[2], { min, max });
    }
  }
  return out;
}

/** The bake after each shift or batch: from the plan, else from the DeploymentConfig. */
function bakeSeconds(plan: PlanJson | null, dc: unknown): number {
  const shift = plan?.steps.find(s => s.kind === 'SHIFT_TRAFFIC');
  if (shift) {
    return shift.durationSeconds;
  }
  const d = dc as {
    RollingUpdatePolicy?: { WaitIntervalInSeconds?: unknown };
    BlueGreenUpdatePolicy?: { TrafficRoutingConfiguration?: { WaitIntervalInSeconds?: unknown } };
  } | undefined;
  const value = d?.RollingUpdatePolicy?.WaitIntervalInSeconds ?? d?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.WaitIntervalInSeconds;
  return typeof value === 'number' ? value : 0;
}

function rollbackAlarms(dc: { [key: string]: unknown }, endpoint: TemplateResource, stack: AssemblyStack): AlarmReport[] {
  const auto = dc.AutoRollbackConfiguration as { Alarms?: unknown } | undefined;
  const list = Array.isArray(auto?.Alarms) ? auto!.Alarms as Array<{ AlarmName?: unknown }> : [];
  return list.map(a => alarmReport(a.AlarmName, endpoint, stack));
}

/** The `AWS::CloudWatch::Alarm` resource a rollback alarm name points to: by Ref/GetAtt, else by its literal AlarmName. */
function alarmResource(name: unknown, stack: AssemblyStack): TemplateResource | undefined {
  const resources = stack.template.Resources ?? {};
  const id = referencedId(name);
  if (id && resources[id]?.Type === 'AWS::CloudWatch::Alarm') {
    return resources[id];
  }
  const literal = resolveValue(name, stack.template).value;
  return literal === undefined ? undefined : Object.values(resources).find(r => r?.Type === 'AWS::CloudWatch::Alarm'
    && resolveValue(r.Properties?.AlarmName, stack.template).value === literal);
}

/** An alarm of the rollback list of an endpoint, described from its template resource when it is in the stack. */
function alarmReport(name: unknown, endpoint: TemplateResource, stack: AssemblyStack): AlarmReport {
  return describedAlarm(name, stack, resource => alarmWatches(resource, endpoint, stack));
}

/**
 * An alarm of a rollback list (of an endpoint or an inference component), described from its template resource
 * when it is in the stack; `watches` classifies the alarm resource.
 */
export function describedAlarm(name: unknown, stack: AssemblyStack, watches: (alarm: TemplateResource) => AlarmWatches): AlarmReport {
  const resource = alarmResource(name, stack);
  const description = resource ? describeAlarmProperties(withLiteralDimensions(resource.Properties, stack)) : undefined;
  const cdkPath = resource?.Metadata?.['aws:cdk:path'];
  return {
    alarmName: alarmDisplayName(name, stack),
    watches: resource ? watches(resource) : 'unknown',
    description: description ? alarmDescriptionText(description) : null,
    windowSeconds: description?.windowSeconds ?? null,
    path: typeof cdkPath === 'string' ? cdkPath.replace(/\/Resource$/, '') : null,
  };
}

/**
 * The alarm's properties with each dimension value the template determines replaced by its literal
 * (`{"Fn::GetAtt": ["Config", "EndpointConfigName"]}` -> the config's name), so the description names it.
 */
function withLiteralDimensions(props: { [name: string]: unknown } | undefined, stack: AssemblyStack): { [name: string]: unknown } | undefined {
  const literal = (dims: unknown) => (Array.isArray(dims)
    ? dims.map(d => (d && typeof d === 'object' && 'Value' in d
      ? { ...d, Value: resolveValue((d as { Value?: unknown }).Value, stack.template).value ?? (d as { Value?: unknown }).Value }
      : d))
    : dims);
  if (!props) {
    return props;
  }
  const metrics = Array.isArray(props.Metrics)
    ? (props.Metrics as Array<{ MetricStat?: { Metric?: { Dimensions?: unknown } } }>).map(q => (q?.MetricStat?.Metric
      ? { ...q, MetricStat: { ...q.MetricStat, Metric: { ...q.MetricStat.Metric, Dimensions: literal(q.MetricStat.Metric.Dimensions) } } }
      : q))
    : props.Metrics;
  return { ...props, Dimensions: literal(props.Dimensions), ...(metrics !== undefined ? { Metrics: metrics } : {}) };
}

/** CloudWatch namespaces where SageMaker publishes per-variant endpoint metrics (as the constructs classify them). */
const SAGEMAKER_NAMESPACES = ['AWS/SageMaker', '/aws/sagemaker/Endpoints'];

/**
 * Which fleet an alarm watches, by the dimensions of its metric(s), with the rule the constructs use
 * (src/deployment/private/alarm-fleet.ts): EndpointName of this endpoint + VariantName + EndpointConfigName of
 * the config being deployed is the new fleet; without EndpointConfigName both fleets; anything else (other
 * namespaces, endpoints or configs, metric math mixing kinds, an expression without metrics) is unknown.
 */
function alarmWatches(alarm: TemplateResource, endpoint: TemplateResource, stack: AssemblyStack): AlarmWatches {
  const p = alarm.Properties ?? {};
  const metrics: Array<{ Namespace?: unknown; Dimensions?: unknown }> = [];
  if (Array.isArray(p.Metrics)) {
    for (const q of p.Metrics as Array<{ MetricStat?: { Metric?: { Namespace?: unknown; Dimensions?: unknown } } }>) {
      if (q?.MetricStat?.Metric) {
        metrics.push(q.MetricStat.Metric);
      }
    }
  } else if (p.MetricName !== undefined) {
    metrics.push({ Namespace: p.Namespace, Dimensions: p.Dimensions });
  }
  const kinds = new Set(metrics.map(m => metricWatches(m, endpoint, stack)));
  return metrics.length > 0 && kinds.size === 1 ? [...kinds][0] : 'unknown';
}

function metricWatches(metric: { Namespace?: unknown; Dimensions?: unknown }, endpoint: TemplateResource, stack: AssemblyStack): AlarmWatches {
  const dims = new Map<string, unknown>();
  for (const d of Array.isArray(metric.Dimensions) ? metric.Dimensions as Array<{ Name?: unknown; Value?: unknown }> : []) {
    if (typeof d?.Name === 'string') {
      dims.set(d.Name, d.Value);
    }
  }
  if (typeof metric.Namespace !== 'string' || !SAGEMAKER_NAMESPACES.includes(metric.Namespace)
    || !dims.has('EndpointName') || !dims.has('VariantName')) {
    return 'unknown';
  }
  const props = endpoint.Properties ?? {};
  if (!sameValue(dims.get('EndpointName'), props.EndpointName, stack)) {
    return 'unknown';
  }
  if (!dims.has('EndpointConfigName')) {
    return 'both-fleets';
  }
  return sameValue(dims.get('EndpointConfigName'), props.EndpointConfigName, stack) ? 'new-fleet' : 'unknown';
}

/** Whether two template values are the same: equal JSON, the same referenced resource, or the same literal. */
function sameValue(a: unknown, b: unknown, stack: AssemblyStack): boolean {
  if (a === undefined || b === undefined) {
    return false;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) {
    return true;
  }
  const ra = resolveValue(a, stack.template);
  const rb = resolveValue(b, stack.template);
  if (ra.value !== undefined && rb.value !== undefined) {
    return ra.value === rb.value;
  }
  const ia = referencedId(a);
  return ia !== undefined && ia === referencedId(b);
}

/**
 * The provisioning allowance the constructs keep in Metadata when it was given and differs from the default
 * (src/deployment/plan-metadata.ts); undefined when the endpoint has none.
 */
function allowanceMetadata(resource: TemplateResource, where: string): number | undefined {
  const value = resource.Metadata?.[PROVISIONING_ALLOWANCE_METADATA_KEY];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${where}.Metadata["${PROVISIONING_ALLOWANCE_METADATA_KEY}"] must be a number of seconds >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Builds the plan; a MaximumExecutionTimeoutInSeconds equal to the default the plan computes is reported as
 * the default (the constructs write the computed default into DeploymentConfig, and a template cannot say
 * whether a value was typed or computed; both behave the same in SageMaker).
 */
function planWithTimeout(strategy: 'BLUE_GREEN' | 'ROLLING', inputs: { [key: string]: unknown }): DeploymentPlan {
  const kind = strategy;
  if (inputs.maximumExecutionTimeoutSeconds === undefined) {
    return planFromInputs(kind, inputs);
  }
  const { maximumExecutionTimeoutSeconds: given, ...rest } = inputs;
  try {
    const computed = planFromInputs(kind, rest);
    if (computed.maximumExecutionTimeout.toSeconds() === given) {
      return computed;
    }
  } catch {
    // the given timeout decides; the plan below reports the problem
  }
  return planFromInputs(kind, inputs);
}

/**
 * The plan inputs of a raw CloudFormation DeploymentConfig (undefined when a value is not a literal): every
 * instance variant with its autoscaling range, and the provisioning allowance the constructs would default to.
 */
function inputsFromDeploymentConfig(dc: { [key: string]: unknown }, variants: VariantReport[], config: TemplateResource | undefined,
  allowanceSeconds: number | undefined): { [key: string]: unknown } | undefined {
  const serverless = variants.length > 0 && variants.every(v => v.serverless);
  const instance = variants.filter(v => !v.serverless && !v.shadow);
  const shadow = variants.find(v => v.shadow);
  if (variants.length === 0 || (!serverless && instance.some(v => v.instanceCount === null || v.variantName === null))
    || (shadow !== undefined && shadow.instanceCount === null)) {
    return undefined;
  }
  // the shadow's timeouts count in the allowance: its fleet is provisioned with the production fleet
  const rendered = templateVariants(config).map(x => x.v);
  const weights = new Map(rendered.filter(v => typeof v.VariantName === 'string' && typeof v.InitialVariantWeight === 'number')
    .map(v => [v.VariantName as string, v.InitialVariantWeight as number]));
  const timeouts = rendered.filter(v => v.ServerlessConfig === undefined).map(v => ({
    downloadSeconds: typeof v.ModelDataDownloadTimeoutInSeconds === 'number' ? v.ModelDataDownloadTimeoutInSeconds : undefined,
    healthCheckSeconds: typeof v.ContainerStartupHealthCheckTimeoutInSeconds === 'number' ? v.ContainerStartupHealthCheckTimeoutInSeconds : undefined,
  }));
  const fleet = {
    instanceCount: serverless ? 0 : instance.reduce((sum, v) => sum + (v.instanceCount ?? 0), 0),
    variants: serverless
      ? variants.map(v => ({ variantName: v.variantName ?? 'variant', instanceCount: 0 }))
      : instance.map(v => {
        // an asynchronous endpoint may scale to zero: its smallest rollout is planned at one instance
        const instanceCount = plannedMinimumInstances(v.instanceCount!);
        return {
          variantName: v.variantName!,
          instanceCount,
          ...(v.maxInstanceCount !== null && v.maxInstanceCount > instanceCount ? { maxInstanceCount: v.maxInstanceCount } : {}),
          ...(weights.has(v.variantName!) ? { weight: weights.get(v.variantName!) } : {}),
        };
      }),
    ...(serverless ? { serverless: true } : {}),
    // the shadow fleet at its largest (plan-checks exclusionProblems: only all at once takes one)
    ...(shadow ? { shadowInstanceCount: shadow.maxInstanceCount ?? shadow.instanceCount } : {}),
    provisioningAllowanceSeconds: allowanceSeconds ?? defaultAllowanceSeconds(timeouts),
  };
  const size = (s: unknown) => (s && typeof s === 'object' ? { type: (s as { Type?: unknown }).Type, value: (s as { Value?: unknown }).Value } : undefined);
  const rolling = dc.RollingUpdatePolicy as { [key: string]: unknown } | undefined;
  if (rolling) {
    return {
      ...fleet,
      maximumBatchSize: size(rolling.MaximumBatchSize),
      waitIntervalSeconds: rolling.WaitIntervalInSeconds,
      ...(rolling.RollbackMaximumBatchSize !== undefined ? { rollbackMaximumBatchSize: size(rolling.RollbackMaximumBatchSize) } : {}),
      ...(rolling.MaximumExecutionTimeoutInSeconds !== undefined ? { maximumExecutionTimeoutSeconds: rolling.MaximumExecutionTimeoutInSeconds } : {}),
    };
  }
  const bg = (dc.BlueGreenUpdatePolicy ?? {}) as { [key: string]: unknown };
  const routing = (bg.TrafficRoutingConfiguration ?? { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 }) as { [key: string]: unknown };
  return {
    ...fleet,
    trafficRouting: {
      type: routing.Type,
      waitIntervalSeconds: routing.WaitIntervalInSeconds ?? 0,
      ...(routing.CanarySize !== undefined ? { canarySize: size(routing.CanarySize) } : {}),
      ...(routing.LinearStepSize !== undefined ? { linearStepSize: size(routing.LinearStepSize) } : {}),
    },
    terminationWaitSeconds: bg.TerminationWaitInSeconds ?? 0,
    ...(bg.MaximumExecutionTimeoutInSeconds !== undefined ? { maximumExecutionTimeoutSeconds: bg.MaximumExecutionTimeoutInSeconds } : {}),
  };
}
