import { Stack, Token, aws_applicationautoscaling as appscaling, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { InstanceType } from '../../endpoint-config/instance-type';

/** One production variant as far as a deployment needs to know it. */
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
  readonly initialVariantWeight?: number;
}

/** Reads the fleet from the endpoint's config when it is this library's EndpointConfig. */
export function describeFleet(endpoint: FleetSource): Fleet {
  const config = endpoint.endpointConfig as { productionVariants?: VariantInfoLike[] } | undefined;
  const infos = config?.productionVariants;
  if (!Array.isArray(infos)) {
    return { known: false, variants: [] };
  }
  const rendered = renderedVariants(config as unknown as IConstruct);
  const maxima = autoscalingMaxima(endpoint as unknown as IConstruct);
  return {
    known: true,
    variants: infos.map(v => {
      const serverless = v.kind === 'SERVERLESS';
      const literalName = !Token.isUnresolved(v.variantName);
      const min = !serverless && literalName ? endpoint._minInstanceCount(v.variantName) : undefined;
      const instanceCount = serverless ? undefined : (min ?? v.initialInstanceCount ?? 1);
      const max = !serverless && literalName ? maxima.get(v.variantName) : undefined;
      const r = literalName ? rendered.get(v.variantName) : undefined;
      return {
        variantName: v.variantName,
        serverless,
        instanceType: v.instanceType,
        instanceCount: literal(instanceCount),
        maxInstanceCount: literal(max),
        weight: literal(v.initialVariantWeight),
        downloadSeconds: literal(r?.ModelDataDownloadTimeoutInSeconds),
        healthCheckSeconds: literal(r?.ContainerStartupHealthCheckTimeoutInSeconds),
      };
    }),
  };
}

function literal(value: unknown): number | undefined {
  return typeof value === 'number' && !Token.isUnresolved(value) ? value : undefined;
}

/** The config's rendered ProductionVariants (template casing), by variant name: what CloudFormation receives. */
function renderedVariants(config: IConstruct): Map<string, { [key: string]: unknown }> {
  const out = new Map<string, { [key: string]: unknown }>();
  const cfn = config.node?.defaultChild;
  if (!(cfn instanceof sagemaker.CfnEndpointConfig)) {
    return out;
  }
  try {
    const resolved = Stack.of(cfn).resolve((cfn as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as
      { Resources?: { [id: string]: { Properties?: { ProductionVariants?: unknown } } } };
    for (const resource of Object.values(resolved.Resources ?? {})) {
      const list = resource.Properties?.ProductionVariants;
      for (const v of Array.isArray(list) ? list : []) {
        if (v && typeof v.VariantName === 'string') {
          out.set(v.VariantName, v);
        }
      }
    }
  } catch {
    // an unresolvable config renders no facts: the plan falls back to the minimum allowance
  }
  return out;
}

/** The autoscaling maximum of each variant, read from the endpoint's scalable targets (what is deployed). */
function autoscalingMaxima(endpoint: IConstruct): Map<string, number> {
  const out = new Map<string, number>();
  for (const child of endpoint.node.findAll()) {
    if (child instanceof appscaling.CfnScalableTarget && typeof child.resourceId === 'string') {
      const match = /\/variant\/([^/]+)$/.exec(child.resourceId);
      if (match && typeof child.maxCapacity === 'number' && !Token.isUnresolved(child.maxCapacity)) {
        out.set(match[1], child.maxCapacity);
      }
    }
  }
  return out;
}

/** Sum of the known instance counts (the size of one fleet), at least 1. */
export function fleetSize(fleet: Fleet): number {
  const total = fleet.variants.reduce((sum, v) => sum + (v.instanceCount ?? 0), 0);
  return Math.max(1, total);
}
