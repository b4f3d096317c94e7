import { Token } from 'aws-cdk-lib';
import type { InstanceCountScalingProps, ScalableInstanceCount } from '../scalable-instance-count';
import type { EndpointVariant } from '../variant';

/** The namespace of the SageMaker invocation metrics (1-minute, dimensions EndpointName + VariantName). */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** The namespace of the SageMaker instance metrics (CPU, memory, GPU, disk). */
export const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';
/** The variant name SageMaker tools use by default; assumed for endpoints whose variants are unknown. */
export const DEFAULT_VARIANT_NAME = 'AllTraffic';

/**
 * The endpoint-side hooks an EndpointVariant needs for autoscaling.
 *
 * Implemented by `EndpointBase`; not part of the public API.
 */
export interface VariantHost {
  /** Creates (once) the scalable target of the variant; validation lives on the endpoint. */
  _autoScaleVariant(variant: EndpointVariant, props: InstanceCountScalingProps): ScalableInstanceCount;
}

/** Whether a statistic adds up across variants (Sum, SampleCount) rather than being a per-request figure. */
export function isAdditiveStatistic(statistic: string): boolean {
  return !Token.isUnresolved(statistic) && ['sum', 'samplecount', 'n'].includes(statistic.toLowerCase());
}
