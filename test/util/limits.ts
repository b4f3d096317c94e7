// An independent checker of SYNTHESIZED templates against ../shared/reference/sagemaker-limits.md.
//
// It reads only the CloudFormation template (never the library's objects or helpers), so a value the
// library let through is judged by rules written down a second time, from the reference document.
// Unresolved values (Ref, Fn::*) are skipped, except where a lower bound can still be computed (S3 URIs).
// Returns one human-readable line per violation; an empty list means the template is within limits.

type Json = any;

const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const SERVERLESS_MEMORY = [1024, 2048, 3072, 4096, 5120, 6144];
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/;
/** Families whose instances have local NVMe storage (KmsKeyId rejected). Only families we are sure of. */
const NVME_FAMILIES = ['c5d', 'm5d', 'r5d', 'g4dn', 'g5', 'p3dn', 'p4d'];
const RETAINED = ['DesiredInstanceCount', 'DesiredWeight', 'DataCaptureConfig'];
/** AWS API integers (InitialInstanceCount, MinCapacity, ...) are 32-bit. */
const INT32_MAX = 2_147_483_647;

function literal(v: Json): boolean {
  return v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v));
}

function isInt(v: Json): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}

/** The number is a literal and outside [min, max] (or not a whole number when `int`). */
function badNumber(v: Json, min: number, max: number, int = true): boolean {
  if (v === undefined || !literal(v)) {
    return false;
  }
  return typeof v !== 'number' || !Number.isFinite(v) || (int && !Number.isInteger(v)) || v < min || v > max;
}

function badName(v: Json): boolean {
  return typeof v === 'string' && !SAGEMAKER_NAME.test(v);
}

/** A lower bound of the length of a (possibly joined) string; tokens count as 3 characters (a bucket name). */
function minLength(v: Json): number | undefined {
  if (typeof v === 'string') {
    return v.length;
  }
  if (v && typeof v === 'object' && Array.isArray(v['Fn::Join']) && v['Fn::Join'][0] === '') {
    return (v['Fn::Join'][1] as Json[]).reduce((sum: number, part: Json) => sum + (typeof part === 'string' ? part.length : 3), 0);
  }
  return undefined;
}

function checkTags(where: string, tags: Json, out: string[]): void {
  if (!Array.isArray(tags)) {
    return;
  }
  if (tags.length > 50) {
    out.push(`${where} Tags: ${tags.length} tags (max 50)`);
  }
  for (const t of tags) {
    const key = t.Key;
    const value = t.Value;
    if (typeof key === 'string') {
      if (key.length < 1 || key.length > 128) {
        out.push(`${where} Tags: key length ${key.length} (1-128)`);
      }
      if (key.toLowerCase().startsWith('aws:')) {
        out.push(`${where} Tags: reserved key ${JSON.stringify(key)}`);
      }
      if (!TAG_CHARS.test(key)) {
        out.push(`${where} Tags: key characters ${JSON.stringify(key)}`);
      }
    }
    if (typeof value === 'string') {
      if (value.length > 256) {
        out.push(`${where} Tags: value length ${value.length} (0-256)`);
      }
      if (!TAG_CHARS.test(value)) {
        out.push(`${where} Tags: value characters ${JSON.stringify(value)}`);
      }
    }
  }
}

interface VariantFacts {
  readonly name: Json;
  readonly serverless: boolean;
  readonly instanceType?: string;
  readonly count?: number;
}

function checkEndpointConfig(id: string, p: Json, out: string[]): VariantFacts[] {
  const where = `EndpointConfig ${id}`;
  if (badName(p.EndpointConfigName)) {
    out.push(`${where} EndpointConfigName ${JSON.stringify(p.EndpointConfigName)}`);
  }
  const variants: Json[] = Array.isArray(p.ProductionVariants) ? p.ProductionVariants : [];
  if (Array.isArray(p.ProductionVariants) && (variants.length < 1 || variants.length > 10)) {
    out.push(`${where} ProductionVariants: ${variants.length} (1-10)`);
  }
  const names = variants.map(v => v.VariantName).filter(n => typeof n === 'string');
  if (new Set(names).size !== names.length) {
    out.push(`${where} VariantName not unique: ${JSON.stringify(names)}`);
  }
  const serverless = variants.filter(v => v.ServerlessConfig !== undefined);
  if (serverless.length > 0 && variants.length > 1) {
    out.push(`${where} a serverless variant must be the only variant`);
  }
  const facts: VariantFacts[] = [];
  for (const v of variants) {
    const vw = `${where} variant ${JSON.stringify(v.VariantName)}`;
    if (v.VariantName === undefined) {
      out.push(`${vw}: VariantName missing`);
    } else if (badName(v.VariantName)) {
      out.push(`${vw}: VariantName`);
    }
    if (v.ServerlessConfig) {
      const s = v.ServerlessConfig;
      if (literal(s.MemorySizeInMB) && !SERVERLESS_MEMORY.includes(s.MemorySizeInMB)) {
        out.push(`${vw}: MemorySizeInMB ${s.MemorySizeInMB}`);
      }
      if (badNumber(s.MaxConcurrency, 1, 200)) {
        out.push(`${vw}: MaxConcurrency ${s.MaxConcurrency}`);
      }
      if (badNumber(s.ProvisionedConcurrency, 1, 200)) {
        out.push(`${vw}: ProvisionedConcurrency ${s.ProvisionedConcurrency}`);
      }
      if (isInt(s.ProvisionedConcurrency) && isInt(s.MaxConcurrency) && s.ProvisionedConcurrency > s.MaxConcurrency) {
        out.push(`${vw}: ProvisionedConcurrency ${s.ProvisionedConcurrency} > MaxConcurrency ${s.MaxConcurrency}`);
      }
      if (v.InstanceType !== undefined || v.InitialInstanceCount !== undefined) {
        out.push(`${vw}: serverless variant with instance settings`);
      }
      facts.push({ name: v.VariantName, serverless: true });
      continue;
    }
    if (v.InstanceType === undefined) {
      out.push(`${vw}: InstanceType missing`);
    } else if (typeof v.InstanceType === 'string' && !/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(v.InstanceType)) {
      out.push(`${vw}: InstanceType ${JSON.stringify(v.InstanceType)}`);
    }
    if (badNumber(v.InitialInstanceCount, 1, INT32_MAX)) {
      out.push(`${vw}: InitialInstanceCount ${v.InitialInstanceCount}`);
    }
    if (badNumber(v.InitialVariantWeight, 0, Number.MAX_VALUE, false)) {
      out.push(`${vw}: InitialVariantWeight ${v.InitialVariantWeight}`);
    }
    if (badNumber(v.VolumeSizeInGB, 1, 512)) {
      out.push(`${vw}: VolumeSizeInGB ${v.VolumeSizeInGB}`);
    }
    if (badNumber(v.ModelDataDownloadTimeoutInSeconds, 60, 3600)) {
      out.push(`${vw}: ModelDataDownloadTimeoutInSeconds ${v.ModelDataDownloadTimeoutInSeconds}`);
    }
    if (badNumber(v.ContainerStartupHealthCheckTimeoutInSeconds, 60, 3600)) {
      out.push(`${vw}: ContainerStartupHealthCheckTimeoutInSeconds ${v.ContainerStartupHealthCheckTimeoutInSeconds}`);
    }
    const family = typeof v.InstanceType === 'string' ? v.InstanceType.split('.')[1] : undefined;
    if (p.KmsKeyId !== undefined && family !== undefined && NVME_FAMILIES.includes(family)) {
      out.push(`${vw}: KmsKeyId with local-NVMe instance type ${v.InstanceType}`);
    }
    facts.push({
      name: v.VariantName,
      serverless: false,
      instanceType: typeof v.InstanceType === 'string' ? v.InstanceType : undefined,
      count: isInt(v.InitialInstanceCount) ? v.InitialInstanceCount : undefined,
    });
  }
  const dc = p.DataCaptureConfig;
  if (dc) {
    if (badNumber(dc.InitialSamplingPercentage, 0, 100)) {
      out.push(`${where} DataCapture InitialSamplingPercentage ${dc.InitialSamplingPercentage}`);
    }
    const len = minLength(dc.DestinationS3Uri);
    if (len !== undefined && len > 512) {
      out.push(`${where} DataCapture DestinationS3Uri at least ${len} characters (max 512)`);
    }
    const modes = (dc.CaptureOptions ?? []).map((o: Json) => o.CaptureMode);
    if (modes.length < 1 || modes.length > 2 || modes.some((m: Json) => m !== 'Input' && m !== 'Output') || new Set(modes).size !== modes.length) {
      out.push(`${where} DataCapture CaptureOptions ${JSON.stringify(modes)}`);
    }
    for (const key of ['CsvContentTypes', 'JsonContentTypes']) {
      const types = dc.CaptureContentTypeHeader?.[key];
      if (types === undefined) {
        continue;
      }
      if (!Array.isArray(types) || types.length < 1 || types.length > 10) {
        out.push(`${where} DataCapture ${key} count`);
      } else {
        for (const t of types) {
          if (typeof t === 'string' && (t.length > 256 || !CONTENT_TYPE.test(t))) {
            out.push(`${where} DataCapture ${key} ${JSON.stringify(t)}`);
          }
        }
      }
    }
  }
  const ai = p.AsyncInferenceConfig;
  if (ai) {
    if (serverless.length > 0) {
      out.push(`${where} AsyncInferenceConfig with a serverless variant`);
    }
    if (!ai.OutputConfig) {
      out.push(`${where} AsyncInferenceConfig without OutputConfig`);
    }
    if (badNumber(ai.ClientConfig?.MaxConcurrentInvocationsPerInstance, 1, 1000)) {
      out.push(`${where} MaxConcurrentInvocationsPerInstance ${ai.ClientConfig.MaxConcurrentInvocationsPerInstance}`);
    }
    for (const key of ['S3OutputPath', 'S3FailurePath']) {
      const len = minLength(ai.OutputConfig?.[key]);
      if (len !== undefined && len > 512) {
        out.push(`${where} AsyncInference ${key} at least ${len} characters (max 512)`);
      }
    }
  }
  checkTags(where, p.Tags, out);
  return facts;
}

function capacity(where: string, size: Json, out: string[]): { type: string; value: number } | undefined {
  if (!size || !literal(size.Value)) {
    return undefined;
  }
  if (size.Type !== 'INSTANCE_COUNT' && size.Type !== 'CAPACITY_PERCENT') {
    out.push(`${where} Type ${JSON.stringify(size.Type)}`);
    return undefined;
  }
  if (!isInt(size.Value) || size.Value < 1) {
    out.push(`${where} Value ${size.Value}`);
    return undefined;
  }
  return { type: size.Type, value: size.Value };
}

/** Checks a count-or-percent size against every instance variant of n instances. */
function checkSize(where: string, size: { type: string; value: number } | undefined, fleet: VariantFacts[],
  percent: [number, number], count: (n: number) => [number, number], out: string[]): void {
  if (!size) {
    return;
  }
  if (size.type === 'CAPACITY_PERCENT') {
    if (size.value < percent[0] || size.value > percent[1]) {
      out.push(`${where} ${size.value} percent (${percent[0]}-${percent[1]})`);
    }
    return;
  }
  for (const v of fleet) {
    if (v.serverless || v.count === undefined) {
      continue;
    }
    const [lo, hi] = count(v.count);
    if (size.value < Math.max(1, lo) || size.value > hi) {
      out.push(`${where} ${size.value} instances for a fleet of ${v.count} (${Math.max(1, lo)}-${hi})`);
    }
  }
}

function checkEndpoint(id: string, p: Json, fleet: VariantFacts[] | undefined, scaledMin: Map<string, number>, out: string[]): void {
  const where = `Endpoint ${id}`;
  if (badName(p.EndpointName)) {
    out.push(`${where} EndpointName ${JSON.stringify(p.EndpointName)}`);
  }
  checkTags(where, p.Tags, out);
  const excluded: Json[] = (p.ExcludeRetainedVariantProperties ?? []).map((e: Json) => e.VariantPropertyType);
  if (excluded.length > 0) {
    if (p.RetainAllVariantProperties !== true) {
      out.push(`${where} ExcludeRetainedVariantProperties without RetainAllVariantProperties true`);
    }
    if (excluded.length > 3 || new Set(excluded).size !== excluded.length || excluded.some(e => !RETAINED.includes(e))) {
      out.push(`${where} ExcludeRetainedVariantProperties ${JSON.stringify(excluded)}`);
    }
  }
  const dc = p.DeploymentConfig;
  if (!dc) {
    return;
  }
  // the fleet a rollout starts from: the autoscaling minimum when a scalable target exists
  const variants = (fleet ?? []).map(v => typeof v.name === 'string' && scaledMin.has(v.name) ? { ...v, count: scaledMin.get(v.name) } : v);
  const bg = dc.BlueGreenUpdatePolicy;
  const rolling = dc.RollingUpdatePolicy;
  if (bg && rolling) {
    out.push(`${where} both BlueGreenUpdatePolicy and RollingUpdatePolicy`);
  }
  const alarms = dc.AutoRollbackConfiguration?.Alarms;
  if (dc.AutoRollbackConfiguration) {
    if (!Array.isArray(alarms) || alarms.length < 1 || alarms.length > 10) {
      out.push(`${where} AutoRollbackConfiguration Alarms count ${Array.isArray(alarms) ? alarms.length : 'missing'}`);
    } else {
      const names = alarms.map((a: Json) => a.AlarmName).filter((n: Json) => typeof n === 'string');
      if (new Set(names).size !== names.length) {
        out.push(`${where} rollback alarms not unique: ${JSON.stringify(names)}`);
      }
      for (const n of names) {
        if (n.length < 1 || n.length > 255 || n.trim() === '') {
          out.push(`${where} rollback alarm name ${JSON.stringify(n)}`);
        }
      }
    }
  }
  const literalNames = variants.map(v => v.name);
  for (const name of literalNames) {
    if (typeof name !== 'string' && (bg?.TrafficRoutingConfiguration?.Type !== 'ALL_AT_ONCE' || rolling)) {
      out.push(`${where} guarded deployment with a token VariantName`);
    }
  }
  const guardedOn = (strategy: string) => {
    for (const v of variants) {
      if (v.serverless) {
        out.push(`${where} ${strategy} on the serverless variant ${JSON.stringify(v.name)}`);
      }
      if (v.instanceType?.startsWith('ml.inf1.')) {
        out.push(`${where} ${strategy} on Inf1 variant ${JSON.stringify(v.name)}`);
      }
    }
  };
  const n = variants.reduce((sum, v) => sum + (v.count ?? 0), 0);
  let totalWait: number | undefined;
  let timeout: Json;
  if (bg) {
    const t = bg.TrafficRoutingConfiguration ?? {};
    const wait = t.WaitIntervalInSeconds;
    if (wait === undefined) {
      out.push(`${where} WaitIntervalInSeconds missing (the API requires it)`);
    }
    if (badNumber(wait, 0, 3600)) {
      out.push(`${where} WaitIntervalInSeconds ${wait}`);
    }
    if (badNumber(bg.TerminationWaitInSeconds, 0, 3600)) {
      out.push(`${where} TerminationWaitInSeconds ${bg.TerminationWaitInSeconds}`);
    }
    timeout = bg.MaximumExecutionTimeoutInSeconds;
    const canary = capacity(`${where} CanarySize`, t.CanarySize, out);
    const linear = capacity(`${where} LinearStepSize`, t.LinearStepSize, out);
    if ((t.Type === 'CANARY') !== (t.CanarySize !== undefined)) {
      out.push(`${where} CanarySize must be given iff Type is CANARY`);
    }
    if ((t.Type === 'LINEAR') !== (t.LinearStepSize !== undefined)) {
      out.push(`${where} LinearStepSize must be given iff Type is LINEAR`);
    }
    checkSize(`${where} CanarySize`, canary, variants, [1, 50], k => [1, Math.floor(k / 2)], out);
    checkSize(`${where} LinearStepSize`, linear, variants, [10, 50], k => [Math.ceil(0.1 * k), Math.floor(0.5 * k)], out);
    if (t.Type === 'CANARY' || t.Type === 'LINEAR') {
      guardedOn(t.Type.toLowerCase());
    }
    if (isInt(wait) && (bg.TerminationWaitInSeconds === undefined || isInt(bg.TerminationWaitInSeconds))) {
      let shifts = 1;
      if (t.Type === 'CANARY') {
        shifts = 2;
      } else if (t.Type === 'LINEAR' && linear) {
        // fewest steps SageMaker could take: a step turns on whole instances of each variant (API_CapacitySize),
        // and a percentage rounded up (the rounding is not documented) gives the biggest step
        const counts = variants.filter(v => !v.serverless && v.count !== undefined).map(v => v.count!);
        const steps = counts.map(k => Math.ceil(k / (linear.type === 'CAPACITY_PERCENT' ? Math.max(1, Math.ceil((k * linear.value) / 100)) : linear.value)));
        shifts = steps.length > 0 ? Math.max(...steps) : 1;
      }
      totalWait = shifts * wait + (bg.TerminationWaitInSeconds ?? 0);
    }
  }
  if (rolling) {
    guardedOn('rolling');
    if (fleet !== undefined && fleet.length !== 1) {
      out.push(`${where} rolling with ${fleet.length} variants`);
    }
    const wait = rolling.WaitIntervalInSeconds;
    if (wait === undefined || badNumber(wait, 0, 3600)) {
      out.push(`${where} rolling WaitIntervalInSeconds ${wait}`);
    }
    timeout = rolling.MaximumExecutionTimeoutInSeconds;
    if (rolling.MaximumBatchSize === undefined) {
      out.push(`${where} MaximumBatchSize missing`);
    }
    const batch = capacity(`${where} MaximumBatchSize`, rolling.MaximumBatchSize, out);
    checkSize(`${where} MaximumBatchSize`, batch, variants, [5, 50], k => [Math.ceil(0.05 * k), Math.floor(0.5 * k)], out);
    const rollback = capacity(`${where} RollbackMaximumBatchSize`, rolling.RollbackMaximumBatchSize, out);
    // the API documents only Value >= 1 and the 100 percent default (API_RollingUpdatePolicy)
    checkSize(`${where} RollbackMaximumBatchSize`, rollback, variants, [1, 100], k => [1, k], out);
    if (isInt(wait) && batch && n > 0) {
      // fewest batches: a percentage rounded up gives the biggest batch
      const instances = batch.type === 'CAPACITY_PERCENT' ? Math.ceil((n * batch.value) / 100) : batch.value;
      totalWait = Math.ceil(n / instances) * wait;
    }
  }
  if (timeout === undefined) {
    out.push(`${where} MaximumExecutionTimeoutInSeconds missing`);
  } else if (badNumber(timeout, 600, 28800)) {
    out.push(`${where} MaximumExecutionTimeoutInSeconds ${timeout}`);
  } else if (isInt(timeout) && totalWait !== undefined && totalWait >= timeout) {
    out.push(`${where} MaximumExecutionTimeoutInSeconds ${timeout} does not exceed all waits (${totalWait})`);
  }
}

function checkAlarm(id: string, p: Json, out: string[]): void {
  const where = `Alarm ${id}`;
  if (typeof p.AlarmName === 'string' && (p.AlarmName.length < 1 || p.AlarmName.length > 255)) {
    out.push(`${where} AlarmName length ${p.AlarmName.length}`);
  }
  const period = p.Period;
  if (isInt(period) && !(period === 10 || period === 30 || (period >= 60 && period % 60 === 0))) {
    out.push(`${where} Period ${period}`);
  }
  if (badNumber(p.EvaluationPeriods, 1, INT32_MAX)) {
    out.push(`${where} EvaluationPeriods ${p.EvaluationPeriods}`);
  }
  if (isInt(p.DatapointsToAlarm) && isInt(p.EvaluationPeriods) && (p.DatapointsToAlarm < 1 || p.DatapointsToAlarm > p.EvaluationPeriods)) {
    out.push(`${where} DatapointsToAlarm ${p.DatapointsToAlarm} of ${p.EvaluationPeriods}`);
  }
  // PutMetricAlarm: EvaluationPeriods x Period can be at most one day
  if (isInt(period) && isInt(p.EvaluationPeriods) && period * p.EvaluationPeriods > 86400) {
    out.push(`${where} EvaluationPeriods x Period ${p.EvaluationPeriods} x ${period} s is more than one day`);
  }
}

/**
 * Checks every SageMaker endpoint config, endpoint, scalable target and alarm of a template.
 * Endpoints are checked against the template's (single) endpoint config when there is exactly one.
 */
export function checkTemplateLimits(template: Json): string[] {
  const out: string[] = [];
  const resources: Array<[string, Json]> = Object.entries(template.Resources ?? {});
  const configs = new Map<string, VariantFacts[]>();
  for (const [id, r] of resources) {
    if (r.Type === 'AWS::SageMaker::EndpointConfig') {
      configs.set(id, checkEndpointConfig(id, r.Properties ?? {}, out));
    }
  }
  const scaledMin = new Map<string, number>();
  for (const [id, r] of resources) {
    if (r.Type !== 'AWS::ApplicationAutoScaling::ScalableTarget' || r.Properties?.ServiceNamespace !== 'sagemaker') {
      continue;
    }
    const p = r.Properties;
    const where = `ScalableTarget ${id}`;
    if (badNumber(p.MinCapacity, 0, INT32_MAX) || badNumber(p.MaxCapacity, 0, INT32_MAX)) {
      out.push(`${where} capacity ${p.MinCapacity}-${p.MaxCapacity}`);
    } else if (isInt(p.MinCapacity) && isInt(p.MaxCapacity) && p.MinCapacity > p.MaxCapacity) {
      out.push(`${where} MinCapacity ${p.MinCapacity} > MaxCapacity ${p.MaxCapacity}`);
    }
    // inference components (reference inference-components.md section 4): ResourceId inference-component/<name>,
    // dimension sagemaker:inference-component:DesiredCopyCount, MinCapacity 0 allowed, on a component of the template
    const component = typeof p.ResourceId === 'string' ? /^inference-component\/([^/]+)$/.exec(p.ResourceId) : null;
    if (component) {
      const names = resources.filter(([, x]) => x.Type === 'AWS::SageMaker::InferenceComponent').map(([, x]) => x.Properties?.InferenceComponentName);
      if (p.ScalableDimension !== 'sagemaker:inference-component:DesiredCopyCount') {
        out.push(`${where} ScalableDimension ${JSON.stringify(p.ScalableDimension)} for an inference component`);
      }
      if (!names.includes(component[1])) {
        out.push(`${where} scales inference component ${JSON.stringify(component[1])}, which the template does not have`);
      }
      if (isInt(p.MaxCapacity) && p.MaxCapacity < 1) {
        out.push(`${where} MaxCapacity ${p.MaxCapacity} for an inference component (at least 1)`);
      }
      continue;
    }
    const match = typeof p.ResourceId === 'string' ? /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(p.ResourceId) : null;
    if (typeof p.ResourceId === 'string' && !match) {
      out.push(`${where} ResourceId ${JSON.stringify(p.ResourceId)}`);
    }
    if (match && configs.size === 1) {
      const [fleet] = [...configs.values()];
      const variant = fleet.find(v => v.name === match[2]);
      if (!variant) {
        out.push(`${where} scales variant ${JSON.stringify(match[2])}, which the endpoint config does not have (${JSON.stringify(fleet.map(v => v.name))})`);
      } else if (variant.serverless) {
        out.push(`${where} scales the serverless variant ${JSON.stringify(match[2])}`);
      } else if (variant.instanceType && /^ml\.t\d/.test(variant.instanceType)) {
        out.push(`${where} scales the burstable variant ${JSON.stringify(match[2])} (${variant.instanceType})`);
      }
      if (isInt(p.MinCapacity)) {
        scaledMin.set(match[2], p.MinCapacity);
      }
    }
  }
  for (const [id, r] of resources) {
    if (r.Type === 'AWS::SageMaker::Endpoint') {
      checkEndpoint(id, r.Properties ?? {}, configs.size === 1 ? [...configs.values()][0] : undefined, scaledMin, out);
    }
    if (r.Type === 'AWS::CloudWatch::Alarm') {
      checkAlarm(id, r.Properties ?? {}, out);
    }
  }
  return out;
}
