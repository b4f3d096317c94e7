/**
 * The one table of what a deploy role (a pipeline or CloudFormation execution role) needs to roll an endpoint
 * out and back. `EndpointGrants.deploy` and `ModelGrants.deploy` (constructs, ARNs as tokens of the stack) and
 * the command's `policy` (templates, ARNs as literal strings) both render their statements from it: every
 * action list and every ARN shape lives here once.
 *
 * Data and string helpers (the command imports it); only `arnEnvOf` reads a construct's stack.
 */
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Where ARNs live: literal strings for the command, the stack's tokens for grants. */
export interface ArnEnv {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The domain suffix of the partition (`amazonaws.com`, `amazonaws.com.cn`). */
  readonly urlSuffix: string;
}

/** IAM condition block of a statement. */
export type PermissionConditions = { [operator: string]: { [key: string]: string } };

/** One row of the table: the actions on one kind of resource, and the conditions they carry. */
export interface DeployPermission {
  /** The statement id the command's `policy` gives the row. */
  readonly sid: string;
  readonly actions: string[];
  /** Conditions of the statement (depend on the environment for service endpoints). */
  conditions?(env: ArnEnv): PermissionConditions;
}

const SAGEMAKER_SERVICE = 'sagemaker.amazonaws.com';
const LAMBDA_SERVICE = 'lambda.amazonaws.com';
const SCALING_SERVICE = 'sagemaker.application-autoscaling.amazonaws.com';
const SCALING_ROLE_NAME = 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint';

/**
 * Every row. The resources of each row are formed by the `*Arn` helpers below (SageMaker names lower-cased,
 * content-hashed names as `<prefix>-????????????????` by `rotatedNamePattern`).
 */
export const DEPLOY_PERMISSIONS = {
  /** The endpoint: CloudFormation creates, updates, describes (stabilization) and deletes it. */
  endpoint: {
    sid: 'Endpoints',
    actions: ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:DescribeEndpoint', 'sagemaker:DeleteEndpoint'],
  },
  /**
   * CreateEndpoint and UpdateEndpoint are authorized against the endpoint AND the endpoint config they name
   * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemakerai.html): on every
   * config the endpoint may point at (the current one and every name it rotates to).
   */
  endpointConfigOfEndpoint: {
    sid: 'EndpointConfigsOfEndpoints',
    actions: ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint'],
  },
  /** Endpoint configs, including the rotated content-hash names (a rollback or cleanup touches the previous one). */
  endpointConfig: {
    sid: 'EndpointConfigs',
    actions: ['sagemaker:CreateEndpointConfig', 'sagemaker:DescribeEndpointConfig', 'sagemaker:DeleteEndpointConfig'],
  },
  /** Models, including the rotated content-hash names (models are immutable: every change is a new model). */
  model: {
    sid: 'Models',
    actions: ['sagemaker:CreateModel', 'sagemaker:DescribeModel', 'sagemaker:DeleteModel'],
  },
  /**
   * Tags of the endpoint, its configs and its models, always: CloudFormation adds its `aws:cloudformation:*`
   * stack-level tags to every resource that supports tags, and propagates the stack's own tags
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-resource-tags.html), so the
   * Create* calls carry tags even when the template has none, which SageMaker authorizes with `sagemaker:AddTags`
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html).
   */
  tags: {
    sid: 'Tags',
    actions: ['sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags'],
  },
  /** `iam:PassRole` of exactly a model's execution role, only to SageMaker (CreateModel passes `ExecutionRoleArn`). */
  modelRole: {
    sid: 'PassModelRoles',
    actions: ['iam:PassRole'],
    conditions: () => ({ StringEquals: { 'iam:PassedToService': SAGEMAKER_SERVICE } }),
  },
  /**
   * `iam:PassRole` of exactly the execution role of an endpoint config that hosts inference components, only to
   * SageMaker: CreateEndpointConfig passes `ExecutionRoleArn` ("the caller ... must have the iam:PassRole
   * permission", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html).
   */
  configRole: {
    sid: 'PassEndpointConfigRoles',
    actions: ['iam:PassRole'],
    conditions: () => ({ StringEquals: { 'iam:PassedToService': SAGEMAKER_SERVICE } }),
  },
  /**
   * Inference components: CloudFormation creates, updates (specification and copy count), describes
   * (stabilization) and deletes them; Application Auto Scaling's role sets the copy count, but the
   * deploy role's own updates may too. All five are authorized against the `inference-component` resource
   * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html).
   */
  inferenceComponent: {
    sid: 'InferenceComponents',
    actions: [
      'sagemaker:CreateInferenceComponent', 'sagemaker:UpdateInferenceComponent', 'sagemaker:UpdateInferenceComponentRuntimeConfig',
      'sagemaker:DescribeInferenceComponent', 'sagemaker:DeleteInferenceComponent',
    ],
  },
  /**
   * CreateInferenceComponent is also authorized against the endpoint the component is placed on (`endpoint*` is a
   * required resource type of the action, same page as above).
   */
  endpointOfInferenceComponent: {
    sid: 'EndpointsOfInferenceComponents',
    actions: ['sagemaker:CreateInferenceComponent'],
  },
  /**
   * The scale-from-zero alarm of a component autoscaled to zero copies (`NoCapacityInvocationFailures`,
   * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html): an
   * `AWS::CloudWatch::Alarm` of the template, so the deploy role creates, reads, updates, tags and deletes it
   * (assumption: the CloudFormation alarm handler calls DescribeAlarms to read it back, as for the rollback alarms).
   */
  scaleFromZeroAlarm: {
    sid: 'ScaleFromZeroAlarms',
    actions: [
      'cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms',
      'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource',
    ],
  },
  /** The rollback alarms SageMaker reads during a rollout (read by the endpoint update on the caller's behalf). */
  rollbackAlarm: {
    sid: 'RollbackAlarms',
    actions: ['cloudwatch:DescribeAlarms'],
  },
  /** The rollback alarms of the same template: the deploy role creates, updates and deletes them too. */
  createdAlarm: {
    sid: 'RollbackAlarmsOfTheStacks',
    actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
  },
  /** The KMS key of an endpoint config: SageMaker creates grants on it while it creates the config. */
  encryptionKey: {
    sid: 'EncryptionKeys',
    actions: ['kms:CreateGrant', 'kms:DescribeKey'],
  },
  /**
   * A KMS key whose ARN is not known at synth (a key of another stack or template): the account's keys, used only
   * through SageMaker (`kms:ViaService`,
   * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
   * Assumption: SageMaker calls CreateGrant/DescribeKey on the caller's behalf while it creates the config, so the
   * request carries kms:ViaService.
   */
  encryptionKeyViaSageMaker: {
    sid: 'EncryptionKeysViaSageMaker',
    actions: ['kms:CreateGrant', 'kms:DescribeKey'],
    // the command writes `*` for the region of a region-agnostic stack: that needs StringLike to match
    conditions: (env: ArnEnv) => ({ [env.region === '*' ? 'StringLike' : 'StringEquals']: { 'kms:ViaService': `sagemaker.${env.region}.${env.urlSuffix}` } }),
  },
  /** Autoscaling: Application Auto Scaling calls it to set the instance count of a scaled variant. */
  scaledEndpoint: {
    sid: 'ScaledEndpoints',
    actions: ['sagemaker:UpdateEndpointWeightsAndCapacities'],
  },
  /**
   * Autoscaling: the scalable targets and their policies. Their ARN ids are assigned by Application Auto Scaling
   * at registration, so the ARN names the account's targets and the condition keeps them to SageMaker
   * (`application-autoscaling:service-namespace`, supported by these four actions:
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html).
   */
  scalableTarget: {
    sid: 'ScalableTargets',
    actions: [
      'application-autoscaling:RegisterScalableTarget', 'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy',
    ],
    conditions: () => ({ StringEquals: { 'application-autoscaling:service-namespace': 'sagemaker' } }),
  },
  /**
   * Autoscaling: the `Describe*` actions, on `*` because they support no resource-level permission
   * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html).
   */
  describeScaling: {
    sid: 'DescribeScaling',
    actions: [
      'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies',
      'application-autoscaling:DescribeScalingActivities',
    ],
  },
  /**
   * Autoscaling: a target-tracking policy creates and deletes its CloudWatch alarms with the caller's permissions
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-prerequisites.html); they are named
   * `TargetTracking-<ResourceId>-Alarm...`: `TargetTracking-endpoint/<EndpointName>/variant/<VariantName>-Alarm...`
   * for a variant, `TargetTracking-inference-component/<InferenceComponentName>-Alarm...` for the copies of an
   * inference component (assumption: the same `TargetTracking-<ResourceId>-` naming for component targets).
   */
  targetTrackingAlarm: {
    sid: 'TargetTrackingAlarms',
    actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms'],
  },
  /** Autoscaling: the first registration creates Application Auto Scaling's service-linked role for SageMaker. */
  scalingServiceLinkedRole: {
    sid: 'AutoscalingServiceLinkedRole',
    actions: ['iam:CreateServiceLinkedRole'],
    conditions: () => ({ StringEquals: { 'iam:AWSServiceName': SCALING_SERVICE } }),
  },
  /**
   * The verify-rollout provider (one per stack, literal names): CloudFormation creates, updates and deletes the
   * function and invokes it for each custom resource.
   */
  verifyRolloutFunction: {
    sid: 'VerifyRolloutFunctions',
    actions: [
      'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration',
      'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:InvokeFunction',
      'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags',
    ],
  },
  /** The verify-rollout provider's role and its inline policy. */
  verifyRolloutRole: {
    sid: 'VerifyRolloutRoles',
    actions: [
      'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRoleDescription',
      'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy', 'iam:TagRole', 'iam:UntagRole',
    ],
  },
  /** Only Lambda may be handed the verify-rollout provider's role. */
  verifyRolloutPassRole: {
    sid: 'PassVerifyRolloutRoles',
    actions: ['iam:PassRole'],
    conditions: () => ({ StringEquals: { 'iam:PassedToService': LAMBDA_SERVICE } }),
  },
} satisfies { [kind: string]: DeployPermission };

/** The environment of a construct's stack (tokens where the stack is environment-agnostic). */
export function arnEnvOf(scope: IConstruct): ArnEnv {
  const stack = Stack.of(scope);
  return { partition: stack.partition, region: stack.region, account: stack.account, urlSuffix: stack.urlSuffix };
}

/** The conditions of a row in `env`, if it has any. */
export function conditionsOf(permission: DeployPermission, env: ArnEnv): PermissionConditions | undefined {
  return permission.conditions?.(env);
}

/** `arn:<partition>:sagemaker:<region>:<account>:<type>/<name>`; the name must already be lower-cased. */
export function sagemakerResourceArn(env: ArnEnv, type: 'endpoint' | 'endpoint-config' | 'model' | 'inference-component', name: string): string {
  return `arn:${env.partition}:sagemaker:${env.region}:${env.account}:${type}/${name}`;
}

/** A CloudWatch alarm by name (or name pattern). */
export function alarmResourceArn(env: ArnEnv, name: string): string {
  return `arn:${env.partition}:cloudwatch:${env.region}:${env.account}:alarm:${name}`;
}

/** The target-tracking alarms Application Auto Scaling creates for the variants of an endpoint. */
export function targetTrackingAlarmArn(env: ArnEnv, endpointName: string): string {
  return alarmResourceArn(env, `TargetTracking-endpoint/${endpointName}/variant/*`);
}

/**
 * The target-tracking alarms Application Auto Scaling creates for the copies of one inference component (the name
 * as written, as in its scalable target's ResourceId).
 */
export function componentTargetTrackingAlarmArn(env: ArnEnv, componentName: string): string {
  return alarmResourceArn(env, `TargetTracking-inference-component/${componentName}-*`);
}

/** The account's scalable targets (their ids are assigned at registration). */
export function scalableTargetArn(env: ArnEnv): string {
  return `arn:${env.partition}:application-autoscaling:${env.region}:${env.account}:scalable-target/*`;
}

/** Application Auto Scaling's service-linked role for SageMaker endpoints. */
export function scalingServiceLinkedRoleArn(env: ArnEnv): string {
  return iamRoleArn(env, `aws-service-role/${SCALING_SERVICE}/${SCALING_ROLE_NAME}`);
}

/** The account's KMS keys (see `encryptionKeyViaSageMaker`). */
export function anyKmsKeyArn(env: ArnEnv): string {
  return `arn:${env.partition}:kms:${env.region}:${env.account}:key/*`;
}

/** A Lambda function by name. */
export function lambdaFunctionArn(env: ArnEnv, name: string): string {
  return `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${name}`;
}

/** An IAM role by path and name (`path/name` without the leading slash). */
export function iamRoleArn(env: ArnEnv, pathAndName: string): string {
  return `arn:${env.partition}:iam::${env.account}:role/${pathAndName}`;
}
