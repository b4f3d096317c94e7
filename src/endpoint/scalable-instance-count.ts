import { Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { Construct } from 'constructs';
import { fail } from '../private/validation';

/** Properties of `EndpointVariant.autoScaleInstanceCount`. */
export interface InstanceCountScalingProps {
  /**
   * The fewest instances the autoscaler may leave running (at least 1).
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /** The most instances the autoscaler may run (at least `minCapacity`). */
  readonly maxCapacity: number;
}

/** Properties of a {@link ScalableInstanceCount}. */
export interface ScalableInstanceCountProps extends appscaling.BaseScalableAttributeProps {}

/** Properties of `ScalableInstanceCount.scaleOnInvocations`. */
export interface InvocationsScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The target number of invocations per instance per minute
   * (the predefined metric `SageMakerVariantInvocationsPerInstance`).
   *
   * A good value is the requests per second one instance sustains in a load test x 60 x a safety factor
   * (for example 0.5).
   */
  readonly invocationsPerInstance: number;
}

/**
 * The instance count of one endpoint variant, scaled by Application Auto Scaling.
 *
 * Created by `endpoint.variant(name).autoScaleInstanceCount(...)`.
 */
export class ScalableInstanceCount extends appscaling.BaseScalableAttribute {
  constructor(scope: Construct, id: string, props: ScalableInstanceCountProps) {
    super(scope, id, props);
  }

  /**
   * Scales in or out to keep the invocations per instance per minute near a target
   * (target tracking on `SageMakerVariantInvocationsPerInstance`).
   */
  public scaleOnInvocations(id: string, props: InvocationsScalingProps): void {
    const target = props.invocationsPerInstance;
    if (!Token.isUnresolved(target) && (typeof target !== 'number' || !Number.isFinite(target) || target <= 0)) {
      fail(this, `invocationsPerInstance must be a number greater than 0, got ${target}`);
    }
    this.doScaleToTrackMetric(id, {
      ...props,
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
      targetValue: target,
    });
  }

  /** Scales in or out to keep any metric near a target value (target tracking). */
  public scaleToTrackMetric(id: string, props: appscaling.BasicTargetTrackingScalingPolicyProps): void {
    this.doScaleToTrackMetric(id, props);
  }

  /** Scales in or out in steps based on a metric value (step scaling). */
  public scaleOnMetric(id: string, props: appscaling.BasicStepScalingPolicyProps): void {
    this.doScaleOnMetric(id, props);
  }

  /** Scales in or out on a schedule. */
  public scaleOnSchedule(id: string, props: appscaling.ScalingSchedule): void {
    this.doScaleOnSchedule(id, props);
  }
}
