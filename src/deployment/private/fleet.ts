import { Token } from 'aws-cdk-lib';
import { InstanceType } from '../../endpoint-config/instance-type';

/** One production variant as far as a deployment needs to know it. */
export interface FleetVariant {
  readonly variantName: string;
  readonly serverless: boolean;
  readonly instanceType?: InstanceType;
  /** The instance count a rollout starts from: the autoscaling minimum when attached, else the initial count. */
  readonly instanceCount?: number;
}

/** What the deployment knows about the endpoint's fleet at synth. */
export interface Fleet {
  /** Whether the config is this library's EndpointConfig (so its variants are known). */
  readonly known: boolean;
  readonly variants: FleetVariant[];
}

/** The narrow shape of this library's Endpoint the deployments read (so tests can reason about it). */
export interface FleetSource {
  readonly endpointConfig: unknown;
  _minInstanceCount(variantName: string): number | undefined;
}

/** Variant facts of this library's EndpointConfig (A's contract). */
interface VariantInfoLike {
  readonly variantName: string;
  readonly kind: string;
  readonly instanceType?: InstanceType;
  readonly initialInstanceCount?: number;
}

/** Reads the fleet from the endpoint's config when it is this library's EndpointConfig. */
export function describeFleet(endpoint: FleetSource): Fleet {
  const config = endpoint.endpointConfig as { productionVariants?: VariantInfoLike[] } | undefined;
  const infos = config?.productionVariants;
  if (!Array.isArray(infos)) {
    return { known: false, variants: [] };
  }
  return {
    known: true,
    variants: infos.map(v => {
      const serverless = v.kind === 'SERVERLESS';
      const literalName = !Token.isUnresolved(v.variantName);
      const min = !serverless && literalName ? endpoint._minInstanceCount(v.variantName) : undefined;
      const instanceCount = serverless ? undefined : (min ?? v.initialInstanceCount ?? 1);
      return {
        variantName: v.variantName,
        serverless,
        instanceType: v.instanceType,
        instanceCount: instanceCount !== undefined && Token.isUnresolved(instanceCount) ? undefined : instanceCount,
      };
    }),
  };
}

/** Sum of the known instance counts (the size of one fleet), at least 1. */
export function fleetSize(fleet: Fleet): number {
  const total = fleet.variants.reduce((sum, v) => sum + (v.instanceCount ?? 0), 0);
  return Math.max(1, total);
}
