import { Stack, Token, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import {
  ComponentHostingVariantInfo, EndpointConfig, IEndpointConfig, InstanceType, ProductionVariantInfo, VariantKind,
} from '../../endpoint-config';
import { CfnEndpointConfigReader } from '../../endpoint-config/cfn-endpoint-config';

/** One production variant as far as grants, autoscaling checks, deployments and plans need to know it. */
export interface FleetVariant {
  readonly variantName: string;
  readonly serverless: boolean;
  readonly instanceType?: InstanceType;
  /** The instance count a rollout starts from: the autoscaling minimum when attached, else the initial count. */
  readonly instanceCount?: number;
  /** The autoscaling maximum when autoscaling is attached (SageMaker keeps the live count: min to max). */
  readonly maxInstanceCount?: number;
  /** The initial traffic weight, when literal. */
  readonly weight?: number;
  /** ModelDataDownloadTimeoutInSeconds, when set and literal. */
  readonly downloadSeconds?: number;
  /** ContainerStartupHealthCheckTimeoutInSeconds, when set and literal. */
  readonly healthCheckSeconds?: number;
  /**
   * True for a variant that hosts inference components (an instance variant with no model): its instances
   * carry component copies, not a model, so a guarded endpoint update (blue/green or rolling) would move
   * copies in a way SageMaker does not document (see {@link componentHostingExclusions}). Undefined for model variants.
   */
  readonly hostsComponents?: boolean;
  /** The managed instance scaling range of a component-hosting variant, when literal. */
  readonly managedInstanceScaling?: ScalingRange;
  /**
   * True for the shadow variant (`ShadowProductionVariants`): its own fleet, which receives copies of the production
   * variant's requests and answers none (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html).
   * It counts in the instances of the endpoint and of a plan's peak, never in traffic shares, canaries or batches.
   * Undefined for production variants.
   */
  readonly shadow?: boolean;
}

/** What the endpoint knows about its fleet at synth: built once, by the endpoint, from the real config. */
export interface Fleet {
  /** Whether the config's variants are known (this library's EndpointConfig, or an L1 config with literal variants). */
  readonly known: boolean;
  readonly variants: FleetVariant[];
}

/** The autoscaling range of one variant, as the endpoint registered it. */
export interface ScalingRange {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/**
 * The component-hosting variants of a config, when known (undefined for an imported config or an L1 with
 * token variants).
 */
export function knownComponentHostingVariants(config: IEndpointConfig): ComponentHostingVariantInfo[] | undefined {
  if (config instanceof EndpointConfig || config instanceof CfnEndpointConfigReader) {
    return config.componentHostingVariants;
  }
  return undefined;
}

/**
 * The shadow variant of a config, when known and present (undefined for none, an imported config or an L1 whose
 * shadow list is a token).
 */
export function knownShadowVariant(config: IEndpointConfig): ProductionVariantInfo | undefined {
  if (config instanceof EndpointConfig || config instanceof CfnEndpointConfigReader) {
    return config.shadowProductionVariant;
  }
  return undefined;
}

/**
 * The variants of a config that serve a model, when known: the production variants, then the shadow variant
 * (undefined for an imported config or an L1 with token variants).
 */
export function knownModelVariants(config: IEndpointConfig): ProductionVariantInfo[] | undefined {
  const production = knownVariants(config);
  const shadow = knownShadowVariant(config);
  return production && [...production, ...(shadow ? [shadow] : [])];
}

/** The variants of a config, when known (undefined for an imported config or an L1 with token variants). */
export function knownVariants(config: IEndpointConfig): ProductionVariantInfo[] | undefined {
  if (config instanceof EndpointConfig || config instanceof CfnEndpointConfigReader) {
    return config.productionVariants;
  }
  return undefined;
}

/**
 * What a fleet built from `config` with `scalingCount` autoscaled variants depends on, or undefined when that
 * cannot be told cheaply. This library's EndpointConfig only appends variants (each rendered once, when added),
 * so its variant counts identify its variants; an L1 config's variants are a property anyone can reassign.
 */
export function fleetInputsKey(config: IEndpointConfig, scalingCount: number): string | undefined {
  if (!(config instanceof EndpointConfig)) {
    return undefined;
  }
  return `${config.productionVariants.length}/${config.componentHostingVariants.length}/${config.shadowProductionVariant ? 1 : 0}/${scalingCount}`;
}

/** Builds the fleet of an endpoint from its config and the autoscaling attached to its variants. */
export function buildFleet(config: IEndpointConfig, scaling: ReadonlyMap<string, ScalingRange>): Fleet {
  const infos = knownVariants(config);
  if (infos === undefined) {
    return { known: false, variants: [] };
  }
  const timeouts = config instanceof EndpointConfig ? renderedTimeouts(config) : new Map<string, RenderedTimeouts>();
  const hosting: FleetVariant[] = (knownComponentHostingVariants(config) ?? []).map(v => {
    const mis = v.managedInstanceScaling;
    const min = literal(mis?.minInstanceCount ?? 1);
    const max = literal(mis?.maxInstanceCount);
    return {
      variantName: v.variantName,
      serverless: false,
      instanceType: v.instanceType,
      instanceCount: literal(v.initialInstanceCount),
      hostsComponents: true,
      managedInstanceScaling: mis && min !== undefined && max !== undefined ? { minCapacity: min, maxCapacity: max } : undefined,
    };
  });
  const shadow = knownShadowVariant(config);
  return {
    known: true,
    variants: [...[...infos, ...(shadow ? [shadow] : [])].map((v): FleetVariant => {
      const serverless = v.kind === VariantKind.SERVERLESS;
      const literalName = !Token.isUnresolved(v.variantName);
      const range = !serverless && literalName ? scaling.get(v.variantName) : undefined;
      const instanceCount = serverless ? undefined : (range?.minCapacity ?? v.initialInstanceCount ?? 1);
      const t = literalName ? timeouts.get(v.variantName) : undefined;
      return {
        variantName: v.variantName,
        serverless,
        instanceType: v.instanceType,
        instanceCount: literal(instanceCount),
        maxInstanceCount: literal(range?.maxCapacity),
        weight: literal(v.initialVariantWeight),
        downloadSeconds: literal(t?.modelDataDownloadTimeoutInSeconds),
        healthCheckSeconds: literal(t?.containerStartupHealthCheckTimeoutInSeconds),
        ...(v === shadow ? { shadow: true } : {}),
      };
    }), ...hosting],
  };
}

/** Sum of the known instance counts (the size of one fleet), at least 1. */
export function fleetSize(fleet: Fleet): number {
  const total = fleet.variants.reduce((sum, v) => sum + (v.instanceCount ?? 0), 0);
  return Math.max(1, total);
}

function literal(value: unknown): number | undefined {
  return typeof value === 'number' && !Token.isUnresolved(value) ? value : undefined;
}

interface RenderedTimeouts {
  readonly modelDataDownloadTimeoutInSeconds?: unknown;
  readonly containerStartupHealthCheckTimeoutInSeconds?: unknown;
}

interface RenderedVariant extends RenderedTimeouts {
  readonly variantName?: unknown;
}

function resolvedNumber(stack: Stack, value: unknown): unknown {
  return Token.isUnresolved(value) ? stack.resolve(value) : value;
}

/** The timeouts of the config's rendered ProductionVariants (what CloudFormation receives), by variant name. */
function renderedTimeouts(config: EndpointConfig): Map<string, RenderedTimeouts> {
  const out = new Map<string, RenderedTimeouts>();
  const cfn = config.node.defaultChild;
  if (!(cfn instanceof sagemaker.CfnEndpointConfig)) {
    return out;
  }
  const stack = Stack.of(cfn);
  try {
    const own = config._renderedVariants();
    // the config's own rendering while the L1 still holds it (only its token values need resolving); else the L1's lists
    const variants: unknown[] = own
      ? own.map(v => ({
        variantName: v.variantName,
        modelDataDownloadTimeoutInSeconds: resolvedNumber(stack, v.modelDataDownloadTimeoutInSeconds),
        containerStartupHealthCheckTimeoutInSeconds: resolvedNumber(stack, v.containerStartupHealthCheckTimeoutInSeconds),
      }))
      : [cfn.productionVariants, cfn.shadowProductionVariants].flatMap(list => {
        const resolved: unknown = stack.resolve(list);
        return Array.isArray(resolved) ? resolved : [];
      });
    for (const v of variants as RenderedVariant[]) {
      if (v && typeof v.variantName === 'string') {
        out.set(v.variantName, v);
      }
    }
  } catch {
    // an unresolvable config renders no facts: the plan falls back to the minimum allowance
  }
  return out;
}
