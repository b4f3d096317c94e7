import { Annotations, Duration, Fn, IResource, Lazy, Resource, ResourceProps, Size, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnInferenceComponent } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { ComponentSpecification, ComponentSpecificationConfig } from './component-specification';
import { Endpoint, IEndpoint } from '../endpoint';
import { ComponentDeploymentBinding, ComponentRolloutFacts } from './private/deployment-binding';
import { COMPONENT_NAME_RULE, ComputeRequirements, copiesPerInstance, fitProblems, mebibytes, validateCompute, validateEnvironment } from './private/requirements';
import { knownComponentHostingVariants, knownVariants } from '../endpoint/private/fleet';
import { ComponentHostingVariantInfo, EndpointConfig, IEndpointConfig, ProductionVariantInfo } from '../endpoint-config';
import { stableIdentity } from '../private/hash-identity';
import { hashedName } from '../private/names';
import { ENDPOINT_NAME_RULE, fail, show, validateName, validateNumber, validateTags } from '../private/validation';

/** The namespace of the inference component invocation metrics (dimension InferenceComponentName). */
const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** The namespace of the per-copy utilization metrics of inference components. */
const COMPONENT_NAMESPACE = '/aws/sagemaker/InferenceComponents';
/** RuntimeConfig.CopyCount and the API count fields are 32-bit integers. */
const MAX_COPY_COUNT = 2_147_483_647;

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

/** Properties of an {@link InferenceComponent}. */
export interface InferenceComponentProps {
  /**
   * The endpoint the component runs on. Its config must host inference components
   * (`EndpointConfig.addComponentHostingVariant()`): SageMaker rejects a component on an endpoint whose
   * variant has a model. The component depends on the endpoint, so CloudFormation deletes it first.
   */
  readonly endpoint: IEndpoint;

  /**
   * The component-hosting variant of the endpoint config the component runs on. Changing it gives the
   * component a new name and a new resource (the API cannot move a component).
   *
   * @default - the config's only component-hosting variant; required when the config has several or is not
   *   known (SageMaker's default when VariantName is omitted is not documented)
   */
  readonly variantName?: string;

  /** What the copies run: `ComponentSpecification.fromModel()`, `fromContainer()` or `adapter()`. */
  readonly specification: ComponentSpecification;

  /**
   * The base component of an adapter component (`ComponentSpecification.adapter()`): the adapter runs on
   * the base component's copies, gets no compute requirements of its own, and is created after the base.
   * Changing it gives the component a new name and a new resource.
   *
   * @default - none: not an adapter
   */
  readonly baseComponent?: IInferenceComponent;

  /**
   * How long SageMaker may take to download the model data of each copy: 60-3600 seconds.
   *
   * @default - SageMaker's default
   */
  readonly modelDataDownloadTimeout?: Duration;

  /**
   * How long SageMaker waits for a copy's container to pass its health check: 60-3600 seconds. A container
   * that never becomes healthy keeps the component in Creating until this expires
   * (aws/amazon-sagemaker-examples#3432), so keep it as short as the model allows.
   *
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: Duration;

  /**
   * CPU cores reserved for each copy: at least 0.25, and at most the vCPUs of one instance when the
   * instance type is in this library's table. Not for adapters.
   *
   * @default - no CPU reservation
   */
  readonly numberOfCpuCoresRequired?: number;

  /**
   * Accelerators (GPUs, or AWS Inferentia/Trainium devices) reserved for each copy: at least 1, and at most
   * the accelerators of one instance when the instance type is in this library's table. Not for adapters.
   *
   * @default - no accelerator reservation
   */
  readonly numberOfAcceleratorDevicesRequired?: number;

  /**
   * Memory reserved for each copy: a whole number of MiB, at least 128 MiB, and at most the memory of one
   * instance when the instance type is in this library's table. Required unless the component is an adapter
   * (the API requires `MinMemoryRequiredInMb`), not allowed for adapters.
   *
   * @default - none (adapters only)
   */
  readonly minMemoryRequired?: Size;

  /**
   * The most memory a copy may use: a whole number of MiB, at least 128 MiB and at least `minMemoryRequired`.
   * Not for adapters.
   *
   * @default - no limit beyond the instance
   */
  readonly maxMemoryRequired?: Size;

  /**
   * The number of copies created with the component: at least 1 (SageMaker rejects 0 at create:
   * "Inference components copy count an integer larger than 0", stdapi-ai/stdapi.ai#43).
   *
   * @default 1
   */
  readonly initialCopyCount?: number;

  /**
   * Tags of the component: at most 50; keys 1-128 characters without the reserved `aws:` prefix, values
   * 1-256 characters (the component's CloudFormation schema rejects empty values).
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/** Metrics and grants shared by created and imported inference components. */
abstract class InferenceComponentBase extends Resource implements IInferenceComponent {
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

/**
 * A SageMaker inference component: copies of one model (or an adapter on a base component), each with its
 * own CPU, accelerator and memory reservation, placed on an endpoint whose config hosts inference components.
 *
 * The name is generated: lower-case, stable, and derived from the endpoint, the variant and the base
 * component, so changing one of them creates a new component with a new name (and a new logical ID)
 * instead of asking CloudFormation to move it, which the API cannot do. A specification change (model,
 * image, artifact, environment, timeouts, compute) updates the component in place.
 *
 * @resource AWS::SageMaker::InferenceComponent
 */
export class InferenceComponent extends InferenceComponentBase {
  /**
   * Imports an inference component by name. `grantInvoke` needs the endpoint: use
   * `fromInferenceComponentAttributes` for that.
   *
   * @param scope the scope
   * @param id the construct id
   * @param inferenceComponentName the name
   */
  public static fromInferenceComponentName(scope: Construct, id: string, inferenceComponentName: string): IInferenceComponent {
    return InferenceComponent.fromInferenceComponentAttributes(scope, id, { inferenceComponentName });
  }

  /**
   * Imports an inference component by name, with the endpoint it runs on.
   *
   * @param scope the scope
   * @param id the construct id
   * @param attrs the name and the endpoint
   */
  public static fromInferenceComponentAttributes(scope: Construct, id: string, attrs: InferenceComponentAttributes): IInferenceComponent {
    class Import extends InferenceComponentBase {
      public readonly inferenceComponentName = attrs.inferenceComponentName;
      public readonly inferenceComponentArn: string;
      /** @internal */
      protected readonly _invokedEndpoint = attrs.endpoint;
      constructor() {
        super(scope, id);
        validateName(this, 'inferenceComponentName', attrs.inferenceComponentName, COMPONENT_NAME_RULE);
        this.inferenceComponentArn = this._componentArn(attrs.inferenceComponentName, true);
      }
    }
    return new Import();
  }

  /**
   * Imports an inference component by ARN. A literal ARN is validated (service, resource type and name) and its
   * name is lower-cased inside `inferenceComponentArn`; `inferenceComponentName` keeps the name as written.
   * A token is used as given.
   *
   * @param scope the scope
   * @param id the construct id
   * @param inferenceComponentArn the ARN (`arn:<partition>:sagemaker:<region>:<account>:inference-component/<name>`)
   */
  public static fromInferenceComponentArn(scope: Construct, id: string, inferenceComponentArn: string): IInferenceComponent {
    const literal = !Token.isUnresolved(inferenceComponentArn);
    class Import extends InferenceComponentBase {
      public readonly inferenceComponentName: string;
      public readonly inferenceComponentArn: string;
      /** @internal */
      protected readonly _invokedEndpoint = undefined;
      constructor() {
        const wellFormed = literal && inferenceComponentArn.startsWith('arn:') && inferenceComponentArn.split(':').length >= 6;
        super(scope, id, !literal || wellFormed ? { environmentFromArn: inferenceComponentArn } : {});
        if (!literal) {
          this.inferenceComponentName = Fn.select(1, Fn.split('/', inferenceComponentArn));
          this.inferenceComponentArn = inferenceComponentArn;
          return;
        }
        const shape = 'arn:<partition>:sagemaker:<region>:<account>:inference-component/<name>';
        const parts = inferenceComponentArn.split(':');
        const resource = parts.slice(5).join(':');
        const slash = resource.indexOf('/');
        if (!wellFormed || parts[2] !== 'sagemaker' || slash < 0 || resource.slice(0, slash) !== 'inference-component' || slash === resource.length - 1) {
          fail(this, `inferenceComponentArn must be ${shape}, got ${show(inferenceComponentArn)}`);
        }
        const name = resource.slice(slash + 1);
        validateName(this, 'inferenceComponentArn name', name, COMPONENT_NAME_RULE);
        this.inferenceComponentName = name;
        this.inferenceComponentArn = `${parts.slice(0, 5).join(':')}:inference-component/${name.toLowerCase()}`;
      }
    }
    return new Import();
  }

  /**
   * The inference component name: generated, lower-case, at most 63 characters; a token only when the
   * endpoint, variant or base component names are not known at synth.
   */
  public readonly inferenceComponentName: string;

  /** The inference component ARN (lower-case name when the name is known at synth, else the resource's Ref). */
  public readonly inferenceComponentArn: string;

  /** The endpoint the component runs on. */
  public readonly endpoint: IEndpoint;

  /** The component-hosting variant the component runs on (undefined when neither given nor known). */
  public readonly variantName?: string;

  /** The number of copies created with the component. */
  public readonly initialCopyCount: number;

  /** @internal */
  protected readonly _invokedEndpoint: IEndpoint;
  private readonly resource: CfnInferenceComponent;
  private readonly compute: ComputeRequirements;
  private readonly startup: { readonly downloadSeconds?: number; readonly healthCheckSeconds?: number };
  private readonly hostConfig?: IEndpointConfig;
  private deployment?: ComponentDeploymentBinding;

  constructor(scope: Construct, id: string, props: InferenceComponentProps) {
    super(scope, id);
    this.endpoint = props.endpoint;
    this._invokedEndpoint = props.endpoint;
    validateName(this, 'variantName', props.variantName, ENDPOINT_NAME_RULE);
    validateTags(this, 'tags', props.tags);
    for (const [key, value] of Object.entries(props.tags ?? {})) {
      if (!Token.isUnresolved(value) && value === '') {
        fail(this, `tags value for key ${show(key)} must be 1-256 characters, got "" (the inference component schema rejects empty tag values)`);
      }
    }
    const copies = props.initialCopyCount ?? 1;
    validateNumber(this, 'initialCopyCount', copies, { min: 1, max: MAX_COPY_COUNT });
    this.initialCopyCount = copies;
    const download = props.modelDataDownloadTimeout?.toSeconds({ integral: false });
    validateNumber(this, 'modelDataDownloadTimeout', download, { min: 60, max: 3600, unit: 'seconds' });
    const healthCheck = props.containerStartupHealthCheckTimeout?.toSeconds({ integral: false });
    validateNumber(this, 'containerStartupHealthCheckTimeout', healthCheck, { min: 60, max: 3600, unit: 'seconds' });

    const compute: ComputeRequirements = {
      cpus: props.numberOfCpuCoresRequired,
      accelerators: props.numberOfAcceleratorDevicesRequired,
      minMemoryMib: mebibytes(this, 'minMemoryRequired', props.minMemoryRequired),
      maxMemoryMib: mebibytes(this, 'maxMemoryRequired', props.maxMemoryRequired),
    };
    validateCompute(this, compute);

    const config = props.endpoint instanceof Endpoint ? props.endpoint.endpointConfig : undefined;
    const hosting = config && knownComponentHostingVariants(config);
    const variantName = props.variantName ?? (hosting?.length === 1 ? hosting[0].variantName : undefined);
    if (variantName === undefined && hosting === undefined) {
      fail(this, 'variantName must be given when the endpoint config is not known at synth (SageMaker\'s default variant for an inference component is not documented), got undefined');
    }
    this.variantName = variantName;

    const role = config instanceof EndpointConfig ? config.executionRole : undefined;
    const grantee: iam.IGrantable = role ?? { grantPrincipal: new iam.UnknownPrincipal({ resource: this }) };
    const spec = props.specification.bind(this, grantee);
    if (spec.model?.role && role && spec.model.role !== role) {
      // SageMaker Studio refuses a model whose role differs from the endpoint's; whether the API does is not
      // documented (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html)
      Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:componentModelRole',
        `specification model ${spec.model.node.path} runs with role ${spec.model.role.node.path}, but the endpoint config's execution role is ${role.node.path}: `
        + 'SageMaker Studio refuses to deploy a model whose role differs from the endpoint\'s, and the API may too; give the config executionRole: model.role');
    }
    validateEnvironment(this, spec.environment);
    this.checkAdapter(props, spec, compute);

    const baseName = props.baseComponent?.inferenceComponentName;
    const identity = stableIdentity(this, { endpoint: props.endpoint.endpointName, variant: variantName, base: baseName });
    const name = identity === undefined ? undefined : hashedName(this, identity);

    // the name is part of the logical ID: a new endpoint, variant or base gives a new resource, created
    // before the old one is deleted, instead of an in-place update the API cannot perform
    this.resource = new CfnInferenceComponent(this, name ? `Component${name.slice(-8)}` : 'Resource', {
      inferenceComponentName: name,
      endpointName: props.endpoint.endpointName,
      variantName,
      specification: {
        modelName: spec.model?.modelName,
        baseInferenceComponentName: baseName,
        container: spec.imageUri !== undefined || spec.artifactUrl !== undefined || spec.environment !== undefined
          ? { image: spec.imageUri, artifactUrl: spec.artifactUrl, environment: spec.environment }
          : undefined,
        startupParameters: download !== undefined || healthCheck !== undefined
          ? { modelDataDownloadTimeoutInSeconds: download, containerStartupHealthCheckTimeoutInSeconds: healthCheck }
          : undefined,
        computeResourceRequirements: spec.isAdapter ? undefined : {
          numberOfCpuCoresRequired: compute.cpus,
          numberOfAcceleratorDevicesRequired: compute.accelerators,
          minMemoryRequiredInMb: compute.minMemoryMib,
          maxMemoryRequiredInMb: compute.maxMemoryMib,
        },
      },
      runtimeConfig: { copyCount: copies },
      // rendered by the attached InferenceComponentRollingDeployment; without one SageMaker updates blue/green
      deploymentConfig: Lazy.any({ produce: () => this.deployment?.renderDeploymentConfig() }),
      tags: props.tags && Object.keys(props.tags).length > 0
        ? Object.keys(props.tags).sort().map(key => ({ key, value: props.tags![key] }))
        : undefined,
    });
    this.node.defaultChild = this.resource;
    // names are literals, so nothing orders the resources implicitly: the component is created after (and
    // deleted before) its endpoint, its base component, its model and the role that pulls its image
    // (amazon-sagemaker-feedback#49: an endpoint with components cannot be deleted)
    this.resource.node.addDependency(props.endpoint);
    if (props.baseComponent) {
      this.resource.node.addDependency(props.baseComponent);
    }
    if (spec.model) {
      this.resource.node.addDependency(spec.model);
    }
    if (role && (spec.imageUri !== undefined || spec.artifactUrl !== undefined)) {
      this.resource.node.addDependency(role);
    }

    this.inferenceComponentName = name ?? Fn.select(1, Fn.split('/', this.resource.ref));
    // Ref of AWS::SageMaker::InferenceComponent is the ARN
    this.inferenceComponentArn = name ? this._componentArn(name) : this.resource.ref;

    this.compute = compute;
    this.hostConfig = config;
    this.startup = {
      downloadSeconds: download !== undefined && !Token.isUnresolved(download) ? download : undefined,
      healthCheckSeconds: healthCheck !== undefined && !Token.isUnresolved(healthCheck) ? healthCheck : undefined,
    };
    this.node.addValidation({ validate: () => this.validateOnEndpoint(config, props, compute) });
  }

  /**
   * Attaches the rolling deployment that renders this component's `DeploymentConfig` (at most one).
   *
   * @internal
   */
  public _attachDeployment(binding: ComponentDeploymentBinding): void {
    if (this.deployment) {
      fail(this, `a component takes at most one deployment construct, got ${this.deployment.construct.node.path} and ${binding.construct.node.path}`);
    }
    this.deployment = binding;
  }

  /**
   * The component's L1 resource (its rolling update's alarms must exist before it updates).
   *
   * @internal
   */
  public get _resource(): CfnInferenceComponent {
    return this.resource;
  }

  /**
   * What a rolling deployment of this component plans from.
   *
   * @internal
   */
  public _rolloutFacts(): ComponentRolloutFacts {
    const hosting = this.hostConfig && knownComponentHostingVariants(this.hostConfig);
    const variant = hosting?.find(v => v.variantName === this.variantName);
    const instances = variant?.initialInstanceCount;
    return {
      copyCount: this.initialCopyCount,
      ...this.startup,
      copiesPerInstance: variant ? copiesPerInstance(variant.instanceType, this.compute) : undefined,
      instanceCount: instances !== undefined && !Token.isUnresolved(instances) ? instances : undefined,
    };
  }

  private checkAdapter(props: InferenceComponentProps, spec: ComponentSpecificationConfig, compute: ComputeRequirements): void {
    if (props.baseComponent && !spec.isAdapter) {
      fail(this, `specification must be ComponentSpecification.adapter() for a component with a baseComponent, got ${spec.kind}()`);
    }
    if (spec.isAdapter && !props.baseComponent) {
      fail(this, 'baseComponent must be given for ComponentSpecification.adapter() (an adapter runs on a base component), got undefined');
    }
    if (spec.isAdapter) {
      // adapters use the base component's resources
      // (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)
      const given = ([['numberOfCpuCoresRequired', compute.cpus], ['numberOfAcceleratorDevicesRequired', compute.accelerators],
        ['minMemoryRequired', props.minMemoryRequired], ['maxMemoryRequired', props.maxMemoryRequired]] as const).find(([, v]) => v !== undefined);
      if (given) {
        fail(this, `${given[0]} must not be set on an adapter component (adapters use the base component's resources), got ${typeof given[1] === 'number' ? given[1] : `${compute.minMemoryMib ?? compute.maxMemoryMib} MiB`}`);
      }
    } else if (compute.minMemoryMib === undefined) {
      fail(this, 'minMemoryRequired must be given for an inference component that is not an adapter (SageMaker requires MinMemoryRequiredInMb), got undefined');
    }
  }

  private validateOnEndpoint(config: IEndpointConfig | undefined, props: InferenceComponentProps, compute: ComputeRequirements): string[] {
    const errors: string[] = [];
    const base = props.baseComponent;
    if (base instanceof InferenceComponent && base.endpoint !== props.endpoint) {
      errors.push(`baseComponent must run on the same endpoint as its adapter, got ${base.node.path} on ${base.endpoint.node.path} and this component on ${props.endpoint.node.path}`);
    }
    if (!config) {
      return errors;
    }
    const hosting: ComponentHostingVariantInfo[] | undefined = knownComponentHostingVariants(config);
    const models: ProductionVariantInfo[] | undefined = knownVariants(config);
    if (hosting === undefined) {
      return errors;
    }
    if (hosting.length === 0) {
      const modelNames = (models ?? []).map(v => show(v.variantName)).join(', ');
      errors.push(`endpoint must host inference components (a config with addComponentHostingVariant()), got ${props.endpoint.node.path} whose config has model variants ${modelNames} `
        + '(SageMaker rejects it: "Inference Components are not supported in this Endpoint"; remove modelName from the variant)');
      return errors;
    }
    const variant = hosting.find(v => v.variantName === this.variantName);
    if (this.variantName === undefined) {
      errors.push(`variantName must be given when the endpoint config has several component-hosting variants (${hosting.map(v => show(v.variantName)).join(', ')}), got undefined`);
    } else if (!Token.isUnresolved(this.variantName) && !variant) {
      errors.push(`variantName must name a component-hosting variant of the endpoint config (${hosting.map(v => show(v.variantName)).join(', ')}), got ${show(this.variantName)}`);
    }
    if (variant) {
      errors.push(...fitProblems(variant.variantName, variant.instanceType, compute));
    }
    return errors;
  }
}
