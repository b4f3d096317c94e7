import { IResource, Resource, ResourceProps, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IEndpoint } from '../endpoint';
import { fail } from '../private/validation';

/** The namespace of the inference component invocation metrics (dimension InferenceComponentName). */
const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** The namespace of the per-copy utilization metrics of inference components. */
const COMPONENT_NAMESPACE = '/aws/sagemaker/InferenceComponents';

/** A SageMaker inference component, created by this library or imported. */
export interface IInferenceComponent extends IResource {
  /**
   * The inference component name (what `InvokeEndpoint` takes as `InferenceComponentName`).
   *
   * @attribute
   */
  readonly inferenceComponentName: string;

  /**
   * The inference component ARN, with the name lower-cased when it is a literal.
   *
   * @attribute
   */
  readonly inferenceComponentArn: string;

  /**
   * Permits an IAM principal to invoke this inference component: `sagemaker:InvokeEndpoint` and
   * `sagemaker:InvokeEndpointWithResponseStream` on its endpoint and on the component.
   *
   * @param grantee the principal
   */
  grantInvoke(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of this inference component in the `AWS/SageMaker` namespace (dimension InferenceComponentName).
   *
   * @param metricName the metric name
   * @param props metric options
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * A per-copy utilization metric of this inference component in the `/aws/sagemaker/InferenceComponents`
   * namespace (dimension InferenceComponentName).
   *
   * @param metricName the metric name, for example `GPUUtilizationNormalized`
   * @param props metric options
   */
  metricUtilization(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `Invocations` of the component (Sum).
   *
   * @param props metric options
   */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `Invocation4XXErrors` of the component (Sum).
   *
   * @param props metric options
   */
  metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `Invocation5XXErrors` of the component (Sum).
   *
   * @param props metric options
   */
  metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `InvocationModelErrors` of the component (Sum).
   *
   * @param props metric options
   */
  metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `ModelLatency` of the component in microseconds (Average).
   *
   * @param props metric options
   */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `OverheadLatency` of the component in microseconds (Average).
   *
   * @param props metric options
   */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `InvocationsPerCopy` of the component (Sum).
   *
   * @param props metric options
   */
  metricInvocationsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `ConcurrentRequestsPerCopy` of the component (Maximum).
   *
   * @param props metric options
   */
  metricConcurrentRequestsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `NoCapacityInvocationFailures` of the component (Sum).
   *
   * @param props metric options
   */
  metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `CPUUtilizationNormalized` of the copies (Average).
   *
   * @param props metric options
   */
  metricCpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `GPUUtilizationNormalized` of the copies (Average).
   *
   * @param props metric options
   */
  metricGpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `GPUMemoryUtilizationNormalized` of the copies (Average).
   *
   * @param props metric options
   */
  metricGpuMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `MemoryUtilizationNormalized` of the copies (Average).
   *
   * @param props metric options
   */
  metricMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Attributes of an inference component imported with {@link InferenceComponent.fromInferenceComponentAttributes}. */
export interface InferenceComponentAttributes {
  /** The inference component name. */
  readonly inferenceComponentName: string;

  /**
   * The endpoint the component runs on (`grantInvoke` needs it: invoking a component is an `InvokeEndpoint` call).
   *
   * @default - unknown: `grantInvoke` throws
   */
  readonly endpoint?: IEndpoint;
}


/**
 * Metrics and grants shared by created and imported inference components. Not exported from the package.
 *
 * @internal
 */
export abstract class InferenceComponentBase extends Resource implements IInferenceComponent {
  public abstract readonly inferenceComponentName: string;
  public abstract readonly inferenceComponentArn: string;
  /**
   * The endpoint `grantInvoke` covers (undefined for an import without one).
   *
   * @internal
   */
  protected abstract readonly _invokedEndpoint?: IEndpoint;

  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
  }

  /**
   * Permits an IAM principal to invoke this inference component: `sagemaker:InvokeEndpoint` and
   * `sagemaker:InvokeEndpointWithResponseStream` on the endpoint ARN and on the component ARN, both with
   * lower-cased names. Whether a policy on the endpoint alone authorizes a call that names a component is not
   * documented (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html lists
   * the component as an optional resource of both actions), so both are granted. A name given with upper-case
   * letters is granted in both spellings, because the case SageMaker keeps in component ARNs is not documented.
   *
   * @param grantee the principal
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const endpoint = this._invokedEndpoint;
    if (!endpoint) {
      fail(this, 'grantInvoke needs the endpoint of the inference component, got an import without one (use fromInferenceComponentAttributes with endpoint)');
    }
    const arns = [endpoint.endpointArn, this.inferenceComponentArn];
    const name = this.inferenceComponentName;
    if (!Token.isUnresolved(name) && name !== name.toLowerCase()) {
      arns.push(this._componentArn(name));
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      resourceArns: arns,
    });
  }

  /**
   * A metric of this inference component in the `AWS/SageMaker` namespace (dimension InferenceComponentName;
   * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, metricName, cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * A per-copy utilization metric in the `/aws/sagemaker/InferenceComponents` namespace (dimension
   * InferenceComponentName; https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricUtilization(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(COMPONENT_NAMESPACE, metricName, cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * The number of requests sent to the component (`Invocations`).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'Invocations', cloudwatch.Stats.SUM, props);
  }

  /**
   * The number of requests for which the model returned a 4xx HTTP code (`Invocation4XXErrors`). With
   * statistic Average this is the 4xx error rate.
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'Invocation4XXErrors', cloudwatch.Stats.SUM, props);
  }

  /**
   * The number of requests for which the model returned a 5xx HTTP code (`Invocation5XXErrors`). With
   * statistic Average this is the 5xx error rate.
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'Invocation5XXErrors', cloudwatch.Stats.SUM, props);
  }

  /**
   * The number of requests that did not get a 2xx response from the model (`InvocationModelErrors`).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'InvocationModelErrors', cloudwatch.Stats.SUM, props);
  }

  /**
   * The time the model took to respond, in microseconds (`ModelLatency`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ModelLatency', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * The time SageMaker added to the model latency, in microseconds (`OverheadLatency`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'OverheadLatency', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * The number of requests per copy (`InvocationsPerCopy`), what copy autoscaling tracks.
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocationsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'InvocationsPerCopy', cloudwatch.Stats.SUM, props);
  }

  /**
   * The concurrent requests per copy (`ConcurrentRequestsPerCopy`).
   *
   * @default - statistic Maximum, period 5 minutes
   */
  public metricConcurrentRequestsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ConcurrentRequestsPerCopy', cloudwatch.Stats.MAXIMUM, props);
  }

  /**
   * Requests that failed because no copy was running (`NoCapacityInvocationFailures`), the signal to scale out
   * from zero copies (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'NoCapacityInvocationFailures', cloudwatch.Stats.SUM, props);
  }

  /**
   * CPU use of the copies over their reservation, 0-100 percent (`CPUUtilizationNormalized`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricCpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricUtilization('CPUUtilizationNormalized', props);
  }

  /**
   * GPU use of the copies over their reservation, 0-100 percent (`GPUUtilizationNormalized`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricGpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricUtilization('GPUUtilizationNormalized', props);
  }

  /**
   * GPU memory use of the copies over their reservation, 0-100 percent (`GPUMemoryUtilizationNormalized`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricGpuMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricUtilization('GPUMemoryUtilizationNormalized', props);
  }

  /**
   * Memory use of the copies over their reservation, 0-100 percent (`MemoryUtilizationNormalized`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricUtilization('MemoryUtilizationNormalized', props);
  }

  /**
   * `arn:...:inference-component/<name>`, the name lower-cased when `lowerCase`.
   *
   * @internal
   */
  protected _componentArn(name: string, lowerCase = false): string {
    return Stack.of(this).formatArn({
      service: 'sagemaker',
      resource: 'inference-component',
      resourceName: lowerCase && !Token.isUnresolved(name) ? name.toLowerCase() : name,
    });
  }

  private build(namespace: string, metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { InferenceComponentName: this.inferenceComponentName },
      statistic,
      ...props,
    }).attachTo(this);
  }
}
