import { Duration, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { scaleFromZeroAlarmName } from './private/scaling-names';
import { fail } from '../private/validation';

// Copy autoscaling of inference components
// (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-add-code-define.html and, for scale to
// zero, https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).

/** Properties of `InferenceComponent.autoScaleCopyCount`. */
export interface CopyCountScalingProps {
  /**
   * The fewest copies the autoscaler may leave running: 0 or more. 0 (scale to zero) also creates the
   * step-scaling policy and the `NoCapacityInvocationFailures` alarm that bring the first copy back (target
   * tracking cannot scale out from zero copies), and requires a target-tracking policy to scale in. A minimum
   * given as a token gets none of these pieces (whether it is 0 is not known at synth).
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /** The most copies the autoscaler may run: at least 1 and at least `minCapacity`. */
  readonly maxCapacity: number;
}

/** Properties of a {@link ScalableCopyCount}. */
export interface ScalableCopyCountProps extends appscaling.BaseScalableAttributeProps {
  /**
   * The inference component name (the `InferenceComponentName` dimension of the scale-from-zero alarm, and the
   * alarm's name when it is known at synth).
   */
  readonly inferenceComponentName: string;
}

/** Properties of `ScalableCopyCount.scaleOnInvocationsPerCopy`. */
export interface InvocationsPerCopyScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The target number of invocations per copy per minute (the predefined metric
   * `SageMakerInferenceComponentInvocationsPerCopy`): more than 0. The AWS scale-to-zero example uses 1.
   */
  readonly targetInvocationsPerCopy: number;
}

/** Properties of `ScalableCopyCount.scaleOnConcurrentRequestsPerCopy`. */
export interface ConcurrentRequestsPerCopyScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The target number of concurrent requests per copy (the predefined metric
   * `SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution`, emitted every 10 seconds, so scale-out
   * reacts faster): more than 0.
   */
  readonly targetConcurrentRequestsPerCopy: number;
}

/**
 * The copy count of one inference component, scaled by Application Auto Scaling (service namespace `sagemaker`,
 * resource `inference-component/<name>`, dimension `sagemaker:inference-component:DesiredCopyCount`).
 *
 * Created by `component.autoScaleCopyCount(...)`. With `minCapacity: 0` it also holds the scale-from-zero pieces:
 * a step-scaling policy (`ChangeInCapacity`, `Maximum` aggregation, cooldown 60 seconds, +1 copy from a metric
 * interval lower bound of 0) and a CloudWatch alarm on `NoCapacityInvocationFailures` (Sum over 60 seconds, 1 of 1
 * datapoints, `>= 1`, missing data not breaching) whose action is that policy. The AWS guide alarms on `> 1`,
 * which needs two failed requests in a minute; `>= 1` wakes the component on the first one
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 */
export class ScalableCopyCount extends appscaling.BaseScalableAttribute {
  /** The scale-from-zero alarm (`minCapacity: 0` only). */
  public readonly scaleFromZeroAlarm?: cloudwatch.IAlarm;

  /** The step-scaling policy that adds the first copy (`minCapacity: 0` only). */
  public readonly scaleFromZeroAction?: appscaling.StepScalingAction;

  private trackingPolicies = 0;

  constructor(scope: Construct, id: string, props: ScalableCopyCountProps) {
    super(scope, id, props);
    if (props.minCapacity !== 0) {
      return;
    }
    const action = new appscaling.StepScalingAction(this, 'ScaleOutFromZero', {
      scalingTarget: this,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
      cooldown: Duration.seconds(60),
    });
    action.addAdjustment({ lowerBound: 0, adjustment: 1 });
    const name = props.inferenceComponentName;
    const alarm = new cloudwatch.Alarm(this, 'NoCapacityAlarm', {
      // a literal name (unique, as the component name is per account and Region) lets deploy policies name it
      alarmName: Token.isUnresolved(name) ? undefined : scaleFromZeroAlarmName(name),
      alarmDescription: `Adds the first copy of inference component ${name} when a request finds no copy (scale from zero)`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SageMaker',
        metricName: 'NoCapacityInvocationFailures',
        dimensionsMap: { InferenceComponentName: name },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.seconds(60),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cwactions.ApplicationScalingAction(action));
    this.scaleFromZeroAction = action;
    this.scaleFromZeroAlarm = alarm;
    this.node.addValidation({
      validate: () => this.trackingPolicies > 0 ? [] : [
        'autoScaleCopyCount with minCapacity 0 needs a target-tracking policy to scale in to zero copies '
        + '(scaleOnInvocationsPerCopy, scaleOnConcurrentRequestsPerCopy or scaleToTrackMetric), got none',
      ],
    });
  }

  /**
   * Scales in or out to keep the invocations per copy near a target (target tracking on the predefined metric
   * `SageMakerInferenceComponentInvocationsPerCopy`).
   */
  public scaleOnInvocationsPerCopy(id: string, props: InvocationsPerCopyScalingProps): void {
    const { targetInvocationsPerCopy, ...rest } = props;
    positive(this, 'targetInvocationsPerCopy', targetInvocationsPerCopy);
    this.scaleToTrackMetric(id, {
      ...rest,
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY,
      targetValue: targetInvocationsPerCopy,
    });
  }

  /**
   * Scales in or out to keep the concurrent requests per copy near a target (target tracking on the predefined
   * metric `SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution`).
   */
  public scaleOnConcurrentRequestsPerCopy(id: string, props: ConcurrentRequestsPerCopyScalingProps): void {
    const { targetConcurrentRequestsPerCopy, ...rest } = props;
    positive(this, 'targetConcurrentRequestsPerCopy', targetConcurrentRequestsPerCopy);
    this.scaleToTrackMetric(id, {
      ...rest,
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_INFERENCE_COMPONENT_CONCURRENT_REQUESTS_PER_COPY_HIGH_RESOLUTION,
      targetValue: targetConcurrentRequestsPerCopy,
    });
  }

  /** Scales in or out to keep any metric near a target value (target tracking). */
  public scaleToTrackMetric(id: string, props: appscaling.BasicTargetTrackingScalingPolicyProps): void {
    this.trackingPolicies++;
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

function positive(scope: Construct, property: string, value: number): void {
  if (!Token.isUnresolved(value) && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
    fail(scope, `${property} must be a number greater than 0, got ${value}`);
  }
}
