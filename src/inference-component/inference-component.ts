import { Annotations, Duration, Fn, Lazy, Size, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnInferenceComponent } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { ComponentSpecification, ComponentSpecificationConfig } from './component-specification';
import { IInferenceComponent, InferenceComponentAttributes, InferenceComponentBase } from './inference-component-base';
import { CopyScaling, attachCopyScaling } from './private/copy-scaling';
import { ComponentDeploymentBinding, ComponentRolloutFacts } from './private/deployment-binding';
import { capacityProblem, HostCapacity, hostCapacity } from './private/host-capacity';
import { COMPONENT_NAME_RULE, ComputeRequirements, copiesPerInstance, fitProblems, mebibytes, validateCompute, validateEnvironment } from './private/requirements';
import { scaleFromZeroAlarmName } from './private/scaling-names';
import { CopyCountScalingProps, ScalableCopyCount } from './scalable-copy-count';
import { Endpoint, IEndpoint } from '../endpoint';
import { EndpointBase } from '../endpoint/endpoint-base';
import { knownComponentHostingVariants, knownVariants } from '../endpoint/private/fleet';
import { HostedComponent } from '../endpoint/private/grant-source';
import { ComponentHostingVariantInfo, EndpointConfig, IEndpointConfig, ProductionVariantInfo } from '../endpoint-config';
import { Model } from '../model';
import { alarmResourceArn, arnEnvOf, componentTargetTrackingAlarmArn } from '../private/deploy-permissions';
import { stableIdentity } from '../private/hash-identity';
import { CONTENT_HASH_LENGTH, hashedName, rotatedNamePattern } from '../private/names';
import { ENDPOINT_NAME_RULE, fail, show, validateName, validateNumber, validateTags } from '../private/validation';

export type { IInferenceComponent, InferenceComponentAttributes } from './inference-component-base';

/** RuntimeConfig.CopyCount and the API count fields are 32-bit integers. */
const MAX_COPY_COUNT = 2_147_483_647;

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

  /** @internal */
  protected readonly _invokedEndpoint: IEndpoint;
  private readonly resource: CfnInferenceComponent;
  private readonly givenCopyCount?: number;
  private readonly defaultCopyCount: number;
  private readonly isAdapter: boolean;
  private readonly config?: IEndpointConfig;
  /** What the endpoint's deploy grants know of this component (undefined on an endpoint of another library). */
  private readonly hosted?: HostedComponent;
  private copyScaling?: CopyScaling;
  private readonly compute: ComputeRequirements;
  private readonly startup: { readonly downloadSeconds?: number; readonly healthCheckSeconds?: number };
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
    this.givenCopyCount = props.initialCopyCount;
    this.defaultCopyCount = copies;
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
    this.config = config;
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
    if (spec.model instanceof Model && config instanceof EndpointConfig) {
      this.warnModelNetwork(spec.model);
    }
    validateEnvironment(this, spec.environment);
    this.checkAdapter(props, spec, compute);
    this.isAdapter = spec.isAdapter;

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
      // replaced once, by a count that stays constant, when copy autoscaling is attached (autoScaleCopyCount)
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
    this.startup = {
      downloadSeconds: download !== undefined && !Token.isUnresolved(download) ? download : undefined,
      healthCheckSeconds: healthCheck !== undefined && !Token.isUnresolved(healthCheck) ? healthCheck : undefined,
    };
    this.node.addValidation({ validate: () => this.validateOnEndpoint(config, props, compute) });

    // the endpoint's deploy grants (made before or after this point) cover the component
    if (props.endpoint instanceof EndpointBase) {
      this.hosted = { arns: this.deployArns(name), model: spec.model };
      props.endpoint._componentAdded(this.hosted);
    }
  }

  /**
   * The number of copies the template gives the component: `initialCopyCount` (default 1), or once copy
   * autoscaling is attached, `initialCopyCount` when given, else max(1, minCapacity). It never follows the
   * count autoscaling sets, so a deploy does not re-apply a changing value.
   */
  public get initialCopyCount(): number {
    return this.copyScaling?.copyCount ?? this.defaultCopyCount;
  }

  /** The copy autoscaling of the component, once `autoScaleCopyCount` was called. */
  public get scalableCopyCount(): ScalableCopyCount | undefined {
    return this.copyScaling?.scalable;
  }

  /**
   * Scales the copies of this component with Application Auto Scaling (resource `inference-component/<name>`,
   * dimension `sagemaker:inference-component:DesiredCopyCount`, the service-linked role of Application Auto Scaling
   * for SageMaker); add target tracking with `scaleOnInvocationsPerCopy()` or `scaleOnConcurrentRequestsPerCopy()`.
   * The scalable target depends on the component.
   *
   * - `maxCapacity` must be at least max(1, `minCapacity`).
   * - The copy count in the template stays constant from now on: `initialCopyCount` when given (at most
   *   `maxCapacity`; a warning `copyCountDiffersFromMinimum` when it differs from max(1, `minCapacity`)), else
   *   max(1, `minCapacity`). `CopyCount` is write-only in CloudFormation and whether an update re-applies it over
   *   the count autoscaling set is not documented, so the value must not change between deploys.
   * - `minCapacity: 0` (scale to zero) also creates the step-scaling policy and the `NoCapacityInvocationFailures`
   *   alarm that add the first copy back (see {@link ScalableCopyCount}), and needs a target-tracking policy. When the
   *   host variant does not let its instances go to zero (managed instance scaling enabled with
   *   `minInstanceCount: 0`) this is a warning, `copiesScaleToZeroOnRunningInstances`, not an error: copies at zero
   *   on running instances work (and wake faster), and some Regions reject `minInstanceCount: 0`.
   * - Adapter components are refused: how an adapter scales is not documented (an AWS sample scales the base
   *   component and sends the adapter's `NoCapacityInvocationFailures` to the base's step policy, unconfirmed), so
   *   scale the base component. Its scale-from-zero alarm watches the base component's name only: whether a request
   *   to an adapter while the base has no copy counts there is not documented, so keep `minCapacity` at 1 or more
   *   on a base whose adapters must always answer.
   * - Called once per component.
   *
   * The endpoint's `grants.deploy` covers the scaling resources, also when it was called before.
   *
   * @param props the copy count range
   */
  public autoScaleCopyCount(props: CopyCountScalingProps): ScalableCopyCount {
    if (this.copyScaling) {
      fail(this, 'autoScaleCopyCount must be called once per inference component, got a second call');
    }
    if (this.isAdapter) {
      fail(this, 'autoScaleCopyCount must be used on the base component of an adapter, got an adapter component '
        + '(adapters run on the base component\'s copies; how an adapter scales is not documented)');
    }
    const hosting = this.config && knownComponentHostingVariants(this.config);
    this.copyScaling = attachCopyScaling({
      component: this,
      resource: this.resource,
      componentName: this.inferenceComponentName,
      givenCopyCount: this.givenCopyCount,
      variant: hosting?.find(v => v.variantName === this.variantName),
    }, props);
    this.resource.runtimeConfig = { copyCount: this.copyScaling.copyCount };
    if (this.hosted) {
      const env = arnEnvOf(this);
      const name = this.inferenceComponentName;
      const alarm = this.copyScaling.scalable.scaleFromZeroAlarm;
      this.hosted.scaling = {
        targetTrackingAlarmArn: componentTargetTrackingAlarmArn(env, name),
        scaleFromZeroAlarmArn: alarm && (Token.isUnresolved(name) ? alarm.alarmArn : alarmResourceArn(env, scaleFromZeroAlarmName(name))),
      };
      (this.endpoint as EndpointBase)._componentAutoScaled(this.hosted);
    }
    return this.copyScaling.scalable;
  }

  /**
   * A model's VPC and network isolation are not applied to the copies: copies run on the endpoint config's
   * instances, where an IC-hosting config carries `VpcConfig` and `EnableNetworkIsolation`
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html),
   * and this library's `EndpointConfig` sets neither. SageMaker Studio refuses a model whose VPC or network
   * isolation differ from the endpoint's (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html);
   * whether the API refuses it, or runs the copies without them, is UNCONFIRMED (an assumption either way), so this
   * warns rather than fails.
   */
  private warnModelNetwork(model: Model): void {
    const settings = [
      model._hosting.vpc ? 'a VPC (vpc)' : undefined,
      model._hosting.networkIsolation ? 'network isolation (networkIsolation: true)' : undefined,
    ].filter((x): x is string => x !== undefined);
    if (settings.length === 0) {
      return;
    }
    Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:componentModelNetwork',
      `specification model ${model.node.path} sets ${settings.join(' and ')}, which inference component copies do not get: `
      + 'they run on the endpoint config\'s instances, and an EndpointConfig that hosts components sets no VpcConfig or EnableNetworkIsolation; '
      + 'SageMaker Studio refuses a model whose VPC or network isolation differ from the endpoint\'s, and the API may too (not documented); '
      + `to keep ${settings.length === 1 ? 'it' : 'them'}, host the model on an instance variant (instanceProductionVariants, where the model's settings apply), `
      + `otherwise remove ${settings.length === 1 ? 'it' : 'them'} from the model`);
  }

  /** The component ARN and, for a content-hashed name, the pattern of the names it rotates to. */
  private deployArns(name: string | undefined): string[] {
    if (name === undefined) {
      return [this.resource.ref];
    }
    const hashed = new RegExp(`^(.+)-[0-9a-f]{${CONTENT_HASH_LENGTH}}$`).exec(name);
    return hashed ? [this._componentArn(name, true), this._componentArn(rotatedNamePattern(hashed[1]))] : [this._componentArn(name, true)];
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
    const hosting = this.config && knownComponentHostingVariants(this.config);
    const variant = hosting?.find(v => v.variantName === this.variantName);
    const instances = variant?.initialInstanceCount;
    // with copy autoscaling, SageMaker keeps the live copy count: plan at both ends of the range (a minimum of 0
    // copies is planned from 1, like the command does: an update of a component at zero places no copies)
    const scaling = this.copyScaling;
    const min = scaling?.minCapacity !== undefined ? Math.max(1, scaling.minCapacity) : undefined;
    return {
      copyCount: min ?? this.initialCopyCount,
      maxCopyCount: min !== undefined && scaling?.maxCapacity !== undefined && scaling.maxCapacity > min ? scaling.maxCapacity : undefined,
      ...this.startup,
      copiesPerInstance: variant ? copiesPerInstance(variant.instanceType, this.compute) : undefined,
      instanceCount: instances !== undefined && !Token.isUnresolved(instances) ? instances : undefined,
    };
  }

  /**
   * How many copies the host variant can hold, when known (see {@link HostCapacity}).
   *
   * @internal
   */
  public _hostCapacity(): HostCapacity | undefined {
    const hosting = this.config && knownComponentHostingVariants(this.config);
    return hostCapacity(hosting?.find(v => v.variantName === this.variantName), this.compute);
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
      errors.push(...this.capacityProblems(hostCapacity(variant, compute)));
    }
    return errors;
  }

  /**
   * The host fleet must hold the copies at create and at the copy autoscaling maximum (the rolling update's peak is
   * checked by the deployment). See {@link HostCapacity} for the sources and the UNCONFIRMED outcome.
   */
  private capacityProblems(cap: HostCapacity | undefined): string[] {
    const copies = this.initialCopyCount;
    const max = this.copyScaling?.maxCapacity;
    return [
      capacityProblem(cap, `initialCopyCount ${copies}`, copies, n => `lower initialCopyCount to at most ${n}`),
      max !== undefined && max > copies
        ? capacityProblem(cap, `autoScaleCopyCount maxCapacity ${max}`, max, n => `lower autoScaleCopyCount maxCapacity to at most ${n}`)
        : undefined,
    ].filter((p): p is string => p !== undefined);
  }
}
