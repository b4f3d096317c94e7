import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IEndpoint } from './endpoint-base';
import { INSTANCE_NAMESPACE, INVOCATION_NAMESPACE, VariantHost } from './private/metrics';
import { InstanceCountScalingProps, ScalableInstanceCount } from './scalable-instance-count';


/**
 * One production variant of an endpoint: its CloudWatch metrics and its instance-count autoscaling.
 *
 * Get it with `endpoint.variant('AllTraffic')`; the same object is returned for the same name.
 * Metric dimensions use the literal endpoint name (never a reference to the endpoint resource), so
 * alarms on these metrics never create a dependency cycle with the endpoint (docs/failure-modes.md row 8).
 */
export class EndpointVariant {
  /** @internal */
  public static _create(endpoint: IEndpoint, host: VariantHost, variantName: string): EndpointVariant {
    return new EndpointVariant(endpoint, host, variantName);
  }

  /** The endpoint the variant belongs to. */
  public readonly endpoint: IEndpoint;

  /** The name of the production variant. */
  public readonly variantName: string;

  private readonly host: VariantHost;
  private scaling?: ScalableInstanceCount;

  private constructor(endpoint: IEndpoint, host: VariantHost, variantName: string) {
    this.endpoint = endpoint;
    this.host = host;
    this.variantName = variantName;
  }

  /**
   * The scalable instance count of this variant, if `autoScaleInstanceCount` was called.
   */
  public get scalableInstanceCount(): ScalableInstanceCount | undefined {
    return this.scaling;
  }

  /**
   * Enables Application Auto Scaling of the variant's instance count
   * (resource `endpoint/<EndpointName>/variant/<VariantName>`, dimension `sagemaker:variant:DesiredInstanceCount`).
   *
   * Attaching autoscaling makes `retainAllVariantProperties` default to true on the endpoint, so a
   * config update keeps the instance count the autoscaler chose (docs/failure-modes.md row 12).
   *
   * Rejected at synth for burstable (`ml.t*`) instance types and serverless variants. Note that SageMaker
   * fails an endpoint update that changes the instance type of an autoscaled variant (docs/failure-modes.md row 13;
   * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling-update.html): to change the instance type,
   * first remove autoscaling (deploy), then change the type (deploy), then attach autoscaling again. Do not
   * rename the variant instead: SageMaker runs deployment guardrails only when the new config keeps the
   * variant name (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html).
   *
   * Autoscaling is blocked while the endpoint updates (endpoint-scaling-update.html), and the deployments
   * plan an autoscaled variant at both ends of its range.
   *
   * Can be called once per variant.
   */
  public autoScaleInstanceCount(props: InstanceCountScalingProps): ScalableInstanceCount {
    this.scaling = this.host._autoScaleVariant(this, props);
    return this.scaling;
  }

  /**
   * A metric of this variant in the `AWS/SageMaker` namespace (dimensions EndpointName and VariantName).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, metricName, cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * A metric of this variant's instances in the `/aws/sagemaker/Endpoints` namespace
   * (dimensions EndpointName and VariantName).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricInstance(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INSTANCE_NAMESPACE, metricName, cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * The number of requests sent to the variant (`Invocations`).
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'Invocations', cloudwatch.Stats.SUM, props);
  }

  /**
   * The number of requests for which the model returned a 4xx HTTP code (`Invocation4XXErrors`).
   * With statistic Average this is the 4xx error rate.
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'Invocation4XXErrors', cloudwatch.Stats.SUM, props);
  }

  /**
   * The number of requests for which the model returned a 5xx HTTP code (`Invocation5XXErrors`).
   * With statistic Average this is the 5xx error rate.
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
   * The time SageMaker added on top of the model latency, in microseconds (`OverheadLatency`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'OverheadLatency', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * The number of invocations per instance (`InvocationsPerInstance`), the metric the
   * `SageMakerVariantInvocationsPerInstance` target-tracking policy uses.
   *
   * @default - statistic Sum, period 5 minutes
   */
  public metricInvocationsPerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'InvocationsPerInstance', cloudwatch.Stats.SUM, props);
  }

  /**
   * CPU utilization of the variant's instances in percent, summed over cores (`CPUUtilization`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INSTANCE_NAMESPACE, 'CPUUtilization', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Memory utilization of the variant's instances in percent (`MemoryUtilization`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INSTANCE_NAMESPACE, 'MemoryUtilization', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * GPU utilization of the variant's instances in percent, summed over GPUs (`GPUUtilization`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INSTANCE_NAMESPACE, 'GPUUtilization', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * GPU memory utilization of the variant's instances in percent (`GPUMemoryUtilization`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INSTANCE_NAMESPACE, 'GPUMemoryUtilization', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Disk utilization of the variant's instances in percent (`DiskUtilization`).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INSTANCE_NAMESPACE, 'DiskUtilization', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Multi-model endpoints: the time an invocation waited for its target model to be downloaded, loaded, or both,
   * in microseconds (`ModelLoadingWaitTime`; valid statistics Average, Sum, Min, Max, Sample Count;
   * https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-cloudwatch-metrics.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelLoadingWaitTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ModelLoadingWaitTime', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Multi-model endpoints: the time it took to unload a model through the container's `UnloadModel` call, in
   * microseconds (`ModelUnloadingTime`;
   * https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-cloudwatch-metrics.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelUnloadingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ModelUnloadingTime', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Multi-model endpoints: the time it took to download a model from S3, in microseconds (`ModelDownloadingTime`;
   * https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-cloudwatch-metrics.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelDownloadingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ModelDownloadingTime', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Multi-model endpoints: the time it took to load a model through the container's `LoadModel` call, in
   * microseconds (`ModelLoadingTime`;
   * https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-cloudwatch-metrics.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelLoadingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ModelLoadingTime', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Multi-model endpoints: invocations whose target model was already loaded (`ModelCacheHit`). With statistic
   * Average this is the cache hit ratio
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-cloudwatch-metrics.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricModelCacheHit(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'ModelCacheHit', cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Multi-model endpoints: the number of models loaded in the containers, emitted per instance
   * (`LoadedModelCount`): Average is the models loaded per instance, Sum the models loaded across the variant's
   * instances (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-cloudwatch-metrics.html).
   *
   * @default - statistic Average, period 5 minutes
   */
  public metricLoadedModelCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.build(INVOCATION_NAMESPACE, 'LoadedModelCount', cloudwatch.Stats.AVERAGE, props);
  }

  private build(namespace: string, metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      ...props,
      namespace,
      metricName,
      statistic: props?.statistic ?? statistic,
      dimensionsMap: {
        EndpointName: this.endpoint.endpointName,
        VariantName: this.variantName,
        ...props?.dimensionsMap,
      },
    });
  }
}
