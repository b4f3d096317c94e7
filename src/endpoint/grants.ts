import { Names, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_sagemaker as sagemakerRefs } from 'aws-cdk-lib/interfaces';
import { IConstruct } from 'constructs';
import { ConfigFacts } from './private/config-facts';
import { EndpointGrantSource, HostedComponent, ReportedRollbackAlarm } from './private/grant-source';
import { ModelGrants } from '../model/model-grants';
import { importSageMakerArn } from '../private/arns';
import { alarmArnFor, crossesStacks } from '../private/cross-stack';
import {
  anyKmsKeyArn, ArnEnv, arnEnvOf, conditionsOf, DEPLOY_PERMISSIONS as P, DeployPermission, iamRoleArn, lambdaFunctionArn,
  scalableTargetArn, scalingServiceLinkedRoleArn, targetTrackingAlarmArn,
} from '../private/deploy-permissions';
import { ENDPOINT_NAME_RULE, fail, show } from '../private/validation';
import { isVerified, verifyRolloutNames } from '../private/verify-rollout-names';

/** Options of {@link EndpointGrants.invoke}. */
export interface InvokeGrantOptions {
  /**
   * Restricts the grant to these target models of a multi-model endpoint: the `TargetModel` values (the model's
   * path relative to the container's S3 prefix, for example `customer-42.tar.gz`; 1-1024 characters; `*` and `?`
   * are IAM wildcards). Rendered as the `sagemaker:TargetModel` condition on `sagemaker:InvokeEndpoint`, the only
   * invoke action that supports that condition key
   * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html). The grant then
   * holds `sagemaker:InvokeEndpoint` only: `InvokeEndpointWithResponseStream` and `InvokeEndpointAsync` cannot be
   * restricted by target model, so they are not granted. A request without `TargetModel` is denied.
   *
   * @default - no restriction: every invoke action of the endpoint, for any target model
   */
  readonly targetModels?: string[];
}

/**
 * Least-privilege IAM grants for one endpoint, generated from what the endpoint is made of.
 *
 * Every statement names exact ARNs (the endpoint name lower-cased, as SageMaker writes it inside ARNs:
 * docs/failure-modes.md row 9). Endpoint configs of this library have content-hashed names that rotate on every
 * change; `update` and `deploy` therefore also cover `endpoint-config/<namePrefix>-????????????????`,
 * the names that config construct will rotate to: the prefix is the config's construct path, and each of
 * the 16 `?` wildcards matches exactly one character of the content hash, so the pattern matches no
 * other construct's config (not even one nested under the same path). `create` and `describe` cover the
 * current config only.
 *
 * `deploy` renders its statements from the same table as the command's `policy`. What is attached after a
 * `deploy` grant (rollback alarms, autoscaling, a deployment that verifies rollouts) is granted when it is
 * attached. Tags added by `Tags.of()` exist only once the aspects ran: the `sagemaker:AddTags` of `create` is
 * added when the app is validated.
 *
 * Get it from `endpoint.grants`, or with `EndpointGrants.fromEndpoint(ref)` for any endpoint reference.
 */
export class EndpointGrants {
  /**
   * The grants of an endpoint reference.
   *
   * For an endpoint of this library (`Endpoint`, its imports, `Endpoint.fromCfnEndpoint`) this is the same
   * object as its `grants`, so everything described above applies. Any other reference (a raw `CfnEndpoint`,
   * an endpoint of `aws-cdk-lib/aws-sagemaker`) is known only by its ARN: `invoke` (the real-time actions)
   * and `describe` (`sagemaker:DescribeEndpoint`) work, while `create`, `update` and `deploy` need the
   * endpoint config and fail with a message saying so (wrap the L1 with `Endpoint.fromCfnEndpoint()` or
   * import it with `Endpoint.fromEndpointAttributes()` and an `endpointConfig`).
   *
   * @param endpoint the endpoint reference
   */
  public static fromEndpoint(endpoint: sagemakerRefs.IEndpointRef): EndpointGrants {
    const own = GRANTS.get(endpoint);
    if (own) {
      return own;
    }
    const imported = importSageMakerArn(endpoint, 'endpointRef.endpointArn', endpoint.endpointRef.endpointArn, 'endpoint', ENDPOINT_NAME_RULE);
    return new EndpointGrants(referenceSource(endpoint, imported.name, imported.arn));
  }

  /** @internal */
  public static _create(source: EndpointGrantSource): EndpointGrants {
    const grants = new EndpointGrants(source);
    GRANTS.set(source, grants);
    return grants;
  }

  private readonly source: EndpointGrantSource;
  private readonly pendingTags: Array<() => void> = [];
  private readonly deployGrantees: DeployGrantee[] = [];

  private constructor(source: EndpointGrantSource) {
    this.source = source;
  }

  /**
   * Permits the grantee to invoke the endpoint.
   *
   * - real-time config: `sagemaker:InvokeEndpoint` and `sagemaker:InvokeEndpointWithResponseStream`
   *   (response streaming is a real-time feature; the service checks the InvokeEndpoint permission for it,
   *   and IAM lists its own action);
   * - asynchronous config (`asyncInference`): `sagemaker:InvokeEndpoint` and `sagemaker:InvokeEndpointAsync`
   *   (no streaming: asynchronous endpoints do not stream).
   *
   * On the endpoint ARN only.
   *
   * With `targetModels` (a multi-model endpoint): only `sagemaker:InvokeEndpoint`, with the condition
   * `sagemaker:TargetModel` `StringEquals` the literal names (`StringLike` for names with `*` or `?`).
   *
   * @param grantee the principal
   * @param options a target-model restriction
   */
  public invoke(grantee: iam.IGrantable, options: InvokeGrantOptions = {}): iam.Grant {
    if (options.targetModels !== undefined) {
      return this.invokeTargetModels(grantee, options.targetModels);
    }
    const actions = this.source._isAsync()
      ? ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync']
      : ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'];
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.source.endpointArn] });
  }

  private invokeTargetModels(grantee: iam.IGrantable, targetModels: string[]): iam.Grant {
    if (targetModels.length === 0) {
      fail(this.source, 'targetModels must name at least one target model (an empty list would grant nothing), got []');
    }
    const exact: string[] = [];
    const patterns: string[] = [];
    for (const model of targetModels) {
      if (!Token.isUnresolved(model) && (model.length < 1 || model.length > 1024)) {
        fail(this.source, `targetModels entry must be 1-1024 characters (InvokeEndpoint TargetModel), got ${show(model)} (${model.length} characters)`);
      }
      (!Token.isUnresolved(model) && /[*?]/.test(model) ? patterns : exact).push(model);
    }
    // StringEquals and StringLike in one statement are ANDed, so names and patterns get one statement each
    const grant = (operator: string, values: string[]) => iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint'],
      resourceArns: [this.source.endpointArn],
      conditions: { [operator]: { 'sagemaker:TargetModel': values } },
    });
    if (exact.length > 0 && patterns.length > 0) {
      return grant('StringEquals', exact).combine(grant('StringLike', patterns));
    }
    return exact.length > 0 ? grant('StringEquals', exact) : grant('StringLike', patterns);
  }

  /**
   * Permits the grantee to create this endpoint and its current config outside CloudFormation:
   * `sagemaker:CreateEndpoint` (which needs the endpoint and the config ARN) and
   * `sagemaker:CreateEndpointConfig` on exactly these two ARNs, plus `sagemaker:AddTags` on them when the
   * endpoint or the config carries tags (CreateEndpoint/CreateEndpointConfig with tags call AddTags),
   * plus `kms:CreateGrant` and `kms:DescribeKey` on the config's KMS key when it has one.
   */
  public create(grantee: iam.IGrantable): iam.Grant {
    const config = this.requireConfig('create');
    const resourceArns = [this.source.endpointArn, config.arn];
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:CreateEndpoint', 'sagemaker:CreateEndpointConfig'],
      resourceArns,
    });
    this.addKeyGrant(grantee, config);
    this.pendingTags.push(() => {
      if (this.source._hasTags() || config.hasTags()) {
        iam.Grant.addToPrincipal({ grantee, actions: ['sagemaker:AddTags'], resourceArns });
      }
    });
    return grant;
  }

  /**
   * Permits the grantee to point the endpoint at a new config and to change variant weights and capacities:
   * `sagemaker:UpdateEndpoint` on the endpoint ARN and the config ARNs (the action is authorized against
   * both: docs/failure-modes.md row 10), `sagemaker:UpdateEndpointWeightsAndCapacities` on the endpoint ARN,
   * plus `kms:CreateGrant` and `kms:DescribeKey` on the config's KMS key when it has one.
   *
   * The config ARNs are the current config and every name the content-hashed config rotates to.
   */
  public update(grantee: iam.IGrantable): iam.Grant {
    const config = this.requireConfig('update');
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:UpdateEndpoint'],
      resourceArns: [this.source.endpointArn, ...configArns(config)],
    }).combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:UpdateEndpointWeightsAndCapacities'],
      resourceArns: [this.source.endpointArn],
    }));
    this.addKeyGrant(grantee, config);
    return grant;
  }

  /**
   * Permits the grantee to describe the endpoint and its current config:
   * `sagemaker:DescribeEndpoint` on the endpoint ARN and `sagemaker:DescribeEndpointConfig` on the config ARN
   * (for an imported endpoint without a config: DescribeEndpoint only).
   */
  public describe(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:DescribeEndpoint'],
      resourceArns: [this.source.endpointArn],
    });
    const config = this.source._configFacts();
    if (!config) {
      return grant;
    }
    return grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:DescribeEndpointConfig'],
      resourceArns: [config.arn],
    }));
  }

  /**
   * Permits the grantee (a pipeline or CloudFormation role) to create, update, roll back and delete this
   * endpoint, its configs and its models: every call CloudFormation makes for an image or model change
   * (new model, new config, UpdateEndpoint, cleanup), a config change and a deployment-settings change.
   *
   * - `sagemaker:CreateEndpoint`, `sagemaker:UpdateEndpoint` on the endpoint ARN and the config ARNs;
   * - `sagemaker:DescribeEndpoint`, `sagemaker:DeleteEndpoint` on the endpoint ARN;
   * - `sagemaker:CreateEndpointConfig`, `sagemaker:DescribeEndpointConfig`, `sagemaker:DeleteEndpointConfig`
   *   on the config ARNs (the current one and every name it rotates to: CloudFormation creates the new
   *   config, updates the endpoint, and deletes the old config in cleanup or the new one on rollback);
   * - `sagemaker:AddTags`, `sagemaker:DeleteTags`, `sagemaker:ListTags` on the endpoint and config ARNs
   *   (always: CloudFormation adds its `aws:cloudformation:*` tags and the stack's tags to both resources);
   * - for each model of the config: `model.grants.deploy` (`sagemaker:CreateModel`, `DescribeModel`,
   *   `DeleteModel` and the tag actions on the model and every name it rotates to, and `iam:PassRole` of
   *   exactly the model's execution role, only to SageMaker); an imported config's models are unknown:
   *   grant them with `ModelGrants.fromModel(model).deploy()`;
   * - `kms:CreateGrant`, `kms:DescribeKey` on the config's KMS key when it has one;
   * - with a deployment attached, or an `InferenceComponentRollingDeployment` on a component of the endpoint:
   *   `cloudwatch:DescribeAlarms` on their rollback alarms, and `cloudwatch:PutMetricAlarm`, `DeleteAlarms`,
   *   `TagResource`, `UntagResource`, `ListTagsForResource` on the rollback alarms defined in the endpoint's stack
   *   (`addErrorRateAlarm()`, `addLatencyAlarm()`, or an `Alarm` of that stack given to `addAlarm()`), which whoever
   *   deploys the stack creates and deletes;
   * - with autoscaling attached (docs/failure-modes.md row 14): `application-autoscaling:RegisterScalableTarget`,
   *   `DeregisterScalableTarget`, `PutScalingPolicy`, `DeleteScalingPolicy` on the account's scalable
   *   targets (their ARN ids are assigned by Application Auto Scaling, so they cannot be named at synth)
   *   of the `sagemaker` service namespace only (condition `application-autoscaling:service-namespace`),
   *   `application-autoscaling:DescribeScalableTargets`, `DescribeScalingPolicies`, `DescribeScalingActivities`
   *   on `*` (these actions support no resource-level permission), `sagemaker:UpdateEndpointWeightsAndCapacities`
   *   on the endpoint, `cloudwatch:PutMetricAlarm`, `DescribeAlarms`, `DeleteAlarms` on the target-tracking
   *   alarms of this endpoint (`TargetTracking-endpoint/<EndpointName>/variant/*`), and
   *   `iam:CreateServiceLinkedRole` on the Application Auto Scaling role for SageMaker, only for that service;
   * - with a deployment that verifies rollouts (`verifyRollout`): the Lambda actions on the stack's
   *   verify-rollout function, the IAM role actions on its role, and `iam:PassRole` of that role only to Lambda;
   * - for a config that hosts inference components: `iam:PassRole` of exactly the config's execution role, only
   *   to SageMaker (CreateEndpointConfig passes `ExecutionRoleArn`);
   * - for each `InferenceComponent` on the endpoint: `sagemaker:CreateInferenceComponent`, `UpdateInferenceComponent`,
   *   `UpdateInferenceComponentRuntimeConfig`, `DescribeInferenceComponent`, `DeleteInferenceComponent` and the
   *   tag actions on the component ARN and every name it rotates to (a new endpoint, variant or base component
   *   gives a new name: CloudFormation creates the new component and deletes the old one in cleanup),
   *   `sagemaker:CreateInferenceComponent` on the endpoint ARN (both are required resources of the action,
   *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html), and for a
   *   component that runs a model (`ComponentSpecification.fromModel()`) that model's `model.grants.deploy`;
   * - with copy autoscaling on a component (`autoScaleCopyCount`): the same Application Auto Scaling and
   *   service-linked role statements as for variants, `cloudwatch:PutMetricAlarm`, `DescribeAlarms`, `DeleteAlarms`
   *   on the component's target-tracking alarms (`TargetTracking-inference-component/<name>-*`), and with
   *   `minCapacity: 0` the CloudWatch write, read and tag actions on its scale-from-zero alarm.
   *
   * Alarms, autoscaling, verification and inference components attached after this call are granted when they
   * are attached.
   *
   * A grantee in another stack (a pipeline stack) gets names and patterns known at synth, never an
   * `Fn::ImportValue` of this stack's exports, so its stack does not depend on the endpoint's stack.
   */
  public deploy(grantee: iam.IGrantable): iam.Grant {
    const config = this.requireConfig('deploy');
    const endpointArn = this.source.endpointArn;
    const configs = configArns(config);
    let grant = allow(grantee, P.endpoint, [endpointArn])
      .combine(allow(grantee, P.endpointConfigOfEndpoint, configs))
      .combine(allow(grantee, P.endpointConfig, configs))
      .combine(allow(grantee, P.tags, [endpointArn, ...configs]));
    this.addKeyGrant(grantee, config);
    const models = [...new Set((config.variants ?? []).map(v => v.model))];
    for (const model of models) {
      grant = grant.combine(ModelGrants.fromModel(model).deploy(grantee));
    }
    // what is attached already is granted now; what is attached later is granted when it is attached
    // (_rollbackAlarmAdded, _autoScalingAttached, _rolloutVerified), always with names known at synth; the
    // rollback alarms replayed here are every alarm reported so far, the components' rollouts' included
    const deployGrantee: DeployGrantee = { grantee };
    this.deployGrantees.push(deployGrantee);
    for (const reported of this.source._reportedRollbackAlarms()) {
      this.addAlarmGrant(deployGrantee, reported);
    }
    if (this.source._autoScaledVariantNames().length > 0) {
      this.addScalingGrants(grantee);
    }
    if (isVerified(this.source)) {
      this.addVerifyRolloutGrants(grantee);
    }
    const configRole = this.source._configExecutionRole();
    if (configRole) {
      grant = grant.combine(passConfigRole(grantee, configRole));
    }
    for (const component of this.source._hostedComponents()) {
      this.addComponentGrants(grantee, component);
    }
    return grant;
  }

  /**
   * Grants an inference component placed on the endpoint (and its copy autoscaling, if already attached) to every
   * `deploy` grantee.
   *
   * @internal
   */
  public _componentAdded(component: HostedComponent): void {
    for (const { grantee } of this.deployGrantees) {
      this.addComponentGrants(grantee, component);
    }
  }

  /**
   * Grants the copy autoscaling of a component of the endpoint to every `deploy` grantee. Called once per
   * component, when `autoScaleCopyCount` is called (after `_componentAdded`).
   *
   * @internal
   */
  public _componentAutoScaled(component: HostedComponent): void {
    for (const { grantee } of this.deployGrantees) {
      this.addComponentScalingGrants(grantee, component);
    }
  }

  /**
   * Grants a rollback alarm reported to the endpoint (by its deployment or a component rollout, once per alarm) to
   * every `deploy` grantee: `cloudwatch:DescribeAlarms`, and the write actions when the endpoint's stack defines the
   * alarm.
   *
   * @internal
   */
  public _rollbackAlarmAdded(reported: ReportedRollbackAlarm): void {
    for (const deployGrantee of this.deployGrantees) {
      this.addAlarmGrant(deployGrantee, reported);
    }
  }

  /**
   * Grants the autoscaling statements to every `deploy` grantee. Called once, when the first variant of the
   * endpoint gets autoscaling.
   *
   * @internal
   */
  public _autoScalingAttached(): void {
    for (const { grantee } of this.deployGrantees) {
      this.addScalingGrants(grantee);
    }
  }

  /**
   * Grants managing the verify-rollout provider to every `deploy` grantee. Called once, when a deployment of the
   * endpoint turns on `verifyRollout`.
   *
   * @internal
   */
  public _rolloutVerified(): void {
    for (const { grantee } of this.deployGrantees) {
      this.addVerifyRolloutGrants(grantee);
    }
  }

  /**
   * Adds the statements that depend on tags added by `Tags.of()` (`create`): those tags exist only once the
   * aspects ran, so this is called when the endpoint is validated.
   *
   * @internal
   */
  public _finalizeTags(): void {
    while (this.pendingTags.length > 0) {
      this.pendingTags.shift()!();
    }
  }

  /**
   * One statement per grantee for the read action and one for the write actions; alarms added later are
   * appended to them, so the policy keeps one statement for all the alarms of the endpoint.
   */
  private addAlarmGrant(deployGrantee: DeployGrantee, { alarm, created }: ReportedRollbackAlarm): void {
    // an alarm of another stack is named, not imported (no Fn::ImportValue in the grantee's stack)
    const arn = alarmArnFor(alarm, deployGrantee.grantee);
    deployGrantee.read = appendTo(deployGrantee.grantee, deployGrantee.read, P.rollbackAlarm, arn);
    if (created) {
      deployGrantee.write = appendTo(deployGrantee.grantee, deployGrantee.write, P.createdAlarm, arn);
    }
  }

  /** The verify-rollout provider of the endpoint's stack: its function and role, by their literal names. */
  private addVerifyRolloutGrants(grantee: iam.IGrantable): void {
    const env = arnEnvOf(this.source);
    const names = verifyRolloutNames(this.source);
    const roleArn = iamRoleArn(env, names.roleName);
    allow(grantee, P.verifyRolloutFunction, [lambdaFunctionArn(env, names.functionName)]);
    allow(grantee, P.verifyRolloutRole, [roleArn]);
    allow(grantee, P.verifyRolloutPassRole, [roleArn], env);
  }

  private requireConfig(method: string): ConfigFacts {
    const config = this.source._configFacts();
    if (!config) {
      fail(this.source, `grants.${method} needs the endpoint config, got an imported endpoint without one (pass endpointConfig to Endpoint.fromEndpointAttributes)`);
    }
    return config;
  }

  private addKeyGrant(grantee: iam.IGrantable, config: ConfigFacts): void {
    const key = config.encryptionKey;
    if (!key) {
      return;
    }
    if (!Token.isUnresolved(key.keyArn) || !crossesStacks(key, grantee)) {
      allow(grantee, P.encryptionKey, [key.keyArn]);
      return;
    }
    // a key of another stack has an id assigned at deployment: name the account's keys, used only through SageMaker
    const env = arnEnvOf(key);
    allow(grantee, P.encryptionKeyViaSageMaker, [anyKmsKeyArn(env)], env);
  }

  private addComponentGrants(grantee: iam.IGrantable, component: HostedComponent): void {
    allow(grantee, P.inferenceComponent, component.arns);
    allow(grantee, P.endpointOfInferenceComponent, [this.source.endpointArn]);
    allow(grantee, P.tags, component.arns);
    if (component.model) {
      ModelGrants.fromModel(component.model).deploy(grantee);
    }
    if (component.scaling) {
      this.addComponentScalingGrants(grantee, component);
    }
  }

  /** The autoscaling rows shared with variants (scalable targets, describe, service-linked role) and the component's alarms. */
  private addComponentScalingGrants(grantee: iam.IGrantable, component: HostedComponent): void {
    const scaling = component.scaling;
    if (!scaling) {
      return;
    }
    const env = arnEnvOf(this.source);
    allow(grantee, P.scalableTarget, [scalableTargetArn(env)], env);
    allow(grantee, P.describeScaling, ['*']);
    allow(grantee, P.targetTrackingAlarm, [scaling.targetTrackingAlarmArn]);
    allow(grantee, P.scalingServiceLinkedRole, [scalingServiceLinkedRoleArn(env)], env);
    if (scaling.scaleFromZeroAlarmArn) {
      allow(grantee, P.scaleFromZeroAlarm, [scaling.scaleFromZeroAlarmArn]);
    }
  }

  private addScalingGrants(grantee: iam.IGrantable): void {
    const env = arnEnvOf(this.source);
    allow(grantee, P.scalableTarget, [scalableTargetArn(env)], env);
    // no resource-level permission for these actions (see the table)
    allow(grantee, P.describeScaling, ['*']);
    allow(grantee, P.scaledEndpoint, [this.source.endpointArn]);
    allow(grantee, P.targetTrackingAlarm, [targetTrackingAlarmArn(env, this.source.endpointName)]);
    allow(grantee, P.scalingServiceLinkedRole, [scalingServiceLinkedRoleArn(env)], env);
  }
}

/** The grants of each endpoint of this library, by the endpoint construct (found by `fromEndpoint`). */
const GRANTS = new WeakMap<IConstruct, EndpointGrants>();

/** What grants know of an endpoint reference that is not an endpoint of this library: its name and ARN. */
function referenceSource(ref: IConstruct, endpointName: string, endpointArn: string): EndpointGrantSource {
  return {
    node: ref.node,
    with: (...mixins) => ref.with(...mixins),
    endpointName,
    endpointArn,
    _configFacts: () => undefined,
    _isAsync: () => false,
    _hasTags: () => false,
    _reportedRollbackAlarms: () => [],
    _autoScaledVariantNames: () => [],
    _configExecutionRole: () => undefined,
    _hostedComponents: () => [],
  };
}

/**
 * `iam:PassRole` of exactly the config's execution role, to SageMaker only. A grantee in another stack gets the
 * role's literal name when it has one; a generated name is an ARN of that stack, so the grantee then gets the
 * account's roles that carry the role's tag (roles support `aws:ResourceTag` for iam:PassRole,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
 */
function passConfigRole(grantee: iam.IGrantable, role: iam.IRole): iam.Grant {
  const env = arnEnvOf(role);
  const conditions = conditionsOf(P.configRole, env)!;
  const cfn = role.node.defaultChild;
  if (!Token.isUnresolved(role.roleArn) || !crossesStacks(role, grantee) || !(cfn instanceof iam.CfnRole)) {
    return iam.Grant.addToPrincipal({ grantee, actions: P.configRole.actions, resourceArns: [role.roleArn], conditions });
  }
  if (typeof cfn.roleName === 'string' && !Token.isUnresolved(cfn.roleName) && cfn.path === undefined) {
    return iam.Grant.addToPrincipal({ grantee, actions: P.configRole.actions, resourceArns: [iamRoleArn(env, cfn.roleName)], conditions });
  }
  const value = Names.uniqueId(role);
  cfn.tags.setTag(CONFIG_ROLE_TAG, value);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: P.configRole.actions,
    resourceArns: [iamRoleArn(env, '*')],
    conditions: { StringEquals: { ...conditions.StringEquals, [`aws:ResourceTag/${CONFIG_ROLE_TAG}`]: value } },
  });
}

/** The tag that identifies a config's execution role for a cross-stack `iam:PassRole`. */
const CONFIG_ROLE_TAG = 'cdk-sagemaker-endpoint:config-role';

/** A `deploy` grantee and its alarm statements (alarms added later are appended). */
interface DeployGrantee {
  readonly grantee: iam.IGrantable;
  read?: iam.PolicyStatement;
  write?: iam.PolicyStatement;
}

/** One statement of a row of the deploy table (with its conditions in `env`). */
function allow(grantee: iam.IGrantable, permission: DeployPermission, resourceArns: string[], env?: ArnEnv): iam.Grant {
  const conditions = env ? conditionsOf(permission, env) : undefined;
  return iam.Grant.addToPrincipal({ grantee, actions: permission.actions, resourceArns, ...(conditions ? { conditions } : {}) });
}

/** Appends `arn` to the statement of a row (creating and adding the statement the first time). */
function appendTo(
  grantee: iam.IGrantable, statement: iam.PolicyStatement | undefined, permission: DeployPermission, arn: string,
): iam.PolicyStatement {
  if (statement) {
    statement.addResources(arn);
    return statement;
  }
  const created = new iam.PolicyStatement({ actions: permission.actions, resources: [arn] });
  grantee.grantPrincipal.addToPrincipalPolicy(created);
  return created;
}

/** The current config ARN and, for content-hashed configs, the pattern of the names it rotates to. */
function configArns(config: ConfigFacts): string[] {
  return config.rotatedArnPattern ? [config.arn, config.rotatedArnPattern] : [config.arn];
}
