import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConfigFacts } from './private/config-facts';
import { EndpointGrantSource } from './private/grant-source';
import { ModelGrants } from '../model/model-grants';
import { alarmArnFor, crossesStacks } from '../private/cross-stack';
import { fail } from '../private/validation';
import {
  isVerified, VERIFY_ROLLOUT_FUNCTION_ACTIONS, VERIFY_ROLLOUT_PASSED_TO, VERIFY_ROLLOUT_ROLE_ACTIONS, verifyRolloutNames,
} from '../private/verify-rollout-names';

/** The service-linked role Application Auto Scaling uses for SageMaker variants. */
const SCALING_SERVICE = 'sagemaker.application-autoscaling.amazonaws.com';
const SCALING_ROLE_NAME = 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint';

/**
 * Least-privilege IAM grants for one endpoint, generated from what the endpoint is made of.
 *
 * Every statement names exact ARNs (the endpoint name lower-cased, as SageMaker writes it inside ARNs:
 * failure-modes row 9). Endpoint configs of this library have content-hashed names that rotate on every
 * change; `update` and `deploy` therefore also cover `endpoint-config/<namePrefix>-????????????????`,
 * the names that config construct will rotate to: the prefix is the config's construct path, and each of
 * the 16 `?` wildcards matches exactly one character of the content hash, so the pattern matches no
 * other construct's config (not even one nested under the same path). `create` and `describe` cover the
 * current config only.
 *
 * Facts known only at synth time (tags added by `Tags.of()`, rollback alarms added after the grant,
 * autoscaling attached after the grant) are added to the grantee's policy when the app is synthesized.
 *
 * Get it from `endpoint.grants`.
 */
export class EndpointGrants {
  /** @internal */
  public static _create(source: EndpointGrantSource): EndpointGrants {
    return new EndpointGrants(source);
  }

  private readonly source: EndpointGrantSource;
  private readonly pending: Array<() => void> = [];
  private readonly pendingReferences: Array<() => void> = [];

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
   */
  public invoke(grantee: iam.IGrantable): iam.Grant {
    const actions = this.source._isAsync()
      ? ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync']
      : ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'];
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.source.endpointArn] });
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
    this.later(() => {
      if (this.source._hasTags() || config.hasTags()) {
        iam.Grant.addToPrincipal({ grantee, actions: ['sagemaker:AddTags'], resourceArns });
      }
    });
    return grant;
  }

  /**
   * Permits the grantee to point the endpoint at a new config and to change variant weights and capacities:
   * `sagemaker:UpdateEndpoint` on the endpoint ARN and the config ARNs (the action is authorized against
   * both: failure-modes row 10), `sagemaker:UpdateEndpointWeightsAndCapacities` on the endpoint ARN,
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
   *   (always: CloudFormation propagates stack-level tags to both resources);
   * - for each model of the config: `model.grants.deploy` (`sagemaker:CreateModel`, `DescribeModel`,
   *   `DeleteModel` and the tag actions on the model and every name it rotates to, and `iam:PassRole` of
   *   exactly the model's execution role, only to SageMaker); an imported config's models are unknown:
   *   grant them with `ModelGrants.fromModel(model).deploy()`;
   * - `kms:CreateGrant`, `kms:DescribeKey` on the config's KMS key when it has one;
   * - with a deployment attached: `cloudwatch:DescribeAlarms` on its rollback alarms, and
   *   `cloudwatch:PutMetricAlarm`, `DeleteAlarms`, `TagResource`, `UntagResource`, `ListTagsForResource` on
   *   the alarms the deployment created (`addErrorRateAlarm()`, `addLatencyAlarm()`);
   * - with autoscaling attached (failure-modes row 14): `application-autoscaling:RegisterScalableTarget`,
   *   `DeregisterScalableTarget`, `PutScalingPolicy`, `DeleteScalingPolicy` on the account's scalable
   *   targets (their ARN ids are assigned by Application Auto Scaling, so they cannot be named at synth),
   *   `application-autoscaling:DescribeScalableTargets`, `DescribeScalingPolicies`, `DescribeScalingActivities`
   *   on `*` (these actions support no resource-level permission), `sagemaker:UpdateEndpointWeightsAndCapacities`
   *   on the endpoint, `cloudwatch:PutMetricAlarm`, `DescribeAlarms`, `DeleteAlarms` on the target-tracking
   *   alarms of this endpoint (`TargetTracking-endpoint/<EndpointName>/variant/*`), and
   *   `iam:CreateServiceLinkedRole` on the Application Auto Scaling role for SageMaker, only for that service.
   *
   * A grantee in another stack (a pipeline stack) gets names and patterns known at synth, never an
   * `Fn::ImportValue` of this stack's exports, so its stack does not depend on the endpoint's stack.
   */
  public deploy(grantee: iam.IGrantable): iam.Grant {
    const config = this.requireConfig('deploy');
    const endpointArn = this.source.endpointArn;
    const configs = configArns(config);
    let grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint'],
      resourceArns: [endpointArn, ...configs],
    });
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:DescribeEndpoint', 'sagemaker:DeleteEndpoint'],
      resourceArns: [endpointArn],
    }));
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:CreateEndpointConfig', 'sagemaker:DescribeEndpointConfig', 'sagemaker:DeleteEndpointConfig'],
      resourceArns: configs,
    }));
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags'],
      resourceArns: [endpointArn, ...configs],
    }));
    this.addKeyGrant(grantee, config);
    const models = [...new Set((config.variants ?? []).map(v => v.model))];
    for (const model of models) {
      grant = grant.combine(ModelGrants.fromModel(model).deploy(grantee));
    }
    // rollback alarms and autoscaling may be attached after the grant: add them before CloudFormation
    // references are resolved (see _finalizeReferences); alarms of another stack are named, not imported
    this.beforeReferences(() => {
      const alarms = this.source._rollbackAlarms();
      if (alarms.length > 0) {
        iam.Grant.addToPrincipal({ grantee, actions: ['cloudwatch:DescribeAlarms'], resourceArns: alarms.map(a => alarmArnFor(a, grantee)) });
      }
      const created = this.source._createdRollbackAlarms();
      if (created.length > 0) {
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
          resourceArns: created.map(a => alarmArnFor(a, grantee)),
        });
      }
      if (this.source._autoScaledVariantNames().length > 0) {
        this.addScalingGrants(grantee);
      }
      // verify-rollout provider (issue 12): the deploy role creates, updates, deletes and invokes it
      if (isVerified(this.source)) {
        this.addVerifyRolloutGrants(grantee);
      }
    });
    return grant;
  }

  /** The verify-rollout provider of the endpoint's stack: its function and role, by their literal names. */
  private addVerifyRolloutGrants(grantee: iam.IGrantable): void {
    const stack = Stack.of(this.source);
    const names = verifyRolloutNames(this.source);
    const roleArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: names.roleName });
    iam.Grant.addToPrincipal({
      grantee,
      actions: VERIFY_ROLLOUT_FUNCTION_ACTIONS,
      resourceArns: [stack.formatArn({ service: 'lambda', resource: 'function', resourceName: names.functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    });
    iam.Grant.addToPrincipal({ grantee, actions: VERIFY_ROLLOUT_ROLE_ACTIONS, resourceArns: [roleArn] });
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': VERIFY_ROLLOUT_PASSED_TO } },
    }));
  }

  /**
   * Adds the statements that depend on rollback alarms and autoscaling attached after the grant. Called by
   * an aspect of the endpoint, so before CDK resolves cross-stack references: a grantee in another stack
   * (a pipeline stack, a nested stack) then gets an export/import of the alarm ARNs instead of a dangling
   * `Fn::GetAtt` to a resource of another template. Also called by `_finalize()`.
   *
   * @internal
   */
  public _finalizeReferences(): void {
    while (this.pendingReferences.length > 0) {
      this.pendingReferences.shift()!();
    }
  }

  /**
   * Adds the statements that depend on facts only known at synth time. Called once, when the app is
   * validated (after aspects such as `Tags.of()` ran).
   *
   * @internal
   */
  public _finalize(): void {
    this._finalizeReferences();
    while (this.pending.length > 0) {
      this.pending.shift()!();
    }
  }

  private later(action: () => void): void {
    this.pending.push(action);
  }

  private beforeReferences(action: () => void): void {
    this.pendingReferences.push(action);
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
      iam.Grant.addToPrincipal({ grantee, actions: ['kms:CreateGrant', 'kms:DescribeKey'], resourceArns: [key.keyArn] });
      return;
    }
    // A key of another stack has an id assigned at deployment: name the account's keys, used only through
    // SageMaker (kms:ViaService, https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service),
    // instead of importing the key's ARN. Assumption: SageMaker calls CreateGrant/DescribeKey on the
    // caller's behalf while it creates the config, so the request carries kms:ViaService.
    const stack = Stack.of(key);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resourceArns: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
      conditions: { StringEquals: { 'kms:ViaService': `sagemaker.${stack.region}.${stack.urlSuffix}` } },
    });
  }

  private addScalingGrants(grantee: iam.IGrantable): void {
    const stack = Stack.of(this.source);
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
      ],
      // the id in a scalable-target ARN is assigned by Application Auto Scaling at registration
      resourceArns: [stack.formatArn({ service: 'application-autoscaling', resource: 'scalable-target', resourceName: '*' })],
    });
    iam.Grant.addToPrincipal({
      grantee,
      // these three actions support no resource-level permission (IAM service authorization reference)
      actions: [
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingPolicies',
        'application-autoscaling:DescribeScalingActivities',
      ],
      resourceArns: ['*'],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:UpdateEndpointWeightsAndCapacities'],
      resourceArns: [this.source.endpointArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms'],
      resourceArns: [stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: `TargetTracking-endpoint/${this.source.endpointName}/variant/*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:CreateServiceLinkedRole'],
      resourceArns: [stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: `aws-service-role/${SCALING_SERVICE}/${SCALING_ROLE_NAME}`,
      })],
      conditions: { StringEquals: { 'iam:AWSServiceName': SCALING_SERVICE } },
    });
  }
}

/** The current config ARN and, for content-hashed configs, the pattern of the names it rotates to. */
function configArns(config: ConfigFacts): string[] {
  return config.rotatedArnPattern ? [config.arn, config.rotatedArnPattern] : [config.arn];
}
