import { Annotations, Arn, ArnFormat, Lazy, TagManager, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { Construct, IConstruct } from 'constructs';
import { EndpointDeploymentBinding } from './deployment-binding';
import { EndpointBase, IEndpoint } from './endpoint-base';
import { EndpointConfig, IEndpointConfig } from '../endpoint-config';
import { ConfigFacts, configFacts, resourceHasTags } from './private/config-facts';
import { importSageMakerArn, looksLikeArn } from '../private/arns';
import { envOf, environmentDiffers, showEnv } from '../private/environment';
import { sagemakerArn, stableName } from '../private/names';
import { ENDPOINT_NAME_RULE, fail, show, validateName, validateTags } from '../private/validation';

/** A variant property an endpoint update may reset even though `retainAllVariantProperties` is true. */
export enum RetainedVariantProperty {
  /** Take the instance count from the new config (resets what the autoscaler chose). */
  DESIRED_INSTANCE_COUNT = 'DesiredInstanceCount',
  /** Take the traffic weight from the new config. */
  DESIRED_WEIGHT = 'DesiredWeight',
  /** Take the data capture settings from the new config. */
  DATA_CAPTURE_CONFIG = 'DataCaptureConfig',
}

/** Properties of an {@link Endpoint}. */
export interface EndpointProps {
  /**
   * The endpoint config the endpoint serves. Changing it (a new content-hashed config) updates the endpoint
   * in place; the endpoint always depends on its config in the template (docs/failure-modes.md row 20).
   */
  readonly endpointConfig: IEndpointConfig;

  /**
   * The endpoint name: 1-63 letters, digits and hyphens, starting and ending with a letter or digit,
   * unique per account and Region (case-insensitively). The case is kept for invocation; every ARN built
   * from it is lower-cased, as SageMaker writes names inside ARNs. Changing it replaces the endpoint.
   *
   * @default - generated at synth: lower-case, at most 63 characters, stable for the stack and construct path
   */
  readonly endpointName?: string;

  /**
   * Whether an update keeps the variant properties of the running endpoint (instance count, weight,
   * data capture) instead of taking them from the new config. Keep it true with autoscaling, or every
   * deployment resets the instance count the autoscaler chose (docs/failure-modes.md row 12).
   *
   * @default - true when autoscaling is attached to a variant, false otherwise
   */
  readonly retainAllVariantProperties?: boolean;

  /**
   * Variant properties an update takes from the new config even though `retainAllVariantProperties` is
   * true. Requires `retainAllVariantProperties` to be true (explicitly or through autoscaling).
   *
   * @default - none: every variant property is retained when `retainAllVariantProperties` is true
   */
  readonly excludeRetainedVariantProperties?: RetainedVariantProperty[];

  /**
   * Tags of the endpoint: at most 50; keys 1-128 characters without the reserved `aws:` prefix,
   * values 0-256 characters.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/** Options of {@link Endpoint.fromCfnEndpoint}. */
export interface FromCfnEndpointOptions {
  /**
   * The config the L1 endpoint serves. Pass `EndpointConfig.fromCfnEndpointConfig(cfnConfig)` for a raw
   * `CfnEndpointConfig`, so deployments know the variants and run every check.
   *
   * @default - imported by the L1's EndpointConfigName: variants unknown (deployments then need
   *   `maximumExecutionTimeout` where the rollout length depends on the fleet)
   */
  readonly endpointConfig?: IEndpointConfig;
}

/** The L1 endpoint the next Endpoint constructor adopts (set only by Endpoint.fromCfnEndpoint). */
let adopting: CfnEndpoint | undefined;

/** Attributes of an existing endpoint for {@link Endpoint.fromEndpointAttributes}. */
export interface EndpointAttributes {
  /**
   * The endpoint name (case preserved).
   *
   * @default - parsed from `endpointArn`
   */
  readonly endpointName?: string;

  /**
   * The endpoint ARN.
   *
   * @default - built from `endpointName` in this stack's account and Region
   */
  readonly endpointArn?: string;

  /**
   * The config the endpoint serves; lets `grants.create`, `grants.update`, `grants.deploy` and
   * `grants.describe` cover it.
   *
   * @default - unknown: only `grants.invoke` and `grants.describe` (endpoint only) are available
   */
  readonly endpointConfig?: IEndpointConfig;

  /**
   * The production variant names, for endpoint-level metrics.
   *
   * @default - the variants of `endpointConfig` when it is an EndpointConfig of this library, else `['AllTraffic']`
   */
  readonly variantNames?: string[];

  /**
   * Whether the endpoint serves asynchronous inference (`grants.invoke` then grants InvokeEndpointAsync).
   *
   * @default - from `endpointConfig` when it is an EndpointConfig of this library, else false
   */
  readonly asyncInference?: boolean;
}

/**
 * A SageMaker real-time endpoint (`AWS::SageMaker::Endpoint`).
 *
 * The name is known at synth (generated or given), so metric dimensions and rollback alarms use the
 * literal name and never reference the endpoint resource (no dependency cycle, docs/failure-modes.md row 8).
 *
 * @resource AWS::SageMaker::Endpoint
 */
export class Endpoint extends EndpointBase {
  /** Imports an endpoint by name (case preserved; the ARN uses the lower-cased name). */
  public static fromEndpointName(scope: Construct, id: string, endpointName: string): IEndpoint {
    return new ImportedEndpoint(scope, id, { endpointName });
  }

  /** Imports an endpoint by ARN (the name is parsed from a literal ARN, or extracted at deploy time from a token). */
  public static fromEndpointArn(scope: Construct, id: string, endpointArn: string): IEndpoint {
    return new ImportedEndpoint(scope, id, { endpointArn });
  }

  /**
   * Wraps an endpoint written as a raw `CfnEndpoint` so a `BlueGreenDeployment` or `RollingDeployment`,
   * grants, metrics and autoscaling can be attached without rewriting the stack. The L1 keeps its logical
   * id and properties; the deployment renders its `DeploymentConfig` (a `DeploymentConfig` already set on
   * the L1 is kept when no deployment is attached, and is an error when one is), and
   * `RetainAllVariantProperties` defaults as for an `Endpoint` when the L1 leaves it unset.
   *
   * The L1 must have a literal `EndpointName`: rollback alarms, metrics and grants need the name at synth.
   * Calling it twice for the same L1 returns the same object.
   *
   * @param cfnEndpoint the L1 endpoint
   * @param options the config it serves
   */
  public static fromCfnEndpoint(cfnEndpoint: CfnEndpoint, options: FromCfnEndpointOptions = {}): Endpoint {
    const existing = cfnEndpoint.node.tryFindChild(ADOPTED_ID);
    if (existing instanceof Endpoint) {
      return existing;
    }
    const name = cfnEndpoint.endpointName;
    if (typeof name !== 'string' || Token.isUnresolved(name)) {
      fail(cfnEndpoint, `fromCfnEndpoint needs the CfnEndpoint's endpointName as a literal (rollback alarms, metrics and grants name it at synth), got ${name === undefined ? 'undefined' : 'a token'}`);
    }
    const configName = cfnEndpoint.endpointConfigName;
    const endpointConfig = options.endpointConfig ?? EndpointConfig.fromEndpointConfigName(cfnEndpoint, '@EndpointConfig', configName);
    adopting = cfnEndpoint;
    try {
      return new Endpoint(cfnEndpoint, ADOPTED_ID, { endpointConfig, endpointName: name });
    } finally {
      adopting = undefined;
    }
  }

  /** Imports an endpoint from its attributes. */
  public static fromEndpointAttributes(scope: Construct, id: string, attrs: EndpointAttributes): IEndpoint {
    return new ImportedEndpoint(scope, id, attrs);
  }

  /**
   * The endpoint name: the literal name (generated or given, case preserved) when known at synth.
   *
   * @attribute
   */
  public readonly endpointName: string;

  /**
   * The endpoint ARN: built from the lower-cased literal name when known at synth, else the resource's Ref.
   *
   * @attribute
   */
  public readonly endpointArn: string;

  /** The config the endpoint serves. */
  public readonly endpointConfig: IEndpointConfig;

  private readonly resource: CfnEndpoint;
  private readonly retainAll?: boolean;
  private readonly excluded: RetainedVariantProperty[];
  private binding?: EndpointDeploymentBinding;
  private facts?: ConfigFacts;

  constructor(scope: Construct, id: string, props: EndpointProps) {
    super(scope, id);
    validateName(this, 'endpointName', props.endpointName, ENDPOINT_NAME_RULE);
    validateTags(this, 'tags', props.tags);
    this.excluded = validateExcluded(this, props.excludeRetainedVariantProperties);
    this.retainAll = props.retainAllVariantProperties;
    this.endpointConfig = props.endpointConfig;

    const name = props.endpointName ?? stableName(this);
    this.endpointName = name;

    const adopted = adopting;
    adopting = undefined;
    if (adopted) {
      this.resource = this.adopt(adopted);
    } else {
      this.resource = this.createResource(name, props);
    }

    this.endpointArn = Token.isUnresolved(name)
      ? this.resource.ref // Ref of AWS::SageMaker::Endpoint is the ARN
      : sagemakerArn(this, 'endpoint', name);

    this.node.addValidation({ validate: () => [...this.validateRetention(), ...this.validateReservedTags(), ...this.validateEnvironments()] });
  }

  /**
   * The deployment construct attached to this endpoint, if any.
   *
   * @internal
   */
  public get _deployment(): EndpointDeploymentBinding | undefined {
    return this.binding;
  }

  private createResource(name: string, props: EndpointProps): CfnEndpoint {
    const resource = new CfnEndpoint(this, 'Resource', {
      endpointName: name,
      endpointConfigName: props.endpointConfig.endpointConfigName,
      deploymentConfig: Lazy.any({ produce: () => this.binding?.renderDeploymentConfig() }),
      retainAllVariantProperties: Lazy.any({ produce: () => this.effectiveRetainAll() }),
      excludeRetainedVariantProperties: Lazy.any({
        produce: () => this.excluded.length > 0 ? this.excluded.map(p => ({ variantPropertyType: p })) : undefined,
      }),
      tags: props.tags && Object.keys(props.tags).length > 0
        ? Object.keys(props.tags).sort().map(key => ({ key, value: props.tags![key] }))
        : undefined,
    });
    // the config name is a literal (content hash), so there is no implicit reference: without this the
    // endpoint could be created before its config (docs/failure-modes.md row 20)
    resource.node.addDependency(props.endpointConfig);
    return resource;
  }

  /**
   * Takes over a raw L1 endpoint: its properties stay as written, except DeploymentConfig (rendered by an
   * attached deployment) and an unset RetainAllVariantProperties (defaulted as for this class).
   */
  private adopt(cfn: CfnEndpoint): CfnEndpoint {
    // deployments, grants and metadata find the L1 as the endpoint's default child
    this.node.defaultChild = cfn;
    const given = cfn.deploymentConfig;
    cfn.deploymentConfig = Lazy.any({ produce: () => (this.binding ? this.binding.renderDeploymentConfig() : given) });
    if (cfn.retainAllVariantProperties === undefined) {
      cfn.retainAllVariantProperties = Lazy.any({ produce: () => this.effectiveRetainAll() });
    }
    this.node.addValidation({
      validate: () => (given !== undefined && this.binding
        ? [`the CfnEndpoint ${cfn.node.path} already sets DeploymentConfig, got a second one from ${this.binding.construct.node.path}: remove DeploymentConfig from the L1`]
        : []),
    });
    return cfn;
  }

  /**
   * Attaches the deployment construct (BlueGreenDeployment, RollingDeployment) that renders the endpoint's
   * DeploymentConfig. An endpoint takes at most one.
   *
   * @internal
   */
  public _attachDeployment(binding: EndpointDeploymentBinding): void {
    if (this.binding) {
      fail(this, `an endpoint takes at most one deployment construct, got ${this.binding.construct.node.path} and ${binding.construct.node.path}`);
    }
    this.binding = binding;
  }

  /** @internal */
  protected _knownConfig(): IEndpointConfig {
    return this.endpointConfig;
  }

  /** @internal */
  public _configFacts(): ConfigFacts {
    this.facts ??= configFacts(this, this.endpointConfig);
    return this.facts;
  }

  /** @internal */
  public _isAsync(): boolean {
    return this._configFacts().isAsync;
  }

  /** @internal */
  public _hasTags(): boolean {
    return resourceHasTags(this.resource);
  }

  /** @internal */
  public _rollbackAlarms(): cloudwatch.IAlarm[] {
    return this.binding?.rollbackAlarms() ?? [];
  }

  /** @internal */
  protected _variantNames(): string[] {
    return this._knownVariantNames() ?? [];
  }

  /** @internal */
  protected _dependable(): IConstruct | undefined {
    return this.resource;
  }

  /** @internal */
  protected _onAutoScalingAttached(): void {
    if (this.retainAll === false) {
      Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:autoScalingWithoutRetainedVariantProperties',
        'retainAllVariantProperties is false while autoscaling is attached: every deployment resets the instance count the autoscaler chose to the config\'s initialInstanceCount');
    }
  }

  private effectiveRetainAll(): boolean | undefined {
    if (this.retainAll !== undefined) {
      return this.retainAll;
    }
    return this._autoScaledVariantNames().length > 0 ? true : undefined;
  }

  /**
   * Tags added by `Tags.of()` aspects bypass the `tags` prop validation; SageMaker rejects `aws:` keys
   * (docs/failure-modes.md row 17), so the endpoint, its config and their models are checked once aspects ran.
   */
  private validateReservedTags(): string[] {
    const config = this.endpointConfig;
    const resources: IConstruct[] = [this.resource];
    if (config instanceof EndpointConfig) {
      resources.push(config.node.defaultChild!, ...config.productionVariants.map(v => v.model.node.defaultChild).filter(c => c !== undefined));
    }
    const errors: string[] = [];
    for (const resource of new Set(resources)) {
      const tags = TagManager.of(resource)?.tagValues() ?? {};
      for (const key of Object.keys(tags).filter(k => !Token.isUnresolved(k) && k.toLowerCase().startsWith('aws:'))) {
        errors.push(`tags key must not start with the reserved prefix "aws:", got ${show(key)} on ${resource.node.path} (added with Tags.of())`);
      }
    }
    return errors;
  }

  /**
   * CreateEndpoint names the config by EndpointConfigName and AutoRollbackConfiguration names alarms by
   * AlarmName; both are looked up in the endpoint's own account and Region
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpoint.html,
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Alarm.html).
   */
  private validateEnvironments(): string[] {
    const own = envOf(this);
    const errors: string[] = [];
    const config = envOf(this.endpointConfig);
    if (environmentDiffers(config, own)) {
      errors.push(`endpointConfig must be in the endpoint's ${showEnv(own)}, got ${this.endpointConfig.node.path} in ${showEnv(config)} (SageMaker looks the config up by name in the endpoint's account and Region)`);
    }
    for (const alarm of this._rollbackAlarms()) {
      // Alarm.fromAlarmArn keeps the importing stack's env: read the ARN's own account and Region. An alarm
      // created in the app lives in its stack's env (and reading its ARN would only mint a new token).
      const env = alarm instanceof cloudwatch.Alarm || Token.isUnresolved(alarm.alarmArn) ? envOf(alarm) : arnEnv(alarm.alarmArn);
      if (environmentDiffers(env, own)) {
        errors.push(`rollback alarm must be in the endpoint's ${showEnv(own)}, got ${alarm.node.path} in ${showEnv(env)} (AutoRollbackConfiguration keeps only the alarm name, so the alarm would watch nothing)`);
      }
    }
    return errors;
  }

  private validateRetention(): string[] {
    if (this.excluded.length > 0 && this.effectiveRetainAll() !== true) {
      return [`excludeRetainedVariantProperties must be used with retainAllVariantProperties true (or autoscaling attached), got retainAllVariantProperties ${this.retainAll === undefined ? 'unset' : this.retainAll} and ${show(this.excluded)}`];
    }
    this.warnRetainedWeights();
    return [];
  }

  /**
   * With `RetainAllVariantProperties`, an update keeps the running endpoint's variant weights: only the variant
   * properties listed in `ExcludeRetainedVariantProperties` are taken from the new config
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html,
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_VariantProperty.html). The weights of a config with
   * several production variants would then apply only when the endpoint is created.
   */
  private warnRetainedWeights(): void {
    if (this.effectiveRetainAll() !== true || this.excluded.includes(RetainedVariantProperty.DESIRED_WEIGHT)) {
      return;
    }
    const fleet = this._fleet();
    const production = fleet.known ? fleet.variants.filter(v => !v.shadow) : [];
    if (production.length < 2) {
      return;
    }
    Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:variantWeightsRetained',
      `retainAllVariantProperties keeps the running endpoint's variant weights on every update, so the weights of the endpoint config's variants (${production.map(v => show(v.variantName)).join(', ')}) `
      + 'apply only when the endpoint is created: add RetainedVariantProperty.DESIRED_WEIGHT to excludeRetainedVariantProperties to apply them on updates (the instance counts stay retained)');
  }
}

function validateExcluded(scope: IConstruct, values: RetainedVariantProperty[] | undefined): RetainedVariantProperty[] {
  const allowed = Object.values(RetainedVariantProperty) as string[];
  const seen = new Set<string>();
  for (const value of values ?? []) {
    if (!allowed.includes(value)) {
      fail(scope, `excludeRetainedVariantProperties must contain only ${allowed.join(', ')}, got ${show(value)}`);
    }
    if (seen.has(value)) {
      fail(scope, `excludeRetainedVariantProperties must not repeat a property, got ${show(value)} twice`);
    }
    seen.add(value);
  }
  return [...(values ?? [])];
}

const ADOPTED_ID = '@FromCfnEndpoint';

/** An endpoint defined outside this app. */
class ImportedEndpoint extends EndpointBase {
  public readonly endpointName: string;
  public readonly endpointArn: string;
  private readonly config?: IEndpointConfig;
  private readonly names?: string[];
  private readonly asyncInference?: boolean;
  private facts?: ConfigFacts;

  constructor(scope: Construct, id: string, attrs: EndpointAttributes) {
    // a malformed literal ARN is reported by resolveIdentity with the library's message shape
    super(scope, id, attrs.endpointArn && looksLikeArn(attrs.endpointArn) ? { environmentFromArn: attrs.endpointArn } : {});
    const { endpointName, endpointArn } = resolveIdentity(this, attrs);
    this.endpointName = endpointName;
    this.endpointArn = endpointArn;
    this.config = attrs.endpointConfig;
    this.names = attrs.variantNames;
    this.asyncInference = attrs.asyncInference;
  }

  /** @internal */
  protected _knownConfig(): IEndpointConfig | undefined {
    return this.config;
  }

  public _configFacts(): ConfigFacts | undefined {
    if (this.config && !this.facts) {
      this.facts = configFacts(this, this.config);
    }
    return this.facts;
  }

  public _isAsync(): boolean {
    return this.asyncInference ?? this._configFacts()?.isAsync ?? false;
  }

  public _hasTags(): boolean {
    return false;
  }

  public _rollbackAlarms(): cloudwatch.IAlarm[] {
    return [];
  }

  protected _variantNames(): string[] {
    return this.names ?? this._knownVariantNames() ?? [];
  }
}

function arnEnv(arn: string): { account: string; region: string } {
  const parts = Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME);
  return { account: parts.account ?? '', region: parts.region ?? '' };
}


function resolveIdentity(scope: IConstruct, attrs: EndpointAttributes): { endpointName: string; endpointArn: string } {
  if (attrs.endpointName === undefined && attrs.endpointArn === undefined) {
    fail(scope, 'endpointName or endpointArn must be given, got neither');
  }
  validateName(scope, 'endpointName', attrs.endpointName, ENDPOINT_NAME_RULE);
  if (attrs.endpointArn === undefined) {
    return { endpointName: attrs.endpointName!, endpointArn: sagemakerArn(scope, 'endpoint', attrs.endpointName!) };
  }
  const imported = importSageMakerArn(scope, 'endpointArn', attrs.endpointArn, 'endpoint', ENDPOINT_NAME_RULE);
  if (attrs.endpointName !== undefined && !Token.isUnresolved(attrs.endpointName) && !Token.isUnresolved(attrs.endpointArn)
    && attrs.endpointName.toLowerCase() !== imported.name.toLowerCase()) {
    fail(scope, `endpointName must match the name in endpointArn (${show(imported.name)}), got ${show(attrs.endpointName)}`);
  }
  return { endpointName: attrs.endpointName ?? imported.name, endpointArn: imported.arn };
}
