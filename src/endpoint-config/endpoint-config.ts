import { Annotations, IResource, Lazy, Resource, Size, SizeRoundingBehavior, Tags, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { CfnEndpointConfigReader } from './cfn-endpoint-config';
import { ComponentHostingVariantInfo, ComponentHostingVariantProps } from './component-hosting-variant';
import { AsyncInferenceOptions, DataCaptureOptions } from './data-capture';
import { InstanceType } from './instance-type';
import { componentVariant, ComponentVariantEntry } from './private/component-variant';
import { grantOutputWrites, renderAsyncInference, renderDataCapture } from './private/outputs';
import { DG_SHADOW, multiModelGpuWarning, ShadowModelFacts, shadowProblems, ShadowRuleVariant } from './private/shadow-rules';
import {
  InstanceProductionVariantProps, ProductionVariantInfo, ServerlessProductionVariantProps, VariantKind,
} from './production-variant';
import { ShadowProductionVariantProps } from './shadow-variant';
import { grantLogs } from '../model/execution-role';
import { IModel, Model } from '../model/model';
import { importSageMakerArn, looksLikeArn } from '../private/arns';
import { envOf, environmentDiffers, showEnv } from '../private/environment';
import { stableIdentity } from '../private/hash-identity';
import { CONTENT_HASH_LENGTH, hashedName, sagemakerArn } from '../private/names';
import { newServiceRole } from '../private/service-role';
import { ENDPOINT_NAME_RULE, fail, show, validateName, validateNumber, validateTags } from '../private/validation';

/** A SageMaker endpoint config, created by this library or imported. */
export interface IEndpointConfig extends IResource {
  /**
   * The endpoint config name: the literal content-hashed name when known at synth, else a token.
   *
   * @attribute
   */
  readonly endpointConfigName: string;

  /**
   * The endpoint config ARN, with the name lower-cased as SageMaker does when the name is a literal.
   *
   * @attribute
   */
  readonly endpointConfigArn: string;
}

/** Properties of an {@link EndpointConfig}. */
export interface EndpointConfigProps {
  /**
   * Production variants that run on instances (with `serverlessProductionVariant`: none). More can be
   * added with `addInstanceProductionVariant()`. 1-10 variants in total.
   *
   * @default - none
   */
  readonly instanceProductionVariants?: InstanceProductionVariantProps[];

  /**
   * The one serverless production variant (not combined with instance variants).
   *
   * @default - none
   */
  readonly serverlessProductionVariant?: ServerlessProductionVariantProps;

  /**
   * The shadow variant (`ShadowProductionVariants`): a fleet of its own, with its own model, instance type and
   * count, that receives copies of the production variant's requests; its responses are never returned
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html). The way to try a model on real
   * traffic before it answers any. A config with a shadow has exactly one production variant, on instances, and
   * no serverless variant, asynchronous inference, component-hosting variant, Inf1 instance type, multi-container
   * or multi-model model (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html).
   * Can also be given with `addShadowProductionVariant()`.
   *
   * @default - no shadow variant
   */
  readonly shadowProductionVariant?: ShadowProductionVariantProps;

  /**
   * Production variants that host inference components: instance variants with no model. A config hosts
   * models or inference components, never both, and a serverless or asynchronous config cannot host
   * inference components. More can be added with `addComponentHostingVariant()`.
   *
   * @default - none
   */
  readonly componentHostingVariants?: ComponentHostingVariantProps[];

  /**
   * The execution role of a config that hosts inference components (`ExecutionRoleArn`): SageMaker
   * requires it once a variant has no model (CreateEndpointConfig fails without it; hashicorp/terraform-provider-aws#44977),
   * and uses it to pull the images and artifacts of inference components that name no model
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html). Only for configs that
   * host inference components. Whoever deploys the config needs `iam:PassRole` on it.
   *
   * @default - for a config that hosts inference components, a role SageMaker can assume with only log
   *   writes to `/aws/sagemaker/*`; each inference component adds ECR pull and S3 read of exactly its own
   *   image and artifact. None for a config that hosts models.
   */
  readonly executionRole?: iam.IRole;

  /**
   * The KMS key that encrypts the ML storage volumes of the instances. Not supported with instance
   * types that have local NVMe storage (for example `ml.g5`, `ml.p4d`, `ml.m5d`).
   *
   * @default - AWS-managed encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Data capture of requests and responses.
   *
   * @default - no data capture
   */
  readonly dataCapture?: DataCaptureOptions;

  /**
   * Asynchronous inference (not with a serverless variant).
   *
   * @default - real-time inference
   */
  readonly asyncInference?: AsyncInferenceOptions;

  /**
   * A fixed endpoint config name. Endpoint configs are immutable: with a fixed name every change
   * fails the stack update ("cannot update a stack when a custom-named resource requires replacing"),
   * so pinning a name produces a warning.
   *
   * @default - `<construct path>-<hash of the config and its models' names>`, lower-case, at most 63
   *   characters; a CloudFormation-generated name when a property is a token that cannot be known at synth
   */
  readonly endpointConfigName?: string;

  /**
   * Tags of the endpoint config (at most 50; keys must not start with `aws:`). Tags are updated in
   * place and are not part of the name.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

const SERVERLESS_MEMORY_MIB = [1024, 2048, 3072, 4096, 5120, 6144];
const MAX_VARIANTS = 10;
const MAX_INSTANCE_COUNT = 2_147_483_647;

interface VariantEntry {
  readonly info: ProductionVariantInfo;
  readonly rendered: CfnEndpointConfig.ProductionVariantProperty;
}

interface ResolvedName {
  /** the literal name, undefined for a CloudFormation-generated one */
  readonly name?: string;
  readonly hashed: boolean;
}

/**
 * A SageMaker endpoint config: the production variants (model, instance type and count, or serverless
 * capacity), encryption, data capture and asynchronous inference settings of an endpoint.
 *
 * Every property of an endpoint config is create-only, so its name is a hash of all of them and of the
 * names of its models: any change yields a new config (and a clean `UpdateEndpoint`), no change a
 * byte-identical template.
 *
 * @resource AWS::SageMaker::EndpointConfig
 */
export class EndpointConfig extends Resource implements IEndpointConfig {
  /**
   * Imports an endpoint config by name.
   *
   * @param scope the scope
   * @param id the construct id
   * @param endpointConfigName the endpoint config name
   */
  public static fromEndpointConfigName(scope: Construct, id: string, endpointConfigName: string): IEndpointConfig {
    class Import extends Resource implements IEndpointConfig {
      public readonly endpointConfigName = endpointConfigName;
      public readonly endpointConfigArn = sagemakerArn(this, 'endpoint-config', endpointConfigName);
    }
    const imported = new Import(scope, id);
    validateName(imported, 'endpointConfigName', endpointConfigName, ENDPOINT_NAME_RULE);
    return imported;
  }

  /**
   * Imports an endpoint config by ARN.
   *
   * A literal ARN is validated (service, resource type and name) and its name is lower-cased inside
   * `endpointConfigArn`, the form IAM matches; `endpointConfigName` keeps the name as written. A token is
   * used as given.
   *
   * @param scope the scope
   * @param id the construct id
   * @param endpointConfigArn the ARN (`arn:<partition>:sagemaker:<region>:<account>:endpoint-config/<name>`)
   */
  public static fromEndpointConfigArn(scope: Construct, id: string, endpointConfigArn: string): IEndpointConfig {
    class Import extends Resource implements IEndpointConfig {
      public readonly endpointConfigName: string;
      public readonly endpointConfigArn: string;
      constructor() {
        // a malformed literal ARN is reported by importSageMakerArn with the library's message shape
        super(scope, id, looksLikeArn(endpointConfigArn) ? { environmentFromArn: endpointConfigArn } : {});
        const imported = importSageMakerArn(this, 'endpointConfigArn', endpointConfigArn, 'endpoint-config', ENDPOINT_NAME_RULE);
        this.endpointConfigName = imported.name;
        this.endpointConfigArn = imported.arn;
      }
    }
    return new Import();
  }

  /**
   * Reads an endpoint config written as a raw `CfnEndpointConfig` (for example in a stack that predates
   * this library), so an endpoint wrapped with `Endpoint.fromCfnEndpoint()` knows its variants: deployment
   * checks, plans and autoscaling rules then run as for a config of this library. The L1 is not changed.
   * Variants given as tokens are unknown.
   *
   * @param cfnEndpointConfig the L1 endpoint config
   */
  public static fromCfnEndpointConfig(cfnEndpointConfig: CfnEndpointConfig): IEndpointConfig {
    return CfnEndpointConfigReader.of(cfnEndpointConfig);
  }

  /**
   * Whether asynchronous inference is configured.
   *
   * @internal
   */
  public readonly _isAsync: boolean;

  /** The KMS key that encrypts the instances' storage volumes, if any. */
  public readonly encryptionKey?: kms.IKey;

  private readonly variants: VariantEntry[] = [];
  private shadow?: VariantEntry;
  private readonly componentVariants: ComponentVariantEntry[] = [];
  private readonly givenRole?: iam.IRole;
  private role?: iam.IRole;
  private readonly resource: CfnEndpointConfig;
  private readonly pinnedName?: string;
  private readonly dataCapture?: DataCaptureOptions;
  private readonly asyncInference?: AsyncInferenceOptions;
  private readonly renderedDataCapture?: CfnEndpointConfig.DataCaptureConfigProperty;
  private readonly renderedAsync?: CfnEndpointConfig.AsyncInferenceConfigProperty;
  private resolvedName?: ResolvedName;
  /** The tokens this construct gave the L1's variant lists (an escape hatch may replace them). */
  private readonly variantTokens: { readonly production: unknown; readonly shadow: unknown };

  constructor(scope: Construct, id: string, props: EndpointConfigProps = {}) {
    super(scope, id);
    validateName(this, 'endpointConfigName', props.endpointConfigName, ENDPOINT_NAME_RULE);
    validateTags(this, 'tags', props.tags);
    if (props.serverlessProductionVariant && (props.instanceProductionVariants ?? []).length > 0) {
      fail(this, `serverlessProductionVariant must not be combined with instanceProductionVariants, got 1 serverless and ${props.instanceProductionVariants!.length} instance variants`);
    }
    if (props.asyncInference && props.serverlessProductionVariant) {
      fail(this, 'asyncInference must not be used with a serverless variant, got asyncInference and serverlessProductionVariant');
    }

    this.pinnedName = props.endpointConfigName;
    this.givenRole = props.executionRole;
    this.encryptionKey = props.encryptionKey;
    this._isAsync = props.asyncInference !== undefined;
    this.dataCapture = props.dataCapture;
    this.asyncInference = props.asyncInference;
    this.renderedDataCapture = props.dataCapture && renderDataCapture(this, props.dataCapture);
    this.renderedAsync = props.asyncInference && renderAsyncInference(this, props.asyncInference);

    if (props.endpointConfigName !== undefined) {
      Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:pinnedName',
        `endpointConfigName is pinned to ${show(props.endpointConfigName)}: endpoint configs are immutable, so any change will fail the stack update ("cannot update a stack when a custom-named resource requires replacing"); omit endpointConfigName to get a content-hash name`);
    }

    this.variantTokens = {
      production: Lazy.any({ produce: () => this.renderedProductionVariants() }, { omitEmptyArray: false }),
      shadow: Lazy.any({ produce: () => this.renderedShadows() }),
    };
    this.resource = new CfnEndpointConfig(this, 'Resource', {
      endpointConfigName: Lazy.string({ produce: () => this.resolveName().name }),
      productionVariants: this.variantTokens.production as CfnEndpointConfig.ProductionVariantProperty[],
      shadowProductionVariants: this.variantTokens.shadow as CfnEndpointConfig.ProductionVariantProperty[],
      kmsKeyId: props.encryptionKey?.keyArn,
      dataCaptureConfig: this.renderedDataCapture,
      asyncInferenceConfig: this.renderedAsync,
      executionRoleArn: Lazy.string({ produce: () => this.role?.roleArn }),
    });
    for (const [key, value] of Object.entries(props.tags ?? {})) {
      Tags.of(this.resource).add(key, value);
    }

    for (const variant of props.instanceProductionVariants ?? []) {
      this.addInstanceProductionVariant(variant);
    }
    if (props.serverlessProductionVariant) {
      this.addServerlessProductionVariant(props.serverlessProductionVariant);
    }
    for (const variant of props.componentHostingVariants ?? []) {
      this.addComponentHostingVariant(variant);
    }
    if (props.shadowProductionVariant) {
      this.addShadowProductionVariant(props.shadowProductionVariant);
    }

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (this.variants.length + this.componentVariants.length < 1) {
          errors.push(`productionVariants must have 1-${MAX_VARIANTS} variants, got 0 (give instanceProductionVariants, serverlessProductionVariant or call addInstanceProductionVariant())`);
        }
        if (this.givenRole && this.componentVariants.length === 0) {
          errors.push(`executionRole must only be given for an endpoint config that hosts inference components (addComponentHostingVariant()), got ${this.givenRole.node.path} on a config with ${this.variants.length} model variant(s)`);
        }
        // CreateEndpointConfig names models by ModelName, resolved in the config's own account and Region
        // (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html, ModelName)
        for (const { info } of this.variants) {
          const model = envOf(info.model);
          if (environmentDiffers(model, envOf(this))) {
            errors.push(`variant ${show(info.variantName)} model must be in the endpoint config's ${showEnv(envOf(this))}, got ${info.model.node.path} in ${showEnv(model)} (SageMaker looks models up by name in the config's own account and Region)`);
          }
        }
        errors.push(...this.shadowRuleProblems());
        return errors;
      },
    });
  }

  /**
   * The endpoint config name: the literal content-hashed name when known at synth, else a token.
   *
   * Reading it fixes the name: variants can no longer be added afterwards.
   */
  public get endpointConfigName(): string {
    return this.resolveName().name ?? this.resource.attrEndpointConfigName;
  }

  /** The endpoint config ARN, with the literal name lower-cased when it is known at synth. */
  public get endpointConfigArn(): string {
    const name = this.resolveName().name;
    // Ref of AWS::SageMaker::EndpointConfig is the ARN
    return name !== undefined ? sagemakerArn(this, 'endpoint-config', name) : this.resource.ref;
  }

  /**
   * The production and shadow variants as this construct renders them into the L1, without resolving them;
   * undefined when an escape hatch replaced either list on the L1 (then only resolving it tells).
   *
   * @internal
   */
  public _renderedVariants(): CfnEndpointConfig.ProductionVariantProperty[] | undefined {
    if (this.resource.productionVariants !== this.variantTokens.production
      || this.resource.shadowProductionVariants !== this.variantTokens.shadow) {
      return undefined;
    }
    return [...this.renderedProductionVariants(), ...(this.renderedShadows() ?? [])];
  }

  /**
   * The stable, readable prefix of the content-hashed name (names are `<namePrefix>-<16 hex digits>`);
   * lets a policy cover every config this construct will ever rotate to. Undefined when the name is
   * pinned or CloudFormation-generated.
   *
   * @internal
   */
  public get _namePrefix(): string | undefined {
    const resolved = this.resolveName();
    if (!resolved.hashed || resolved.name === undefined) {
      return undefined;
    }
    return resolved.name.length > CONTENT_HASH_LENGTH + 1 ? resolved.name.slice(0, -(CONTENT_HASH_LENGTH + 1)) : undefined;
  }

  /**
   * The production variants that serve a model, including variants added after construction. Variants that
   * host inference components are in `componentHostingVariants`.
   */
  public get productionVariants(): ProductionVariantInfo[] {
    return this.variants.map(v => v.info);
  }

  /**
   * The shadow variant, if any (including one added after construction). Its `initialVariantWeight` is the
   * production variant's weight the shadow is rendered with (see `ShadowProductionVariantProps`).
   */
  public get shadowProductionVariant(): ProductionVariantInfo | undefined {
    if (!this.shadow) {
      return undefined;
    }
    return { ...this.shadow.info, initialVariantWeight: this.shadowWeight() };
  }

  /** The production variants that host inference components (no model), including variants added after construction. */
  public get componentHostingVariants(): ComponentHostingVariantInfo[] {
    return this.componentVariants.map(v => v.info);
  }

  /** Whether this config hosts inference components (has a component-hosting variant). */
  public get hostsComponents(): boolean {
    return this.componentVariants.length > 0;
  }

  /**
   * The execution role of a config that hosts inference components (given or created with the first
   * component-hosting variant); undefined for a config that hosts models.
   */
  public get executionRole(): iam.IRole | undefined {
    return this.role;
  }

  /**
   * Adds a production variant that hosts inference components: instances with no model, on which
   * `InferenceComponent`s place copies of their models. Creates the config's execution role with the first
   * such variant unless `executionRole` was given.
   *
   * A config hosts models or inference components, never both (SageMaker rejects inference components on an
   * endpoint whose variant has a model, pulumi/pulumi-aws#4940); serverless and asynchronous configs cannot
   * host inference components (`InvokeEndpointAsync` has no inference component parameter,
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointAsync.html; serverless
   * support is not documented, so it is refused). Data capture on such a config is refused too: SageMaker
   * documents nothing about it for inference components (unconfirmed, so the safe choice).
   *
   * Must be called before the name is used (before `endpointConfigName` is read or an Endpoint is created
   * from this config), because the name is a hash of the variants.
   *
   * @param props the variant
   */
  public addComponentHostingVariant(props: ComponentHostingVariantProps): void {
    if (this._isAsync) {
      fail(this, `asyncInference must not be used with inference components, got asyncInference and component-hosting variant ${show(props.variantName)} (InvokeEndpointAsync cannot target an inference component)`);
    }
    if (this.dataCapture) {
      fail(this, `dataCapture must not be used with inference components, got dataCapture and component-hosting variant ${show(props.variantName)} (SageMaker documents no data capture for inference-component endpoints)`);
    }
    this.checkCanAdd(props.variantName, VariantKind.COMPONENT_HOSTING);
    const entry = componentVariant(this, props, this.encryptionKey !== undefined);
    this.componentVariants.push(entry);
    if (!this.role) {
      this.role = this.givenRole ?? this.createExecutionRole();
      // SageMaker checks the role when the config and its inference components are created: the config waits
      // for the role's policy (ExecutionRoleArn's Fn::GetAtt already orders the role itself, cfn-lint W3005)
      const policy = this.role.node.tryFindChild('DefaultPolicy');
      if (policy) {
        this.resource.node.addDependency(policy);
      }
    }
  }

  private createExecutionRole(): iam.IRole {
    const role = newServiceRole(this, 'ExecutionRole', {
      service: 'sagemaker.amazonaws.com',
      description: `SageMaker execution role of the inference components on ${this.node.path}`,
    });
    grantLogs(role);
    return role;
  }

  /**
   * Adds a production variant that runs on instances.
   *
   * Must be called before the name is used (before `endpointConfigName` is read or an Endpoint is created
   * from this config), because the name is a hash of the variants.
   *
   * @param props the variant
   */
  public addInstanceProductionVariant(props: InstanceProductionVariantProps): void {
    this.checkCanAdd(props.variantName, VariantKind.INSTANCE);
    const prefix = `variant ${show(props.variantName)}`;
    const weight = props.initialVariantWeight ?? 1;
    if (!Token.isUnresolved(weight) && (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)) {
      fail(this, `${prefix} initialVariantWeight must be a number >= 0, got ${show(weight)}`);
    }
    const r = this.instanceRendering(props, prefix);
    this.addVariant({
      info: { ...r.info, initialVariantWeight: weight },
      rendered: { ...r.rendered, initialVariantWeight: weight },
    });
  }

  /**
   * Adds the shadow variant (`ShadowProductionVariants`): its own model, instance type and count, mirrored
   * requests, no responses returned. The counterpart of `shadowProductionVariant` for configs built up after
   * construction; at most one per config (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html).
   *
   * Must be called before the name is used (before `endpointConfigName` is read or an Endpoint is created
   * from this config), because the name is a hash of the variants.
   *
   * @param props the shadow variant
   */
  public addShadowProductionVariant(props: ShadowProductionVariantProps): void {
    if (this.shadow) {
      fail(this, `shadowProductionVariant must be a single variant (SageMaker supports at most one shadow variant per endpoint: ${DG_SHADOW}), `
        + `got a second one ${show(props.variantName)} besides ${show(this.shadow.info.variantName)}`);
    }
    this.checkCanAddName(props.variantName);
    const r = this.instanceRendering(props, `shadowProductionVariant ${show(props.variantName)}`);
    this.shadow = r;
    this.dependOnModel(r.info.model);
  }

  /** Validates and renders the instance-variant props shared by production and shadow variants (no weight). */
  private instanceRendering(props: ShadowProductionVariantProps, prefix: string): VariantEntry {
    const instanceType = props.instanceType ?? InstanceType.ML_M5_LARGE;
    const typeName = instanceType.toString();
    if (!Token.isUnresolved(typeName)) {
      if (!/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(typeName)) {
        fail(this, `${prefix} instanceType must be a SageMaker instance type such as ml.m5.large, got ${show(typeName)}`);
      }
      if (!instanceType.isKnown()) {
        Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:unknownInstanceType',
          `${prefix} instanceType ${show(typeName)} is not in the SageMaker API model this library was built from; check the name`);
      }
      if (this.encryptionKey && instanceType.hasLocalNvme()) {
        fail(this, `encryptionKey must not be used with instance types that have local NVMe storage, got ${show(typeName)} in ${prefix} (SageMaker encrypts local storage itself and rejects a KmsKeyId)`);
      }
      const gpu = multiModelGpuWarning(prefix, typeName, modelFacts(props.model));
      if (gpu) {
        Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:multiModelOnGpu', gpu);
      }
    }
    const count = props.initialInstanceCount ?? 1;
    if (!Token.isUnresolved(count) && (!Number.isInteger(count) || count < 1)) {
      fail(this, `${prefix} initialInstanceCount must be a whole number >= 1, got ${show(count)}`);
    }
    if (!Token.isUnresolved(count) && count > MAX_INSTANCE_COUNT) {
      // the SageMaker API field is a 32-bit integer: a bigger number would fail the deployment, not the synth
      fail(this, `${prefix} initialInstanceCount must be at most ${MAX_INSTANCE_COUNT}, got ${show(count)}`);
    }
    const volumeSizeInGb = props.volumeSize && this.gibibytes(props.volumeSize);
    validateNumber(this, `${prefix} volumeSize`, volumeSizeInGb, { min: 1, max: 512, unit: 'GiB' });
    const download = props.modelDataDownloadTimeout?.toSeconds({ integral: false });
    validateNumber(this, `${prefix} modelDataDownloadTimeout`, download, { min: 60, max: 3600, unit: 'seconds' });
    const startup = props.containerStartupHealthCheckTimeout?.toSeconds({ integral: false });
    validateNumber(this, `${prefix} containerStartupHealthCheckTimeout`, startup, { min: 60, max: 3600, unit: 'seconds' });
    return {
      info: {
        variantName: props.variantName,
        kind: VariantKind.INSTANCE,
        model: props.model,
        instanceType,
        initialInstanceCount: count,
      },
      rendered: {
        variantName: props.variantName,
        modelName: props.model.modelName,
        instanceType: typeName,
        initialInstanceCount: count,
        volumeSizeInGb,
        modelDataDownloadTimeoutInSeconds: download,
        containerStartupHealthCheckTimeoutInSeconds: startup,
      },
    };
  }

  /**
   * The weight the shadow is rendered with: the production variant's (see `ShadowProductionVariantProps`), 1 when
   * there is not exactly one production variant (the config is then invalid anyway).
   */
  private shadowWeight(): number {
    return this.variants.length === 1 ? (this.variants[0].info.initialVariantWeight ?? 1) : 1;
  }

  private renderedProductionVariants(): CfnEndpointConfig.ProductionVariantProperty[] {
    return [...this.variants, ...this.componentVariants].map(v => v.rendered);
  }

  private renderedShadows(): CfnEndpointConfig.ProductionVariantProperty[] | undefined {
    return this.shadow ? [{ ...this.shadow.rendered, initialVariantWeight: this.shadowWeight() }] : undefined;
  }

  private shadowRuleProblems(): string[] {
    if (!this.shadow) {
      return [];
    }
    const rule = (info: ProductionVariantInfo, kind: ShadowRuleVariant['kind']): ShadowRuleVariant => {
      const typeName = info.instanceType?.toString();
      return {
        variantName: info.variantName,
        kind,
        instanceType: typeName !== undefined && !Token.isUnresolved(typeName) ? typeName : undefined,
        model: modelFacts(info.model),
      };
    };
    return shadowProblems({
      production: [
        ...this.variants.map(v => rule(v.info, v.info.kind === VariantKind.SERVERLESS ? 'serverless' : 'instance')),
        ...this.componentVariants.map(v => ({ variantName: v.info.variantName, kind: 'component-hosting' as const })),
      ],
      shadow: rule(this.shadow.info, 'instance'),
      async: this._isAsync,
    });
  }

  /**
   * Adds the serverless production variant (the only variant of a serverless config: not combined with
   * instance variants, and only one). The counterpart of `serverlessProductionVariant` for configs built up
   * after construction.
   *
   * Must be called before the name is used (before `endpointConfigName` is read or an Endpoint is created
   * from this config), because the name is a hash of the variants.
   *
   * @param props the variant
   */
  public addServerlessProductionVariant(props: ServerlessProductionVariantProps): void {
    if (this._isAsync) {
      fail(this, `asyncInference must not be used with a serverless variant, got asyncInference and serverless variant ${show(props.variantName)}`);
    }
    this.checkCanAdd(props.variantName, VariantKind.SERVERLESS);
    const prefix = `serverlessProductionVariant ${show(props.variantName)}`;
    const memory = props.memorySize.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Token.isUnresolved(memory) && !SERVERLESS_MEMORY_MIB.includes(memory)) {
      fail(this, `${prefix} memorySize must be one of ${SERVERLESS_MEMORY_MIB.join(', ')} MiB, got ${memory} MiB`);
    }
    validateNumber(this, `${prefix} maxConcurrency`, props.maxConcurrency, { min: 1, max: 200 });
    validateNumber(this, `${prefix} provisionedConcurrency`, props.provisionedConcurrency, { min: 1, max: 200 });
    if (props.provisionedConcurrency !== undefined && !Token.isUnresolved(props.provisionedConcurrency)
      && !Token.isUnresolved(props.maxConcurrency) && props.provisionedConcurrency > props.maxConcurrency) {
      fail(this, `${prefix} provisionedConcurrency must be at most maxConcurrency (${props.maxConcurrency}), got ${props.provisionedConcurrency}`);
    }
    this.addVariant({
      info: { variantName: props.variantName, kind: VariantKind.SERVERLESS, model: props.model },
      rendered: {
        variantName: props.variantName,
        modelName: props.model.modelName,
        serverlessConfig: {
          memorySizeInMb: memory,
          maxConcurrency: props.maxConcurrency,
          provisionedConcurrency: props.provisionedConcurrency,
        },
      },
    });
  }

  /**
   * The checks of every variant's name, production or shadow. Names are unique across both lists: metrics,
   * autoscaling and UpdateEndpointWeightsAndCapacities name a variant by VariantName alone (assumption: SageMaker
   * does not document its own check).
   */
  private checkCanAddName(variantName: string): void {
    if (this.resolvedName) {
      fail(this, `variant ${show(variantName)} must be added before the endpoint config name is used (the name is a hash of the variants): call addInstanceProductionVariant() before reading endpointConfigName or creating the Endpoint`);
    }
    validateName(this, 'variantName', variantName, ENDPOINT_NAME_RULE);
    const names = [...this.variants, ...this.componentVariants, ...(this.shadow ? [this.shadow] : [])].map(v => v.info.variantName);
    if (!Token.isUnresolved(variantName) && names.includes(variantName)) {
      fail(this, `variantName must be unique within the endpoint config, got ${show(variantName)} twice`);
    }
  }

  private checkCanAdd(variantName: string, kind: VariantKind): void {
    this.checkCanAddName(variantName);
    const count = this.variants.length + this.componentVariants.length;
    if (count >= MAX_VARIANTS) {
      fail(this, `productionVariants must have 1-${MAX_VARIANTS} variants, got ${count + 1} (adding ${show(variantName)})`);
    }
    const hosting = kind === VariantKind.COMPONENT_HOSTING;
    const modelVariant = this.variants[0];
    if (hosting && modelVariant) {
      fail(this, `an endpoint config must host models or inference components, never both, got component-hosting variant ${show(variantName)} with ${modelVariant.info.kind.toLowerCase()} variant ${show(modelVariant.info.variantName)} (SageMaker rejects inference components on an endpoint whose variant has a model: remove the model variant or use a second config)`);
    }
    if (!hosting && this.componentVariants.length > 0) {
      fail(this, `an endpoint config must host models or inference components, never both, got ${kind.toLowerCase()} variant ${show(variantName)} with component-hosting variant ${show(this.componentVariants[0].info.variantName)} (SageMaker rejects inference components on an endpoint whose variant has a model: remove the model variant or use a second config)`);
    }
    const other = this.variants.find(v => v.info.kind !== kind || kind === VariantKind.SERVERLESS);
    if (other) {
      fail(this, `a serverless variant must be the only variant of an endpoint config, got ${show(variantName)} (${kind.toLowerCase()}) with ${show(other.info.variantName)} (${other.info.kind.toLowerCase()})`);
    }
  }

  private addVariant(entry: VariantEntry): void {
    this.variants.push(entry);
    this.dependOnModel(entry.info.model);
  }

  private dependOnModel(model: IModel): void {
    // the model must exist before the config that names it (the name is a literal, not a reference);
    // for a model in another stack this becomes a stack dependency. The model's own resource is
    // enough: it depends on its role's policies in turn (the output writes of a role in another stack
    // are in a policy of this stack, which grantOutputWrites makes the config depend on).
    this.resource.node.addDependency(model.node.defaultChild ?? model);
    if (model.role) {
      grantOutputWrites(this.resource, model.role, this.dataCapture, this.asyncInference);
    }
  }

  private gibibytes(size: Size): number {
    return size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  }

  /** Everything create-only that defines the config (tags are updated in place and left out). */
  private content(): unknown {
    return {
      variants: this.renderedProductionVariants(),
      shadows: this.renderedShadows(),
      executionRoleArn: this.role?.roleArn,
      kmsKeyId: this.resource.kmsKeyId,
      dataCapture: this.renderedDataCapture,
      asyncInference: this.renderedAsync,
    };
  }

  private resolveName(): ResolvedName {
    if (!this.resolvedName) {
      if (this.pinnedName !== undefined) {
        this.resolvedName = { name: this.pinnedName, hashed: false };
      } else {
        // a model with a generated name changes name on every replacement: the config must follow it
        const modelNamesKnown = [...this.variants, ...(this.shadow ? [this.shadow] : [])].every(v => !Token.isUnresolved(v.info.model.modelName));
        const identity = modelNamesKnown ? stableIdentity(this, this.content()) : undefined;
        this.resolvedName = identity === undefined
          ? { hashed: false }
          : { name: hashedName(this, identity, CONTENT_HASH_LENGTH), hashed: true };
      }
    }
    return this.resolvedName;
  }
}

/** The hosting facts of a model of this library; undefined for an imported model (its containers are unknown). */
function modelFacts(model: IModel): ShadowModelFacts | undefined {
  if (!(model instanceof Model)) {
    return undefined;
  }
  return { path: model.node.path, containerCount: model._hosting.containerCount, multiModel: model._hosting.multiModel };
}
