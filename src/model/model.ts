import { Annotations, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { Construct, Dependable, IDependable } from 'constructs';
import { ContainerImage } from './container-image';
import { grantLogs, grantNetworkInterfaces } from './execution-role';
import { ModelData } from './model-data';
import { ModelGrants } from './model-grants';
import { ModelPackage } from './model-package';
import { validateContainerSources, validateMultiModelData } from './private/container-rules';
import { ModelHostingFacts } from './private/hosting-facts';
import { importSageMakerArn, looksLikeArn } from '../private/arns';
import { stableIdentity } from '../private/hash-identity';
import { CONTENT_HASH_LENGTH, hashedName, rotatedNamePattern, sagemakerArn } from '../private/names';
import { newServiceRole } from '../private/service-role';
import { fail, MODEL_NAME_RULE, show, validateName, validateNumber } from '../private/validation';

/** A SageMaker model, created by this library or imported. */
export interface IModel extends IResource, iam.IGrantable, ec2.IConnectable {
  /**
   * The model name: a literal (content-hashed) name when known at synth, else a token.
   *
   * @attribute
   */
  readonly modelName: string;

  /**
   * The model ARN, with the name lower-cased as SageMaker does when the name is a literal.
   *
   * @attribute
   */
  readonly modelArn: string;

  /**
   * The execution role SageMaker assumes to run the model (undefined for imported models without one).
   */
  readonly role?: iam.IRole;
}

/** How the containers of a multi-container model are invoked. */
export enum InferenceExecutionMode {
  /** The containers form a pipeline: each container's output is the next one's input. */
  SERIAL = 'Serial',
  /** Each container is invoked directly, selected with the `TargetContainerHostname` header. */
  DIRECT = 'Direct',
}

/**
 * Whether a container serves one model or many models from an S3 prefix
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `Mode`).
 */
export enum ContainerMode {
  /** The container serves one model (`SingleModel`, SageMaker's default). */
  SINGLE_MODEL = 'SingleModel',
  /**
   * The container serves many `.tar.gz` models from the S3 prefix of its model data, each invoked with
   * `TargetModel` (`MultiModel`, https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html).
   */
  MULTI_MODEL = 'MultiModel',
}

/** One container of a model. */
export interface ContainerDefinition {
  /**
   * The container image. Exactly one of `image` and `modelPackage` must be given.
   *
   * @default - none: the image comes from `modelPackage`
   */
  readonly image?: ContainerImage;

  /**
   * A model-registry version to deploy (`ModelPackageName`): SageMaker takes the image and the model artifacts
   * from the package. Exactly one of `image` and `modelPackage`; not with `modelData` or `ContainerMode.MULTI_MODEL`.
   * The version must be `Approved` when the model is created (see {@link ModelPackage}).
   *
   * @default - no model package: the container runs `image`
   */
  readonly modelPackage?: ModelPackage;

  /**
   * The model artifacts the container loads. With `mode: ContainerMode.MULTI_MODEL`, an S3 prefix ending in `/`
   * (`ModelData.fromBucketPrefix`) that holds the `.tar.gz` models.
   *
   * @default - no model artifacts (the image contains the model); required with `ContainerMode.MULTI_MODEL`
   */
  readonly modelData?: ModelData;

  /**
   * Whether the container serves one model or many models from the S3 prefix of `modelData` (a multi-model
   * endpoint, invoked with `TargetModel`). Not with `modelPackage`, and only in a model with one container.
   *
   * @default ContainerMode.SINGLE_MODEL
   */
  readonly mode?: ContainerMode;

  /**
   * Whether a multi-model container caches loaded models (`MultiModelConfig.ModelCacheSetting`): disabling the cache
   * can help an endpoint with many rarely invoked models
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MultiModelConfig.html). Only with
   * `mode: ContainerMode.MULTI_MODEL`.
   *
   * @default - SageMaker's default (models are cached); `MultiModelConfig` is not rendered
   */
  readonly multiModelCache?: boolean;

  /**
   * Environment variables of the container: at most 100, keys `[a-zA-Z_][a-zA-Z0-9_]*` and keys and
   * values at most 1024 characters. They are part of the model's name: changing one yields a new model.
   *
   * @default - no environment variables
   */
  readonly environment?: { [key: string]: string };

  /**
   * The DNS host name of the container (used by `InferenceExecutionMode.DIRECT`). In a multi-container
   * model either every container names one or none does, and in `DIRECT` mode they must be unique
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `ContainerHostname`).
   *
   * @default - SageMaker assigns one
   */
  readonly containerHostname?: string;
}

/** Properties of a {@link Model}. */
export interface ModelProps {
  /** The containers of the model: 1-15. One container is rendered as `PrimaryContainer`. */
  readonly containers: ContainerDefinition[];

  /**
   * The execution role SageMaker assumes to pull the images, read the model data and write logs.
   * Grants for the images and model data are added to it when it is mutable.
   *
   * The role this library creates is written as the resources `iam.Role` renders (an `AWS::IAM::Role` and its
   * `DefaultPolicy`, same paths and logical IDs), and is an `iam.Role` itself when the app uses
   * `iam.Role.customizeRoles()` or a property injector for `iam.Role`. It does not split a policy above IAM's
   * 10,240 characters into managed policies (a synth error): pass an `iam.Role` here for a policy that large.
   *
   * @default - a role with only what the model uses: ECR pull on its repositories, `s3:GetObject` on its
   *   model data, CloudWatch Logs on `/aws/sagemaker/*`, and network-interface permissions with a VPC
   */
  readonly role?: iam.IRole;

  /**
   * The VPC the model containers run in.
   *
   * @default - no VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` to use (at most 16).
   *
   * @default - the private subnets of `vpc`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the model containers (1-5), only with `vpc`.
   *
   * @default - a new security group that allows all outbound traffic, when `vpc` is given
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Whether the security group created for the model allows all outbound traffic. Only with `vpc` and
   * without `securityGroups` (it configures the security group the model creates; anything else is an error).
   *
   * @default true
   */
  readonly allowAllOutbound?: boolean;

  /**
   * Whether the containers run with no network access (no outbound calls, not even to S3 or the VPC).
   *
   * @default false
   */
  readonly networkIsolation?: boolean;

  /**
   * How the containers of a multi-container model are invoked. Only with more than one container.
   *
   * @default - SageMaker's default (`SERIAL`)
   */
  readonly inferenceExecutionMode?: InferenceExecutionMode;

  /**
   * A fixed model name. Models are immutable: with a fixed name every change that replaces the model
   * fails the stack update, so pinning a name produces a warning.
   *
   * @default - `<construct path>-<hash of the model>`, lower-case, at most 63 characters; a
   *   CloudFormation-generated name when a property is a token that cannot be known at synth
   */
  readonly modelName?: string;
}

/** Attributes of a model defined outside this stack. */
export interface ModelAttributes {
  /** The model name. */
  readonly modelName: string;

  /**
   * The execution role of the model.
   *
   * @default - unknown
   */
  readonly role?: iam.IRole;

  /**
   * The security groups of the model.
   *
   * @default - none
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** A dependable that stands for every IAM policy resource attached under `role`, found lazily. */
function rolePolicies(role: iam.IRole): IDependable {
  const dependable: IDependable = {};
  Dependable.implement(dependable, {
    get dependencyRoots() {
      return role.node.findAll().filter(c => c instanceof iam.CfnPolicy);
    },
  });
  return dependable;
}

const ENV_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const HOSTNAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

abstract class ModelBase extends Resource implements IModel {
  /** Least-privilege IAM grants on this model (for a role that deploys it). */
  public readonly grants: ModelGrants = ModelGrants.fromModel(this);
  public abstract readonly modelName: string;
  public abstract readonly modelArn: string;
  public abstract readonly role?: iam.IRole;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly grantPrincipal: iam.IPrincipal;
}

/**
 * A SageMaker model: one or more containers, their model data, and the execution role that runs them.
 *
 * The name is a hash of everything that defines the model (images, model data, environment, role,
 * network settings), so any change yields a new model and no change yields a byte-identical template.
 * The execution role is created with least privilege, never with a managed FullAccess policy.
 *
 * @resource AWS::SageMaker::Model
 */
export class Model extends ModelBase {
  /**
   * Imports a model by name.
   *
   * @param scope the scope
   * @param id the construct id
   * @param modelName the model name
   */
  public static fromModelName(scope: Construct, id: string, modelName: string): IModel {
    return Model.fromModelAttributes(scope, id, { modelName });
  }

  /**
   * Imports a model by ARN.
   *
   * A literal ARN is validated (service, resource type and name) and its name is lower-cased inside
   * `modelArn`, the form IAM matches; `modelName` keeps the name as written. A token is used as given.
   *
   * @param scope the scope
   * @param id the construct id
   * @param modelArn the model ARN (`arn:<partition>:sagemaker:<region>:<account>:model/<name>`)
   */
  public static fromModelArn(scope: Construct, id: string, modelArn: string): IModel {
    class Import extends ModelBase {
      public readonly modelName: string;
      public readonly modelArn: string;
      public readonly role = undefined;
      public readonly connections = new ec2.Connections();
      public readonly grantPrincipal: iam.IPrincipal = new iam.UnknownPrincipal({ resource: this });
      constructor() {
        // a malformed literal ARN is reported by importSageMakerArn with the library's message shape
        super(scope, id, looksLikeArn(modelArn) ? { environmentFromArn: modelArn } : {});
        const imported = importSageMakerArn(this, 'modelArn', modelArn, 'model', MODEL_NAME_RULE);
        this.modelName = imported.name;
        this.modelArn = imported.arn;
      }
    }
    return new Import();
  }

  /**
   * Imports a model by its attributes.
   *
   * @param scope the scope
   * @param id the construct id
   * @param attrs the model's attributes
   */
  public static fromModelAttributes(scope: Construct, id: string, attrs: ModelAttributes): IModel {
    class Import extends ModelBase {
      public readonly modelName = attrs.modelName;
      public readonly modelArn = sagemakerArn(this, 'model', attrs.modelName);
      public readonly role = attrs.role;
      public readonly connections = new ec2.Connections({ securityGroups: attrs.securityGroups });
      public readonly grantPrincipal: iam.IPrincipal = attrs.role ?? new iam.UnknownPrincipal({ resource: this });
    }
    const imported = new Import(scope, id);
    validateName(imported, 'modelName', attrs.modelName, MODEL_NAME_RULE);
    return imported;
  }

  public readonly modelName: string;
  public readonly modelArn: string;
  public readonly role?: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;

  /** The security groups of the model (empty without a VPC). */
  public readonly securityGroups: ec2.ISecurityGroup[];

  /**
   * Whether the name was derived from the content hash (false when pinned or CloudFormation-generated).
   */
  public readonly hasContentHashName: boolean;

  /**
   * Facts about the containers that endpoint configs check (shadow and multi-model exclusions).
   *
   * @internal
   */
  public readonly _hosting: ModelHostingFacts;

  private readonly vpcConnections?: ec2.Connections;

  constructor(scope: Construct, id: string, props: ModelProps) {
    super(scope, id);
    const containers = props.containers ?? [];
    validateNumber(this, 'containers', containers.length, { min: 1, max: 15, unit: 'containers' });
    validateName(this, 'modelName', props.modelName, MODEL_NAME_RULE);
    if (props.securityGroups && !props.vpc) {
      fail(this, 'securityGroups must be used with vpc, got securityGroups without a vpc');
    }
    if (props.allowAllOutbound !== undefined && !props.vpc) {
      fail(this, `allowAllOutbound must be used with vpc (it configures the security group the model creates), got allowAllOutbound ${props.allowAllOutbound} without a vpc`);
    }
    if (props.allowAllOutbound !== undefined && props.securityGroups) {
      fail(this, `allowAllOutbound must not be combined with securityGroups (it configures only the security group the model creates; set egress rules on your groups), got allowAllOutbound ${props.allowAllOutbound} and ${props.securityGroups.length} security groups`);
    }
    if (props.vpcSubnets && !props.vpc) {
      fail(this, 'vpcSubnets must be used with vpc, got vpcSubnets without a vpc');
    }
    if (props.inferenceExecutionMode && containers.length < 2) {
      fail(this, `inferenceExecutionMode must be used with 2-15 containers, got ${containers.length} container`);
    }
    containers.forEach((c, i) => this.validateContainer(c, i));
    validateContainerSources(this, containers);
    validateHostnames(this, containers, props.inferenceExecutionMode);
    this._hosting = {
      containerCount: containers.length,
      multiModel: containers.some(c => c.mode === ContainerMode.MULTI_MODEL),
      vpc: props.vpc !== undefined,
      networkIsolation: props.networkIsolation === true,
    };

    this.role = props.role ?? newServiceRole(this, 'Role', {
      service: 'sagemaker.amazonaws.com',
      description: `SageMaker execution role of ${this.node.path}`,
    });
    this.grantPrincipal = this.role;

    this.securityGroups = [];
    let vpcConfig: CfnModel.VpcConfigProperty | undefined;
    if (props.vpc) {
      const groups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `SageMaker model ${this.node.path}`,
        allowAllOutbound: props.allowAllOutbound ?? true,
      })];
      validateNumber(this, 'securityGroups', groups.length, { min: 1, max: 5, unit: 'security groups' });
      this.securityGroups.push(...groups);
      const subnetIds = props.vpc.selectSubnets(props.vpcSubnets).subnetIds;
      validateNumber(this, 'vpcSubnets', subnetIds.length, { min: 1, max: 16, unit: 'subnets' });
      vpcConfig = { subnets: subnetIds, securityGroupIds: groups.map(g => g.securityGroupId) };
    }
    this.vpcConnections = props.vpc ? new ec2.Connections({ securityGroups: this.securityGroups }) : undefined;
    if (this.vpcConnections) {
      const connections = this.vpcConnections;
      const given = [...this.securityGroups];
      // VpcConfig is create-only and part of the model's content-hash name, fixed in the constructor
      this.node.addValidation({
        validate: () => {
          const added = connections.securityGroups.filter(g => !given.includes(g));
          return added.map(g => `connections.addSecurityGroup() must not be used on a model (its VpcConfig is fixed when the model is created), got ${g.node.path}; pass it in securityGroups instead`);
        },
      });
    }

    const rendered = containers.map((c, i) => this.renderContainer(c, i));
    if (!props.role) {
      grantLogs(this.role);
      if (vpcConfig) {
        grantNetworkInterfaces(this.role, vpcConfig);
      }
    }

    const identity = stableIdentity(this, {
      containers: rendered,
      role: this.role.roleArn,
      vpcConfig,
      networkIsolation: props.networkIsolation ?? false,
      // An explicit false is rendered (EnableNetworkIsolation: false) and an omitted one is not. CloudFormation replaces
      // the model when either changes into the other, so they need different names. The key is added only for an
      // explicit false, so the names of models that omit it, or set it to true, stay as they were.
      ...(props.networkIsolation === false ? { networkIsolationRendered: false } : {}),
      mode: props.inferenceExecutionMode,
    });
    this.hasContentHashName = props.modelName === undefined && identity !== undefined;
    let physicalName: string | undefined = props.modelName;
    if (props.modelName !== undefined) {
      Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:pinnedName',
        `modelName is pinned to ${show(props.modelName)}: models are immutable, so any change that replaces this model will fail the stack update; omit modelName to get a content-hash name`);
    } else if (identity !== undefined) {
      physicalName = hashedName(this, identity);
    }

    const resource = new CfnModel(this, 'Resource', {
      modelName: physicalName,
      executionRoleArn: this.role.roleArn,
      primaryContainer: rendered.length === 1 ? rendered[0] : undefined,
      containers: rendered.length > 1 ? rendered : undefined,
      vpcConfig,
      enableNetworkIsolation: props.networkIsolation,
      inferenceExecutionConfig: props.inferenceExecutionMode ? { mode: props.inferenceExecutionMode } : undefined,
    });
    // SageMaker checks image and model data access when the model is created, so the role's policies
    // must exist first (docs/failure-modes.md row 16). The policies are looked up when dependencies are resolved,
    // so grants added after this constructor (data capture, async outputs) count too. The role resource
    // itself is already a dependency through ExecutionRoleArn.
    if (Stack.of(this.role) === Stack.of(this)) {
      resource.node.addDependency(rolePolicies(this.role));
    }

    this.modelName = physicalName ?? resource.attrModelName;
    this.modelArn = physicalName !== undefined
      ? sagemakerArn(this, 'model', physicalName)
      : resource.ref; // Ref of AWS::SageMaker::Model is the ARN
  }

  /**
   * The network connections of the model's security groups: allow traffic to and from the model containers.
   * Only for a model in a VPC (a model without `vpc` has no security group, so rules would have no effect).
   */
  public get connections(): ec2.Connections {
    if (!this.vpcConnections) {
      fail(this, 'connections must be used with vpc (a model without a VPC has no security group, so rules would create nothing), got a model without a vpc');
    }
    return this.vpcConnections;
  }

  /**
   * The stable, readable prefix of the content-hashed name (names are `<namePrefix>-<16 hex digits>`);
   * lets a policy cover every model this construct rotates to. Undefined when the name is pinned or
   * CloudFormation-generated.
   *
   * @internal
   */
  public get _namePrefix(): string | undefined {
    if (!this.hasContentHashName || this.modelName.length <= CONTENT_HASH_LENGTH + 1) {
      return undefined;
    }
    return this.modelName.slice(0, -(CONTENT_HASH_LENGTH + 1));
  }

  /** @internal */
  public _rotatedArnPattern(): string | undefined {
    const prefix = this._namePrefix;
    return prefix === undefined ? undefined : sagemakerArn(this, 'model', rotatedNamePattern(prefix));
  }

  /**
   * Adds a statement to the execution role's policy (no-op for an immutable imported role).
   *
   * @param statement the statement
   */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role?.addToPrincipalPolicy(statement);
  }

  private validateContainer(container: ContainerDefinition, index: number): void {
    const env = container.environment ?? {};
    const keys = Object.keys(env);
    const prop = `containers[${index}].environment`;
    if (keys.length > 100) {
      fail(this, `${prop} must have at most 100 variables, got ${keys.length}`);
    }
    for (const key of keys) {
      if (Token.isUnresolved(key)) {
        continue;
      }
      if (key.length > 1024 || !ENV_KEY.test(key)) {
        fail(this, `${prop} key must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 1024 characters, got ${show(key)}`);
      }
      const value = env[key];
      if (typeof value === 'string' && !Token.isUnresolved(value) && value.length > 1024) {
        fail(this, `${prop} value of ${show(key)} must be at most 1024 characters, got ${value.length} characters`);
      }
    }
    const hostname = container.containerHostname;
    if (hostname !== undefined && !Token.isUnresolved(hostname) && !HOSTNAME.test(hostname)) {
      fail(this, `containers[${index}].containerHostname must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit, got ${show(hostname)}`);
    }
  }

  private renderContainer(container: ContainerDefinition, index: number): CfnModel.ContainerDefinitionProperty {
    const image = container.image?.bind(this, this.grantPrincipal);
    const pkg = container.modelPackage?.bind(this, this.grantPrincipal);
    const data = container.modelData?.bind(this, this.grantPrincipal);
    const env = container.environment;
    const multiModel = container.mode === ContainerMode.MULTI_MODEL;
    if (multiModel) {
      validateMultiModelData(this, index, data);
    }
    // ModelDataUrl takes only a gzip-compressed tar archive; uncompressed model files (a prefix, or one
    // object) go to ModelDataSource with CompressionType None
    // (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html). A multi-model
    // container takes the prefix of its .tar.gz models as ModelDataUrl (ModelDataSource is not supported for
    // multi-model endpoints, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html).
    const uncompressed = !multiModel && data && (data.isPrefix || data.isUncompressedObject);
    return {
      image: image?.imageUri,
      modelPackageName: pkg?.modelPackageArn,
      inferenceSpecificationName: pkg?.inferenceSpecificationName,
      mode: container.mode,
      multiModelConfig: container.multiModelCache === undefined
        ? undefined
        : { modelCacheSetting: container.multiModelCache ? 'Enabled' : 'Disabled' },
      modelDataUrl: data && !uncompressed ? data.uri : undefined,
      modelDataSource: data && uncompressed
        ? { s3DataSource: { s3Uri: data.uri, s3DataType: data.isPrefix ? 'S3Prefix' : 'S3Object', compressionType: 'None' } }
        : undefined,
      environment: env && Object.keys(env).length > 0 ? env : undefined,
      containerHostname: container.containerHostname,
    };
  }
}

/**
 * Container host names of a multi-container model: if one container names a host name, every container
 * must, and in `DIRECT` mode they must be unique
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `ContainerHostname`).
 */
function validateHostnames(scope: Model, containers: ContainerDefinition[], mode: InferenceExecutionMode | undefined): void {
  if (containers.length < 2) {
    return;
  }
  const named = containers.map((c, i) => ({ i, hostname: c.containerHostname })).filter(c => c.hostname !== undefined);
  if (named.length > 0 && named.length < containers.length) {
    const missing = containers.map((c, i) => (c.containerHostname === undefined ? i : -1)).filter(i => i >= 0);
    fail(scope, `containerHostname must be given for every container once one container names it, got containers[${named[0].i}].containerHostname ${show(named[0].hostname)} and none for containers[${missing.join('], containers[')}]`);
  }
  if (mode === InferenceExecutionMode.DIRECT) {
    const seen = new Map<string, number>();
    for (const { i, hostname } of named) {
      if (hostname === undefined || Token.isUnresolved(hostname)) {
        continue;
      }
      const first = seen.get(hostname.toLowerCase());
      if (first !== undefined) {
        fail(scope, `containerHostname must be unique in DIRECT mode, got ${show(hostname)} for containers[${first}] and containers[${i}]`);
      }
      seen.set(hostname.toLowerCase(), i);
    }
  }
}
