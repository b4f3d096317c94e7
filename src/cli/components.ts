/**
 * Finds the `AWS::SageMaker::InferenceComponent` resources of an assembly and rebuilds the plan of their rolling
 * update with the library's own InferenceComponentPlan code, from the template alone: the component's
 * `DeploymentConfig.RollingUpdatePolicy`, `RuntimeConfig.CopyCount`, `Specification.StartupParameters`, the
 * `inference-component/<name>` scalable target and the rollback alarms. Works alike on L1 `CfnInferenceComponent`
 * apps and hand-written templates (docs/cli.md, "Inference components").
 */
import { Duration } from 'aws-cdk-lib';
import { AssemblyStack, TemplateResource } from './assembly';
import { AlarmReport, configResource, describedAlarm, Finding } from './endpoints';
import { referencedId, resolveValue } from './resolve';
import { CapacitySize } from '../deployment/capacity-size';
import { InferenceComponentPlan } from '../deployment/component-plan';
import { AlarmWatches } from '../deployment/plan-metadata';
import { ComponentPlanJson } from '../deployment/plan-render';
import { copiesPerInstance } from '../private/instance-resources';
import { componentAlarmScopeFinding, componentBlueGreenFinding, rolloutFindings, timingFacts } from '../private/plan-checks';

/** Everything `plan` knows about one inference component. */
export interface ComponentReport {
  readonly stack: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly path: string | null;
  /** The literal `InferenceComponentName` (null when CloudFormation generates it or it is not a literal). */
  readonly inferenceComponentName: string | null;
  readonly endpointName: string | null;
  /** The logical id of the host `AWS::SageMaker::Endpoint` when it is in the same template, else null. */
  readonly endpointLogicalId: string | null;
  readonly variantName: string | null;
  /** `Specification.ModelName`, when it is a literal or names a model of the template. */
  readonly model: string | null;
  /** `Specification.Container.Image`, when literal. */
  readonly image: string | null;
  /** `RuntimeConfig.CopyCount`, or the copy autoscaling minimum. */
  readonly copyCount: number | null;
  /** The copy autoscaling maximum (null when the copies are not autoscaled). */
  readonly maxCopyCount: number | null;
  /** `ROLLING` with a `DeploymentConfig.RollingUpdatePolicy`, else `BLUE_GREEN` (SageMaker's default for components). */
  readonly strategy: 'ROLLING' | 'BLUE_GREEN';
  readonly plan: ComponentPlanJson | null;
  readonly alarms: AlarmReport[];
  readonly findings: Finding[];
}

/** Reports for every inference component of the stacks, in template order. */
export function collectComponents(stacks: AssemblyStack[]): ComponentReport[] {
  const reports: ComponentReport[] = [];
  for (const stack of stacks) {
    for (const [id, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource && resource.Type === 'AWS::SageMaker::InferenceComponent') {
        reports.push(componentReport(stack, id, resource));
      }
    }
  }
  return reports;
}

type Obj = { [key: string]: any };

function componentReport(stack: AssemblyStack, id: string, resource: TemplateResource): ComponentReport {
  const template = stack.template;
  const props = (resource.Properties ?? {}) as Obj;
  const cdkPath = resource.Metadata?.['aws:cdk:path'];
  const name = resolveValue(props.InferenceComponentName, template).value ?? null;
  const endpointName = resolveValue(props.EndpointName, template).value ?? null;
  const host = hostEndpoint(props.EndpointName, endpointName, stack);
  const variantName = resolveValue(props.VariantName, template).value ?? null;
  const spec = (props.Specification ?? {}) as Obj;
  const runtime = (props.RuntimeConfig ?? {}) as Obj;
  const range = name === null ? undefined : copyRange(name, stack);
  const copyCount = range ? range.min : typeof runtime.CopyCount === 'number' ? runtime.CopyCount : null;
  const maxCopyCount = range ? range.max : null;
  const rolling = props.DeploymentConfig?.RollingUpdatePolicy as Obj | undefined;
  const findings: Finding[] = [];
  let plan: ComponentPlanJson | null = null;
  let alarms: AlarmReport[] = [];

  if (rolling === undefined) {
    const copies = copyCount === null ? 'copies' : maxCopyCount !== null && maxCopyCount > copyCount ? `${copyCount}-${maxCopyCount} copies` : `${copyCount} cop${copyCount === 1 ? 'y' : 'ies'}`;
    const peak = copyCount === null ? 'twice the copies' : maxCopyCount !== null && maxCopyCount > copyCount
      ? `${2 * copyCount}-${2 * maxCopyCount} copies` : `${2 * copyCount} copies`;
    findings.push(componentBlueGreenFinding(copies, peak));
  } else {
    const list = props.DeploymentConfig?.AutoRollbackConfiguration?.Alarms;
    alarms = (Array.isArray(list) ? list : []).map((a: Obj) => describedAlarm(a?.AlarmName, stack, r => componentAlarmWatches(r, name, stack)));
    try {
      const built = componentPlan(rolling, copyCount, maxCopyCount, spec, host, variantName, stack);
      plan = built ? built._toJsonObject() : null;
      if (!built) {
        findings.push({
          level: 'warning',
          code: 'unknownCopyCount',
          message: 'the copy count or the RollingUpdatePolicy is not known from the template, so there is no timeline',
        });
      }
    } catch (e) {
      findings.push({ level: 'error', code: 'invalidDeploymentConfig', message: `DeploymentConfig: ${(e as Error).message}` });
    }
    // the rollout findings the endpoint plans get, with the same ids and words (src/private/plan-checks.ts)
    findings.push(...rolloutFindings({
      plan: plan ? timingFacts(plan) : undefined,
      bakeSeconds: typeof rolling.WaitIntervalInSeconds === 'number' ? rolling.WaitIntervalInSeconds : 0,
      alarms: alarms.map(a => ({ name: a.alarmName.startsWith('<') ? (a.path ?? a.alarmName) : a.alarmName, windowSeconds: a.windowSeconds ?? undefined })),
      serverless: false,
      importedConfig: false,
      autoscaledVariants: [],
    }));
    if (alarms.length > 0) {
      findings.push(componentAlarmScopeFinding());
    }
  }
  return {
    stack: stack.displayName,
    stackName: stack.stackName,
    logicalId: id,
    path: typeof cdkPath === 'string' ? cdkPath : null,
    inferenceComponentName: name,
    endpointName,
    endpointLogicalId: host?.id ?? null,
    variantName,
    model: spec.ModelName === undefined ? null : resolveValue(spec.ModelName, template).value ?? null,
    image: typeof spec.Container?.Image === 'string' ? spec.Container.Image : null,
    copyCount,
    maxCopyCount,
    strategy: rolling === undefined ? 'BLUE_GREEN' : 'ROLLING',
    plan,
    alarms,
    findings,
  };
}

/** The host endpoint of the template: by Ref/GetAtt, else by its literal name. */
function hostEndpoint(value: unknown, endpointName: string | null, stack: AssemblyStack): { id: string; resource: TemplateResource } | undefined {
  const resources = stack.template.Resources ?? {};
  const ref = referencedId(value);
  if (ref && resources[ref]?.Type === 'AWS::SageMaker::Endpoint') {
    return { id: ref, resource: resources[ref] };
  }
  if (endpointName === null) {
    return undefined;
  }
  const found = Object.entries(resources).find(([, r]) => r?.Type === 'AWS::SageMaker::Endpoint'
    && resolveValue(r.Properties?.EndpointName, stack.template).value?.toLowerCase() === endpointName.toLowerCase());
  return found ? { id: found[0], resource: found[1] } : undefined;
}

/**
 * min-max of the `inference-component/<name>` scalable target on `sagemaker:inference-component:DesiredCopyCount`
 * (API_RegisterScalableTarget: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
 */
function copyRange(name: string, stack: AssemblyStack): { min: number; max: number } | undefined {
  for (const r of Object.values(stack.template.Resources ?? {})) {
    const p = r?.Properties ?? {};
    if (r?.Type !== 'AWS::ApplicationAutoScaling::ScalableTarget' || p.ServiceNamespace !== 'sagemaker'
      || p.ScalableDimension !== 'sagemaker:inference-component:DesiredCopyCount') {
      continue;
    }
    const resourceId = resolveValue(p.ResourceId, stack.template).value;
    if (resourceId === `inference-component/${name}` && typeof p.MinCapacity === 'number' && typeof p.MaxCapacity === 'number') {
      return { min: p.MinCapacity, max: p.MaxCapacity };
    }
  }
  return undefined;
}

/**
 * The plan of a literal RollingUpdatePolicy (undefined when the copy count or a value is not a literal). A copy
 * autoscaling minimum of 0 is planned from 1 copy: a component scaled to zero has no copy to update (assumption).
 */
function componentPlan(rolling: Obj, copyCount: number | null, maxCopyCount: number | null, spec: Obj,
  host: { resource: TemplateResource } | undefined, variantName: string | null, stack: AssemblyStack): InferenceComponentPlan | undefined {
  const size = (s: Obj | undefined, field: string) => {
    if (s === undefined) {
      return undefined;
    }
    if (typeof s?.Value !== 'number') {
      throw new Error(`${field}.Value must be a number, got ${JSON.stringify(s?.Value) ?? 'nothing'}`);
    }
    switch (s.Type) {
      case 'COPY_COUNT': return CapacitySize.copies(s.Value);
      case 'CAPACITY_PERCENT': return CapacitySize.percent(s.Value);
      default: throw new Error(`${field}.Type must be COPY_COUNT or CAPACITY_PERCENT, got ${JSON.stringify(s.Type) ?? 'nothing'}`);
    }
  };
  if (copyCount === null || typeof rolling.WaitIntervalInSeconds !== 'number' || typeof rolling.MaximumBatchSize?.Value !== 'number') {
    return undefined;
  }
  const startup = (spec.StartupParameters ?? {}) as Obj;
  const seconds = (v: unknown) => (typeof v === 'number' ? Duration.seconds(v) : undefined);
  const min = Math.max(1, copyCount);
  const props = {
    copyCount: min,
    maxCopyCount: maxCopyCount !== null && maxCopyCount > min ? maxCopyCount : undefined,
    maximumBatchSize: size(rolling.MaximumBatchSize, 'RollingUpdatePolicy.MaximumBatchSize')!,
    waitInterval: Duration.seconds(rolling.WaitIntervalInSeconds),
    rollbackMaximumBatchSize: size(rolling.RollbackMaximumBatchSize, 'RollingUpdatePolicy.RollbackMaximumBatchSize'),
    modelDataDownloadTimeout: seconds(startup.ModelDataDownloadTimeoutInSeconds),
    containerStartupHealthCheckTimeout: seconds(startup.ContainerStartupHealthCheckTimeoutInSeconds),
    instanceCount: hostInstanceCount(host, variantName, stack),
    copiesPerInstance: hostCopiesPerInstance(host, variantName, spec, stack),
  };
  const given = rolling.MaximumExecutionTimeoutInSeconds;
  if (typeof given !== 'number') {
    return InferenceComponentPlan.rolling(props);
  }
  // a timeout equal to the computed default is reported as the default (a template cannot tell them apart)
  try {
    const computed = InferenceComponentPlan.rolling(props);
    if (computed.maximumExecutionTimeout.toSeconds() === given) {
      return computed;
    }
  } catch {
    // the given timeout decides; the plan below reports the problem
  }
  return InferenceComponentPlan.rolling({ ...props, maximumExecutionTimeout: Duration.seconds(given) });
}

/** The host variant's InitialInstanceCount, when the endpoint and its config are in the template. */
function hostInstanceCount(host: { resource: TemplateResource } | undefined, variantName: string | null, stack: AssemblyStack): number | undefined {
  const match = hostVariant(host, variantName, stack);
  return typeof match?.InitialInstanceCount === 'number' && match.InitialInstanceCount >= 1 ? match.InitialInstanceCount : undefined;
}

/** The host variant of a component in the template's endpoint config, when it can be found. */
function hostVariant(host: { resource: TemplateResource } | undefined, variantName: string | null, stack: AssemblyStack): Obj | undefined {
  const config = host ? configResource(host.resource.Properties?.EndpointConfigName, stack) : undefined;
  const variants = config?.Properties?.ProductionVariants;
  if (!Array.isArray(variants)) {
    return undefined;
  }
  return variants.find((v: Obj) => v?.VariantName === variantName) ?? (variants.length === 1 ? variants[0] : undefined);
}

/**
 * How many copies fit one instance of the host variant (the constructs compute the same from the same table:
 * src/private/instance-resources.ts), or undefined for an instance type outside the table.
 */
function hostCopiesPerInstance(host: { resource: TemplateResource } | undefined, variantName: string | null, spec: Obj,
  stack: AssemblyStack): number | undefined {
  const type = hostVariant(host, variantName, stack)?.InstanceType;
  const req = (spec.ComputeResourceRequirements ?? {}) as Obj;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const fits = typeof type === 'string'
    ? copiesPerInstance(type, {
      cpus: num(req.NumberOfCpuCoresRequired),
      accelerators: num(req.NumberOfAcceleratorDevicesRequired),
      minMemoryMib: num(req.MinMemoryRequiredInMb),
    })
    : undefined;
  return fits !== undefined && fits >= 1 ? fits : undefined;
}

/**
 * An alarm on the component's `InferenceComponentName` watches old and new copies alike (the dimension is the same
 * for both: https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html); anything else is unknown.
 */
function componentAlarmWatches(alarm: TemplateResource, name: string | null, stack: AssemblyStack): AlarmWatches {
  const p = (alarm.Properties ?? {}) as Obj;
  const dimensionSets: unknown[] = Array.isArray(p.Metrics)
    ? p.Metrics.map((q: Obj) => q?.MetricStat?.Metric?.Dimensions).filter((d: unknown) => d !== undefined)
    : [p.Dimensions];
  const watchesThis = (dims: unknown) => Array.isArray(dims) && dims.some((d: Obj) => d?.Name === 'InferenceComponentName'
    && name !== null && resolveValue(d.Value, stack.template).value === name);
  return dimensionSets.length > 0 && dimensionSets.every(watchesThis) ? 'both-fleets' : 'unknown';
}
