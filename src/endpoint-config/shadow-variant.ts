import { Duration, Size } from 'aws-cdk-lib';
import { InstanceType } from './instance-type';
import { IModel } from '../model/model';

/**
 * Properties of the shadow variant of an endpoint config (`ShadowProductionVariants`): a fleet of its own
 * that receives copies of the production variant's requests and whose responses are never returned to the
 * caller (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html).
 *
 * There is no traffic weight: an endpoint config's shadow has no `SamplingPercentage` (that field exists only
 * on inference experiments, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ShadowModelVariantConfig.html),
 * and what the shadow's `InitialVariantWeight` does is not documented. The library renders the shadow with the
 * weight of the production variant (assumption, the safe choice: under the reading of third-party guides, where
 * the weight ratio sets the mirrored share, the shadow then sees every request; under any reading it is
 * treated like the production variant), so no knob with an unknown effect is offered.
 */
export interface ShadowProductionVariantProps {
  /**
   * The variant name: 1-63 letters, digits and hyphens, different from the production variant's name.
   */
  readonly variantName: string;

  /** The model the shadow serves (the candidate). */
  readonly model: IModel;

  /**
   * The instance type of the shadow fleet.
   *
   * @default InstanceType.ML_M5_LARGE
   */
  readonly instanceType?: InstanceType;

  /**
   * The number of shadow instances to launch (at least 1). They are billed like production instances.
   *
   * @default 1
   */
  readonly initialInstanceCount?: number;

  /**
   * The size of the ML storage volume attached to each shadow instance: 1-512 GiB.
   *
   * @default - SageMaker's default for the instance type
   */
  readonly volumeSize?: Size;

  /**
   * How long SageMaker may take to download the model data to each shadow instance: 60-3600 seconds.
   *
   * @default - SageMaker's default
   */
  readonly modelDataDownloadTimeout?: Duration;

  /**
   * How long SageMaker waits for the shadow container to pass its `/ping` health check: 60-3600 seconds.
   *
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: Duration;
}
