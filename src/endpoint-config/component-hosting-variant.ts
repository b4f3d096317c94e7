import { Size } from 'aws-cdk-lib';
import { InstanceType } from './instance-type';

/**
 * How an endpoint variant that hosts inference components spreads requests over the copies
 * (`RoutingConfig.RoutingStrategy`, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantRoutingConfig.html).
 *
 * `PREFIX_AWARE` is listed by the newest API documentation but is not in the CloudFormation types of
 * aws-cdk-lib 2.257, so it is not offered yet.
 */
export enum RoutingStrategy {
  /** Route each request to the copy with the fewest outstanding requests. */
  LEAST_OUTSTANDING_REQUESTS = 'LEAST_OUTSTANDING_REQUESTS',
  /** Route each request to a randomly chosen copy. */
  RANDOM = 'RANDOM',
}

/**
 * The inference AMI of a variant's instances (`InferenceAmiVersion`, driver and CUDA/Neuron versions;
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html).
 *
 * An enum-like class: new AMI versions appear over time, use `InferenceAmiVersion.of('...')` for one this
 * release does not list.
 */
export class InferenceAmiVersion {
  /** Amazon Linux 2, NVIDIA driver 535, CUDA 12.2. */
  public static readonly AL2_GPU_2 = InferenceAmiVersion.of('al2-ami-sagemaker-inference-gpu-2');

  /** Amazon Linux 2, NVIDIA driver 535, CUDA 12.2, CUDA-compat mounting disabled. */
  public static readonly AL2_GPU_2_1 = InferenceAmiVersion.of('al2-ami-sagemaker-inference-gpu-2-1');

  /** Amazon Linux 2, NVIDIA driver 550, CUDA 12.4. */
  public static readonly AL2_GPU_3_1 = InferenceAmiVersion.of('al2-ami-sagemaker-inference-gpu-3-1');

  /** Amazon Linux 2023, NVIDIA driver 580, CUDA 13.0. */
  public static readonly AL2023_GPU_4_1 = InferenceAmiVersion.of('al2023-ami-sagemaker-inference-gpu-4-1');

  /** Amazon Linux 2 for AWS Inferentia2 and Trainium, Neuron 2.19. */
  public static readonly AL2_NEURON_2 = InferenceAmiVersion.of('al2-ami-sagemaker-inference-neuron-2');

  /**
   * An inference AMI version by name.
   *
   * @param version the `InferenceAmiVersion` value, for example `al2-ami-sagemaker-inference-gpu-2`
   */
  public static of(version: string): InferenceAmiVersion {
    return new InferenceAmiVersion(version);
  }

  private constructor(private readonly version: string) {}

  /** The version name as SageMaker expects it. */
  public toString(): string {
    return this.version;
  }
}

/**
 * Managed instance scaling of a variant that hosts inference components: SageMaker adds instances when
 * copies do not fit and releases idle ones
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html).
 */
export interface ManagedInstanceScaling {
  /**
   * Whether managed instance scaling is on (`Status` `ENABLED` or `DISABLED`).
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The fewest instances: 0 or more, at most `maxInstanceCount`. 0 lets the variant scale to zero
   * instances (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html);
   * some Regions have rejected 0 (`Min instance count needs to be greater than 0 for enabled managed
   * instance scaling`, stdapi-ai/stdapi.ai#43), so check yours before relying on it.
   *
   * @default - SageMaker's default
   */
  readonly minInstanceCount?: number;

  /** The most instances: at least 1. */
  readonly maxInstanceCount: number;
}

/**
 * Properties of a production variant that hosts inference components: an instance variant with no model
 * (SageMaker rejects inference components on a variant that has a model: "Inference Components are not
 * supported in this Endpoint", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html,
 * pulumi/pulumi-aws#4940).
 *
 * The variant-level model download and health-check timeouts are not offered: each inference component
 * has its own startup parameters, which govern its container.
 */
export interface ComponentHostingVariantProps {
  /**
   * The variant name: 1-63 letters, digits and hyphens. Inference components name it; changing it gives
   * every component on it a new name (the API cannot move a component).
   */
  readonly variantName: string;

  /** The instance type; inference components reserve CPU cores, accelerators and memory on it. */
  readonly instanceType: InstanceType;

  /**
   * The number of instances to launch initially: at least 1 (also when managed instance scaling allows 0),
   * and within the managed instance scaling range when one is given.
   *
   * @default 1
   */
  readonly initialInstanceCount?: number;

  /**
   * Managed instance scaling (instances follow the copies the components need).
   *
   * @default - no managed instance scaling: the fleet stays at `initialInstanceCount`
   */
  readonly managedInstanceScaling?: ManagedInstanceScaling;

  /**
   * How requests are spread over the copies.
   *
   * @default - not set: SageMaker's default (which one is not documented; set it to be sure)
   */
  readonly routingStrategy?: RoutingStrategy;

  /**
   * The inference AMI of the instances (driver and CUDA or Neuron version).
   *
   * @default - SageMaker's default AMI for the instance type
   */
  readonly inferenceAmiVersion?: InferenceAmiVersion;

  /**
   * The size of the ML storage volume attached to each instance: 1-512 GiB.
   *
   * @default - SageMaker's default for the instance type
   */
  readonly volumeSize?: Size;
}

/** Facts about one component-hosting variant of an {@link EndpointConfig} of this library. */
export interface ComponentHostingVariantInfo {
  /** The variant name. */
  readonly variantName: string;

  /** The instance type. */
  readonly instanceType: InstanceType;

  /** The initial instance count. */
  readonly initialInstanceCount: number;

  /**
   * The managed instance scaling range, when managed instance scaling is given.
   *
   * @default - none
   */
  readonly managedInstanceScaling?: ManagedInstanceScaling;
}
