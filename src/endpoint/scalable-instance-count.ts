import { Duration, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { fail } from '../private/validation';

/** Properties of `EndpointVariant.autoScaleInstanceCount`. */
export interface InstanceCountScalingProps {
  /**
   * The fewest instances the autoscaler may leave running: at least 1, or 0 for an asynchronous endpoint
   * (`asyncInference`), which may scale to zero
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html).
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /** The most instances the autoscaler may run (at least `minCapacity`). */
  readonly maxCapacity: number;
}

/** Properties of a {@link ScalableInstanceCount}. */
export interface ScalableInstanceCountProps extends appscaling.BaseScalableAttributeProps {
  /**
   * The name of the endpoint (the `EndpointName` dimension of the backlog metrics).
   *
   * @default - unknown: `scaleOnBacklog` is not available
   */
  readonly endpointName?: string;
}

/** Properties of `ScalableInstanceCount.scaleOnBacklog`. */
export interface BacklogScalingProps {
  /**
   * The target number of queued requests per instance (metric `ApproximateBacklogSizePerInstance`,
   * statistic Average): more than 0.
   */
  readonly backlogPerInstance: number;

  /**
   * The wait after a scale-in before the next one.
   *
   * @default - Application Auto Scaling's default
   */
  readonly scaleInCooldown?: Duration;

  /**
   * The wait after a scale-out before the next one.
   *
   * @default - Application Auto Scaling's default
   */
  readonly scaleOutCooldown?: Duration;
}

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
  private readonly endpointName?: string;
  private readonly minCapacity: number;

  constructor(scope: Construct, id: string, props: ScalableInstanceCountProps) {
    super(scope, id, props);
    this.endpointName = props.endpointName;
    this.minCapacity = props.minCapacity ?? 1;
  }

  /**
   * Scales an asynchronous endpoint on its queue: target tracking keeps `ApproximateBacklogSizePerInstance`
   * (namespace `AWS/SageMaker`, dimension `EndpointName`, statistic Average) near `backlogPerInstance`.
   * With `minCapacity: 0` it also adds a step scaling policy that starts one instance when
   * `HasBacklogWithoutCapacity` is 1 (requests wait and no instance runs): target tracking alone cannot
   * scale out from zero instances. Both follow
   * https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html.
   */
  public scaleOnBacklog(id: string, props: BacklogScalingProps): void {
    if (this.endpointName === undefined) {
      fail(this, 'scaleOnBacklog must be used on the scalable instance count of an endpoint variant (autoScaleInstanceCount), got one without an endpointName');
    }
    const target = props.backlogPerInstance;
    if (!Token.isUnresolved(target) && (typeof target !== 'number' || !Number.isFinite(target) || target <= 0)) {
      fail(this, `backlogPerInstance must be a number greater than 0, got ${target}`);
    }
    const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'AWS/SageMaker',
      metricName,
      dimensionsMap: { EndpointName: this.endpointName! },
      statistic,
      period: Duration.minutes(1),
    });
    this.doScaleToTrackMetric(id, {
      customMetric: metric('ApproximateBacklogSizePerInstance', cloudwatch.Stats.AVERAGE),
      targetValue: target,
      scaleInCooldown: props.scaleInCooldown,
      scaleOutCooldown: props.scaleOutCooldown,
    });
    if (this.minCapacity === 0) {
      this.doScaleOnMetric(`${id}FromZero`, {
        metric: metric('HasBacklogWithoutCapacity', cloudwatch.Stats.AVERAGE),
        scalingSteps: [{ upper: 0.5, change: 0 }, { lower: 0.5, change: 1 }],
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        cooldown: props.scaleOutCooldown,
      });
    }
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
