/**
 * Finds the SageMaker endpoints of an assembly and rebuilds their deployment plans with the library's own
 * DeploymentPlan code (from the plan metadata the constructs write, or from a raw DeploymentConfig).
 */
import { AssemblyStack, TemplateResource } from './assembly';
import { UsageError } from './errors';
import { referencedId, resolveValue } from './resolve';
import { DeploymentPlan } from '../deployment/deployment-plan';
import { AlarmWatches, PLAN_METADATA_KEY, planFromInputs, planFromMetadata } from '../deployment/plan-metadata';
import { PlanJson } from '../deployment/plan-render';
import { formatSeconds } from '../private/plan-format';

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
  /** Where the plan came from. */
  readonly source: 'metadata' | 'deployment-config' | 'none';
  readonly strategy: 'BLUE_GREEN' | 'ROLLING' | 'NONE';
  readonly trafficRouting: string | null;
  readonly instanceCount: number | null;
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
  const metadata = resource.Metadata?.[PLAN_METADATA_KEY] as { [key: string]: unknown } | undefined;
  const cdkPath = resource.Metadata?.['aws:cdk:path'];
  const where = `${stack.templateDisplayPath}: Resources.${id}`;

  const endpointName = resolveValue(metadata?.endpointName ?? props.EndpointName, template).value ?? null;
  const endpointConfigName = resolveValue(metadata?.endpointConfigName ?? props.EndpointConfigName, template).value ?? null;
  const findings: Finding[] = [];
  let plan: DeploymentPlan | undefined;
  let strategy: EndpointReport['strategy'] = 'NONE';
  let source: EndpointReport['source'] = 'none';
  let alarms: AlarmReport[] = [];
  let variantName: string | null = null;

  if (metadata !== undefined) {
    source = 'metadata';
    try {
      plan = planFromMetadata(metadata);
    } catch (e) {
      throw new UsageError(`${where}.Metadata["${PLAN_METADATA_KEY}"]: ${(e as Error).message}`);
    }
    strategy = metadata.strategy === 'ROLLING' ? 'ROLLING' : 'BLUE_GREEN';
    variantName = typeof metadata.variantName === 'string' ? metadata.variantName : null;
    const list = Array.isArray(metadata.alarms) ? metadata.alarms as Array<{ alarmName?: unknown; watches?: unknown }> : [];
    alarms = list.map(a => ({
      alarmName: alarmDisplayName(a.alarmName, stack),
      watches: isWatches(a.watches) ? a.watches : 'unknown',
    }));
    if (!plan) {
      findings.push({ level: 'warning', code: 'unknownFleetSize', message: 'the fleet size is not known at synth, so there is no timeline' });
    }
  } else if (props.DeploymentConfig !== undefined) {
    source = 'deployment-config';
    const dc = props.DeploymentConfig as { [key: string]: unknown };
    strategy = dc.RollingUpdatePolicy !== undefined ? 'ROLLING' : 'BLUE_GREEN';
    const config = configResource(props.EndpointConfigName, stack);
    const variant = firstInstanceVariant(config);
    variantName = variant?.name ?? null;
    alarms = rollbackAlarms(dc, stack);
    try {
      const inputs = inputsFromDeploymentConfig(dc, variant?.count);
      plan = inputs ? planFromInputs(strategy, inputs) : undefined;
    } catch (e) {
      findings.push({ level: 'error', code: 'invalidDeploymentConfig', message: `DeploymentConfig: ${(e as Error).message}` });
    }
    if (!plan && findings.length === 0) {
      findings.push({ level: 'warning', code: 'unknownFleetSize', message: 'the fleet size or the DeploymentConfig is not known at synth, so there is no timeline' });
    }
  } else {
    findings.push({
      level: 'info',
      code: 'noDeployment',
      message: 'no deployment configured: SageMaker replaces the fleet all at once, with no bake and no alarm rollback',
    });
  }

  const json = plan?._toJsonObject() ?? null;
  if (json) {
    findings.push(...planFindings(json, alarms));
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
    plan: json,
    alarms,
    findings,
  };
}

/** Findings about a plan: the timeout, the slack and the alarms (failure-modes rows 4 and 7). */
export function planFindings(plan: PlanJson, alarms: AlarmReport[]): Finding[] {
  const findings: Finding[] = [];
  const timeout = plan.maximumExecutionTimeoutSeconds;
  const wait = plan.steps.find(s => s.kind === 'SHIFT_TRAFFIC')?.durationSeconds ?? 0;
  if (plan.waitsExceedTimeout) {
    findings.push({
      level: 'error',
      code: 'waitsExceedTimeout',
      message: `the waits alone (${formatSeconds(plan.totalWaitSeconds)}) reach maximumExecutionTimeout `
        + `(${formatSeconds(timeout)}): every rollout times out and rolls back`,
    });
  } else if (plan.worstCaseExceedsTimeout) {
    findings.push({
      level: 'warning',
      code: 'worstCaseExceedsTimeout',
      message: `the worst case (${formatSeconds(plan.worstCaseDurationSeconds)}) exceeds maximumExecutionTimeout `
        + `(${formatSeconds(timeout)}) by ${formatSeconds(-plan.slackSeconds)}: slow provisioning times out the rollout`,
    });
  } else if (!plan.isDefaultTimeout && plan.slackSeconds < Math.max(300, timeout / 10)) {
    findings.push({
      level: 'warning',
      code: 'tightSlack',
      message: `only ${formatSeconds(plan.slackSeconds)} of slack between the worst case and maximumExecutionTimeout`,
    });
  }
  if (alarms.length === 0) {
    findings.push(wait > 0
      ? { level: 'warning', code: 'bakeWithoutAlarms', message: `bakes for ${formatSeconds(wait)} with no rollback alarms: the bake only waits` }
      : { level: 'warning', code: 'noAlarms', message: 'no rollback alarms: a bad model rolls out to the whole fleet' });
  }
  for (const alarm of alarms.filter(a => a.watches === 'both-fleets')) {
    findings.push({
      level: 'info',
      code: 'alarmWatchesBothFleets',
      message: `alarm ${alarm.alarmName} watches both fleets: the old fleet alone can stop a healthy rollout`,
    });
  }
  return findings;
}

function isWatches(value: unknown): value is AlarmWatches {
  return value === 'new-fleet' || value === 'both-fleets' || value === 'unknown';
}

function alarmDisplayName(value: unknown, stack: AssemblyStack): string {
  const resolved = resolveValue(value, stack.template);
  if (resolved.value !== undefined) {
    return resolved.value;
  }
  return resolved.logicalId ? `<generated name of ${resolved.logicalId}>` : `<${resolved.unresolved}>`;
}

function configResource(name: unknown, stack: AssemblyStack): TemplateResource | undefined {
  const resources = stack.template.Resources ?? {};
  const id = referencedId(name);
  if (id && resources[id]?.Type === 'AWS::SageMaker::EndpointConfig') {
    return resources[id];
  }
  const literal = resolveValue(name, stack.template).value;
  return Object.values(resources).find(r => r?.Type === 'AWS::SageMaker::EndpointConfig'
    && literal !== undefined && resolveValue(r.Properties?.EndpointConfigName, stack.template).value === literal);
}

function firstInstanceVariant(config: TemplateResource | undefined): { name?: string; count?: number } | undefined {
  const variants = config?.Properties?.ProductionVariants;
  if (!Array.isArray(variants)) {
    return undefined;
  }
  const v = variants.find(x => x && typeof x === 'object' && (x as { ServerlessConfig?: unknown }).ServerlessConfig === undefined) as
    { VariantName?: unknown; InitialInstanceCount?: unknown } | undefined;
  if (!v) {
    return undefined;
  }
  return {
    name: typeof v.VariantName === 'string' ? v.VariantName : undefined,
    count: typeof v.InitialInstanceCount === 'number' ? v.InitialInstanceCount : undefined,
  };
}

function rollbackAlarms(dc: { [key: string]: unknown }, stack: AssemblyStack): AlarmReport[] {
  const auto = dc.AutoRollbackConfiguration as { Alarms?: unknown } | undefined;
  const list = Array.isArray(auto?.Alarms) ? auto!.Alarms as Array<{ AlarmName?: unknown }> : [];
  return list.map(a => ({ alarmName: alarmDisplayName(a.AlarmName, stack), watches: alarmWatches(a.AlarmName, stack) }));
}

/** new-fleet when the alarm's metric has an EndpointConfigName dimension, both-fleets without it. */
function alarmWatches(name: unknown, stack: AssemblyStack): AlarmWatches {
  const id = referencedId(name);
  const resource = id ? stack.template.Resources?.[id] : undefined;
  if (!resource || resource.Type !== 'AWS::CloudWatch::Alarm') {
    return 'unknown';
  }
  const text = JSON.stringify(resource.Properties ?? {});
  if (!text.includes('"EndpointName"')) {
    return 'unknown';
  }
  return text.includes('"EndpointConfigName"') ? 'new-fleet' : 'both-fleets';
}

/** The plan inputs of a raw CloudFormation DeploymentConfig (undefined when a value is not a literal). */
function inputsFromDeploymentConfig(dc: { [key: string]: unknown }, instanceCount: number | undefined): { [key: string]: unknown } | undefined {
  if (instanceCount === undefined) {
    return undefined;
  }
  const size = (s: unknown) => (s && typeof s === 'object' ? { type: (s as { Type?: unknown }).Type, value: (s as { Value?: unknown }).Value } : undefined);
  const rolling = dc.RollingUpdatePolicy as { [key: string]: unknown } | undefined;
  if (rolling) {
    return {
      instanceCount,
      maximumBatchSize: size(rolling.MaximumBatchSize),
      waitIntervalSeconds: rolling.WaitIntervalInSeconds,
      ...(rolling.RollbackMaximumBatchSize !== undefined ? { rollbackMaximumBatchSize: size(rolling.RollbackMaximumBatchSize) } : {}),
      ...(rolling.MaximumExecutionTimeoutInSeconds !== undefined ? { maximumExecutionTimeoutSeconds: rolling.MaximumExecutionTimeoutInSeconds } : {}),
    };
  }
  const bg = (dc.BlueGreenUpdatePolicy ?? {}) as { [key: string]: unknown };
  const routing = (bg.TrafficRoutingConfiguration ?? { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 }) as { [key: string]: unknown };
  return {
    instanceCount,
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
