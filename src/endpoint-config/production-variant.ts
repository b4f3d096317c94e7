import { Duration, Size } from 'aws-cdk-lib';
import { InstanceType } from './instance-type';
import { IModel } from '../model/model';

/** The kind of a production variant. */
export enum VariantKind {
  /** Runs on provisioned instances. */
  INSTANCE = 'INSTANCE',
  /** Runs on serverless capacity. */
  SERVERLESS = 'SERVERLESS',
  /**
   * Runs on provisioned instances with no model and hosts inference components. Such variants are listed in
   * `EndpointConfig.componentHostingVariants`, never in `productionVariants`.
   */
  COMPONENT_HOSTING = 'COMPONENT_HOSTING',
}

/** Facts about one production variant of an {@link EndpointConfig} of this library. */
export interface ProductionVariantInfo {
  /** The variant name. */
  readonly variantName: string;

  /** Whether the variant runs on instances or serverless capacity. */
  readonly kind: VariantKind;

  /** The model the variant serves. */
  readonly model: IModel;

  /**
   * The instance type.
   *
   * @default - none (serverless variants)
   */
  readonly instanceType?: InstanceType;

  /**
   * The initial instance count.
   *
   * @default - none (serverless variants)
   */
  readonly initialInstanceCount?: number;

  /**
   * The initial traffic weight.
   *
   * @default - none (serverless variants)
   */
  readonly initialVariantWeight?: number;
}

/** Properties of a production variant that runs on instances. */
export interface InstanceProductionVariantProps {
  /**
   * The variant name: 1-63 letters, digits and hyphens. Keep it stable: deployment guardrails
   * (canary, linear, rolling) need the same variant name in the old and the new config.
   */
  readonly variantName: string;

  /** The model the variant serves. */
  readonly model: IModel;

  /**
   * The instance type.
   *
   * @default InstanceType.ML_M5_LARGE
   */
  readonly instanceType?: InstanceType;

  /**
   * The number of instances to launch initially (at least 1).
   *
   * @default 1
   */
  readonly initialInstanceCount?: number;

  /**
   * The share of traffic this variant gets relative to the other variants' weights (at least 0).
   *
   * @default 1
   */
  readonly initialVariantWeight?: number;

  /**
   * The size of the ML storage volume attached to each instance: 1-512 GiB.
   *
   * @default - SageMaker's default for the instance type
   */
  readonly volumeSize?: Size;

  /**
   * How long SageMaker may take to download the model data to each instance: 60-3600 seconds.
   *
   * @default - SageMaker's default
   */
  readonly modelDataDownloadTimeout?: Duration;

  /**
   * How long SageMaker waits for the container to pass its `/ping` health check: 60-3600 seconds.
   * A short timeout makes a broken container fail fast instead of keeping the endpoint in Creating.
   *
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: Duration;
}

/** Properties of a production variant that runs on serverless capacity. */
export interface ServerlessProductionVariantProps {
  /** The variant name: 1-63 letters, digits and hyphens. */
  readonly variantName: string;

  /** The model the variant serves. */
  readonly model: IModel;

  /** The memory size: 1024, 2048, 3072, 4096, 5120 or 6144 MiB. */
  readonly memorySize: Size;

  /** The maximum number of concurrent invocations: 1-200. */
  readonly maxConcurrency: number;

  /**
   * The provisioned (pre-warmed) concurrency: 1-200 and at most `maxConcurrency`.
   *
   * @default - no provisioned concurrency
   */
  readonly provisionedConcurrency?: number;
}
