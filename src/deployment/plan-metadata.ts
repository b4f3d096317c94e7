/**
 * What the deployment constructs write into the template besides the CloudFormation resources, and the pure
 * plan inputs the `cdk-sagemaker-endpoint` command rebuilds plans from.
 *
 * Not exported from the package index (jsii has no free functions or constants); documented in docs/cli.md.
 *
 * The template is the only source of truth (docs/cli.md, "What the command reads"): the command derives every
 * plan from the endpoint's `DeploymentConfig`, the endpoint config's `ProductionVariants`, the scalable targets
 * and the rollback alarms, with the same {@link DeploymentPlan} code as the library. No copy of a computed plan
 * is written. The one input a template cannot express is a `provisioningAllowance` that differs from the
 * default derived from the variants' timeouts: it is kept under {@link PROVISIONING_ALLOWANCE_METADATA_KEY}.
 */
import { Duration } from 'aws-cdk-lib';
import { CapacitySize, CapacitySizeType } from './capacity-size';
import { DeploymentPlan, PlanVariant } from './deployment-plan';
import { DeploymentStrategy } from './deployment-strategy';
import { TrafficRouting } from './traffic-routing';

/**
 * The Metadata key, on the `AWS::SageMaker::Endpoint` resource, of a user-given provisioning allowance in
 * seconds (a number). Written only when `provisioningAllowance` is given and differs from the default the
 * variants' `ModelDataDownloadTimeoutInSeconds` and `ContainerStartupHealthCheckTimeoutInSeconds` imply: the
 * allowance is a planning assumption of this library, not a SageMaker setting, so no resource property holds it.
 */
export const PROVISIONING_ALLOWANCE_METADATA_KEY = 'cdk-sagemaker-endpoint:provisioningAllowanceSeconds';

/** Which fleet a rollback alarm watches. */
export type AlarmWatches = 'new-fleet' | 'both-fleets' | 'unknown';

/** A capacity size in JSON. */
export interface CapacitySizeJson {
  readonly type: 'INSTANCE_COUNT' | 'CAPACITY_PERCENT';
  readonly value: number;
}

/** The inputs a plan is built from (enough to rebuild it with {@link planFromInputs}). */
export interface PlanInputsJson {
  /** Instances of the fleet (the sum over the variants, at the autoscaling minimum). */
  readonly instanceCount: number;
  /** The variants, each with its counts (absent in metadata written by older versions: one variant). */
  readonly variants?: Array<{
    readonly variantName: string; readonly instanceCount: number; readonly maxInstanceCount?: number; readonly weight?: number;
  }>;
  /** Whether the fleet is serverless. */
  readonly serverless?: boolean;
  /** Instances of the shadow variant (absent without one). */
  readonly shadowInstanceCount?: number;
  /** Blue/green only. */
  readonly trafficRouting?: {
    readonly type: 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR';
    readonly waitIntervalSeconds: number;
    readonly canarySize?: CapacitySizeJson;
    readonly linearStepSize?: CapacitySizeJson;
  };
  /** Blue/green only (0 when not set). */
  readonly terminationWaitSeconds?: number;
  /** Rolling only. */
  readonly maximumBatchSize?: CapacitySizeJson;
  /** Rolling only. */
  readonly waitIntervalSeconds?: number;
  /** Rolling only, when given. */
  readonly rollbackMaximumBatchSize?: CapacitySizeJson;
  /** Only when given by the user (else the plan computes the default). */
  readonly maximumExecutionTimeoutSeconds?: number;
  /** The provisioning allowance per fleet or batch. */
  readonly provisioningAllowanceSeconds: number;
}

/** The inputs of a plan, in JSON. */
export function planInputs(plan: DeploymentPlan): PlanInputsJson {
  const max = plan.atMaximum;
  const common = {
    instanceCount: plan.instanceCount,
    variants: plan.variants.map((v, i) => ({
      variantName: v.variantName,
      instanceCount: v.instanceCount,
      ...(max.variants[i].instanceCount !== v.instanceCount ? { maxInstanceCount: max.variants[i].instanceCount } : {}),
      ...(v.weight !== undefined ? { weight: v.weight } : {}),
    })),
    ...(plan.serverless ? { serverless: true } : {}),
    ...(plan.shadowInstanceCount > 0 ? { shadowInstanceCount: plan.shadowInstanceCount } : {}),
    ...(plan.isDefaultTimeout ? {} : { maximumExecutionTimeoutSeconds: plan.maximumExecutionTimeout.toSeconds() }),
    provisioningAllowanceSeconds: plan.provisioningAllowance.toSeconds(),
  };
  if (plan.strategy === DeploymentStrategy.ROLLING) {
    return {
      ...common,
      maximumBatchSize: sizeJson(plan.maximumBatchSize!),
      waitIntervalSeconds: plan.waitInterval.toSeconds(),
      ...(plan.rollbackMaximumBatchSize ? { rollbackMaximumBatchSize: sizeJson(plan.rollbackMaximumBatchSize) } : {}),
    };
  }
  const routing = plan.trafficRouting!;
  return {
    ...common,
    trafficRouting: {
      type: routing.type as 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR',
      waitIntervalSeconds: routing.waitInterval.toSeconds(),
      ...(routing.canarySize ? { canarySize: sizeJson(routing.canarySize) } : {}),
      ...(routing.linearStepSize ? { linearStepSize: sizeJson(routing.linearStepSize) } : {}),
    },
    terminationWaitSeconds: plan.terminationWait.toSeconds(),
  };
}

function sizeJson(size: CapacitySize): CapacitySizeJson {
  // an endpoint plan never holds a copy count (the plan rejects it)
  return { type: size.type as CapacitySizeJson['type'], value: size.value };
}

/**
 * Rebuilds a plan from `strategy` and `inputs` with the library's own code.
 *
 * Throws an Error naming the field for a malformed input (`inputs.instanceCount must be ...`), and the
 * library's validation message for out-of-range values.
 */
export function planFromInputs(strategy: unknown, inputs: unknown): DeploymentPlan {
  const i = object('inputs', inputs);
  const serverless = i.serverless === true;
  const fleet = Array.isArray(i.variants) && i.variants.length > 0
    ? { variants: i.variants.map((v, k) => variantFrom(`inputs.variants[${k}]`, v)), serverless }
    : { instanceCount: num('inputs.instanceCount', i.instanceCount), serverless };
  const allowance = optionalSeconds('inputs.provisioningAllowanceSeconds', i.provisioningAllowanceSeconds);
  const shadowInstanceCount = i.shadowInstanceCount === undefined ? undefined : num('inputs.shadowInstanceCount', i.shadowInstanceCount);
  const timeout = optionalSeconds('inputs.maximumExecutionTimeoutSeconds', i.maximumExecutionTimeoutSeconds);
  if (strategy === 'ROLLING') {
    return DeploymentPlan.rolling({
      ...fleet,
      shadowInstanceCount,
      maximumBatchSize: sizeFrom('inputs.maximumBatchSize', i.maximumBatchSize),
      waitInterval: Duration.seconds(num('inputs.waitIntervalSeconds', i.waitIntervalSeconds)),
      rollbackMaximumBatchSize: i.rollbackMaximumBatchSize === undefined ? undefined : sizeFrom('inputs.rollbackMaximumBatchSize', i.rollbackMaximumBatchSize),
      maximumExecutionTimeout: timeout,
      provisioningAllowance: allowance,
    });
  }
  if (strategy !== 'BLUE_GREEN') {
    throw new Error(`strategy must be BLUE_GREEN or ROLLING, got ${JSON.stringify(strategy)}`);
  }
  const r = object('inputs.trafficRouting', i.trafficRouting);
  const waitInterval = Duration.seconds(num('inputs.trafficRouting.waitIntervalSeconds', r.waitIntervalSeconds));
  let routing: TrafficRouting;
  switch (r.type) {
    case DeploymentStrategy.ALL_AT_ONCE:
      routing = TrafficRouting.allAtOnce({ waitInterval });
      break;
    case DeploymentStrategy.CANARY:
      routing = TrafficRouting.canary({ size: sizeFrom('inputs.trafficRouting.canarySize', r.canarySize), waitInterval });
      break;
    case DeploymentStrategy.LINEAR:
      routing = TrafficRouting.linear({ stepSize: sizeFrom('inputs.trafficRouting.linearStepSize', r.linearStepSize), waitInterval });
      break;
    default:
      throw new Error(`inputs.trafficRouting.type must be ALL_AT_ONCE, CANARY or LINEAR, got ${JSON.stringify(r.type)}`);
  }
  return DeploymentPlan.blueGreen({
    ...fleet,
    shadowInstanceCount,
    trafficRouting: routing,
    terminationWait: optionalSeconds('inputs.terminationWaitSeconds', i.terminationWaitSeconds),
    maximumExecutionTimeout: timeout,
    provisioningAllowance: allowance,
  });
}

type Obj = { [key: string]: unknown };

function object(field: string, value: unknown): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${field} must be an object, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as Obj;
}

function num(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${field} must be a number, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function variantFrom(field: string, value: unknown): PlanVariant {
  const v = object(field, value);
  if (typeof v.variantName !== 'string') {
    throw new Error(`${field}.variantName must be a string, got ${JSON.stringify(v.variantName) ?? 'nothing'}`);
  }
  return {
    variantName: v.variantName,
    instanceCount: num(`${field}.instanceCount`, v.instanceCount),
    maxInstanceCount: v.maxInstanceCount === undefined ? undefined : num(`${field}.maxInstanceCount`, v.maxInstanceCount),
    weight: v.weight === undefined ? undefined : num(`${field}.weight`, v.weight),
  };
}

function optionalSeconds(field: string, value: unknown): Duration | undefined {
  return value === undefined || value === null ? undefined : Duration.seconds(num(field, value));
}

function sizeFrom(field: string, value: unknown): CapacitySize {
  const s = object(field, value);
  const v = num(`${field}.value`, s.value);
  if (s.type === CapacitySizeType.CAPACITY_PERCENT) {
    return CapacitySize.percent(v);
  }
  if (s.type === CapacitySizeType.INSTANCE_COUNT) {
    return CapacitySize.instances(v);
  }
  if (s.type === CapacitySizeType.COPY_COUNT) {
    // the plan rejects it with the rule's message
    return CapacitySize.copies(v);
  }
  throw new Error(`${field}.type must be INSTANCE_COUNT or CAPACITY_PERCENT, got ${JSON.stringify(s.type)}`);
}
