/**
 * `cdk-sagemaker-endpoint policy`: a least-privilege IAM policy for the role that deploys the SageMaker
 * resources of a cloud assembly (CloudFormation execution role or pipeline role).
 *
 * Every statement names exact, lower-cased SageMaker ARNs (SageMaker lower-cases names inside ARNs). Content-hashed
 * names of this library (`<prefix>-<16 hex digits>`) become `<prefix>-????????????????` (exactly 16 `?`): a rollback and the cleanup after a
 * replacement touch the PREVIOUS config and model, whose hash is not in this assembly.
 *
 * The actions and ARN shapes come from the same table as `grants.deploy` (`private/deploy-permissions.ts`).
 */
import { AssemblyStack, TemplateResource } from './assembly';
import { referencedId, resolveValue } from './resolve';
import {
  alarmResourceArn, anyKmsKeyArn, ArnEnv, componentTargetTrackingAlarmArn, conditionsOf, DEPLOY_PERMISSIONS as P, DeployPermission,
  iamRoleArn, lambdaFunctionArn,
  sagemakerResourceArn, scalableTargetArn, scalingServiceLinkedRoleArn, targetTrackingAlarmArn,
} from '../private/deploy-permissions';
import { CONTENT_HASH_LENGTH, rotatedNamePattern } from '../private/names';
import { VERIFY_ROLLOUT_PREFIX, VERIFY_ROLLOUT_TYPE } from '../private/verify-rollout-names';

/** Where the ARNs live. */
export interface PolicyOptions {
  /** @default 'aws' */
  readonly partition?: string;
  /** The account of stacks without one (stacks that set `env` keep theirs; a different value is warned about). */
  readonly account?: string;
  /** The region of stacks without one (stacks that set `env` keep theirs; a different value is warned about). */
  readonly region?: string;
}

/** An IAM policy statement. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: { [operator: string]: { [key: string]: string } };
}

/** The command's result: the policy (undefined when there is nothing to grant) and warnings. */
export interface PolicyResult {
  readonly policy?: { readonly Version: '2012-10-17'; readonly Statement: PolicyStatement[] };
  readonly warnings: string[];
  /** SageMaker resources found. */
  readonly resourceCount: number;
}

const HASHED = new RegExp(`^(.+)-[0-9a-f]{${CONTENT_HASH_LENGTH}}$`);

/** Builds the deploy-role policy for the stacks. */
export function buildPolicy(stacks: AssemblyStack[], options: PolicyOptions = {}): PolicyResult {
  const partition = options.partition ?? 'aws';
  const warnings: string[] = [];
  const endpoints = new Set<string>();
  const configs = new Set<string>();
  const models = new Set<string>();
  const keys = new Set<string>();
  const keyPatterns = new Map<string, ArnEnv>();
  const roles = new Set<string>();
  const configRoles = new Set<string>();
  const components = new Set<string>();
  const componentEndpoints = new Set<string>();
  const scaleFromZeroAlarms = new Set<string>();
  const alarms = new Set<string>();
  const stackAlarms = new Set<string>();
  const scaledEndpoints = new Set<string>();
  const targetTrackingAlarms = new Set<string>();
  const verifyFunctions = new Set<string>();
  const verifyRoles = new Set<string>();
  let scalableTargets = 0;
  let resourceCount = 0;
  const envWarned = new Set<string>();

  for (const stack of stacks) {
    // --account/--region fill in environment-agnostic stacks only: a stack that sets env is deployed there
    const account = stack.account ?? options.account;
    const region = stack.region ?? options.region;
    const overridden: Array<[string, string | undefined, string | undefined]> = [
      ['account', options.account, stack.account], ['region', options.region, stack.region],
    ];
    for (const [what, given, own] of overridden) {
      if (given !== undefined && own !== undefined && given !== own) {
        warnings.push(`stack ${stack.displayName} sets its own ${what} ${own}; --${what} ${given} applies only to stacks without one, so its ARNs keep ${own}`);
      }
    }
    const resources = stack.template.Resources ?? {};
    const sagemakerIds = Object.keys(resources).filter(id => resources[id]?.Type?.startsWith('AWS::SageMaker::'));
    if (sagemakerIds.length > 0 && (!account || !region) && !envWarned.has(stack.displayName)) {
      envWarned.add(stack.displayName);
      const missing = [!account ? 'account' : undefined, !region ? 'region' : undefined].filter(x => x).join(' and ');
      warnings.push(`stack ${stack.displayName} has no ${missing}: its ARNs use * `
        + '(set env on the stack, or pass --account and --region)');
    }
    const acct = account ?? '*';
    const reg = region ?? '*';
    const env: ArnEnv = { partition, region: reg, account: acct, urlSuffix: urlSuffixOf(partition) };
    const arn = (type: 'endpoint' | 'endpoint-config' | 'model' | 'inference-component', name: string) => sagemakerResourceArn(env, type, name);
    const where = (id: string) => `${stack.templateDisplayPath}: Resources.${id}`;

    /** The ARN name part for a SageMaker resource: exact, hashed prefix, or a pattern for generated names. */
    const sagemakerName = (id: string, resource: TemplateResource, property: string, rotates: boolean): string => {
      const resolved = resolveValue(resource.Properties?.[property], stack.template);
      if (resolved.value !== undefined) {
        const lower = resolved.value.toLowerCase();
        const hashed = HASHED.exec(lower);
        return rotates && hashed ? rotatedNamePattern(hashed[1]) : lower;
      }
      const pattern = `${id.toLowerCase().slice(0, 40)}*`;
      warnings.push(`${where(id)}: ${property} is generated by CloudFormation; the policy uses the pattern ${pattern}`);
      return pattern;
    };

    /** The rollback alarms of an endpoint's or a component's DeploymentConfig: read by the rollout, and created with the stack when it defines them. */
    const addRollbackAlarms = (id: string, resource: TemplateResource) => {
      for (const alarm of rollbackAlarms(resource)) {
        const alarmResource = alarmArn(alarm, stack, partition, reg, acct, warnings, where(id));
        alarms.add(alarmResource);
        // an alarm of the same template is created, updated and deleted by the deploy role too
        const alarmId = referencedId(alarm);
        const named = typeof alarm === 'string' && Object.values(resources)
          .some(r => r?.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.AlarmName === alarm);
        if (named || (alarmId && resources[alarmId]?.Type === 'AWS::CloudWatch::Alarm')) {
          stackAlarms.add(alarmResource);
        }
      }
    };

    for (const id of sagemakerIds) {
      const resource = resources[id];
      let resourceArn: string | undefined;
      switch (resource.Type) {
        case 'AWS::SageMaker::Model': {
          resourceArn = arn('model', sagemakerName(id, resource, 'ModelName', true));
          models.add(resourceArn);
          const role = roleArn(resource.Properties?.ExecutionRoleArn, stack, partition, acct, warnings, where(id));
          if (role) {
            roles.add(role);
          }
          break;
        }
        case 'AWS::SageMaker::EndpointConfig':
          resourceArn = arn('endpoint-config', sagemakerName(id, resource, 'EndpointConfigName', true));
          configs.add(resourceArn);
          if (resource.Properties?.ExecutionRoleArn !== undefined) {
            // a config that hosts inference components passes its execution role (CreateEndpointConfig)
            const role = roleArn(resource.Properties.ExecutionRoleArn, stack, partition, acct, warnings, where(id));
            if (role) {
              configRoles.add(role);
            }
          }
          if (resource.Properties?.KmsKeyId !== undefined) {
            const key = resolveValue(resource.Properties.KmsKeyId, stack.template).value;
            if (key !== undefined && /^arn:[^:]+:kms:[^:]+:[^:]+:key\//.test(key)) {
              keys.add(key);
            } else {
              const pattern = anyKmsKeyArn(env);
              keyPatterns.set(pattern, env);
              warnings.push(`${where(id)}: the KMS key is not named by its key ARN at synth; kms:CreateGrant and kms:DescribeKey `
                + `use ${pattern}, only through SageMaker`);
            }
          }
          break;
        case 'AWS::SageMaker::Endpoint': {
          const name = sagemakerName(id, resource, 'EndpointName', false);
          resourceArn = arn('endpoint', name);
          endpoints.add(resourceArn);
          addRollbackAlarms(id, resource);
          break;
        }
        case 'AWS::SageMaker::InferenceComponent':
          // a content-hashed component name rotates when its endpoint, variant or base changes (new resource)
          resourceArn = arn('inference-component', sagemakerName(id, resource, 'InferenceComponentName', true));
          components.add(resourceArn);
          // CreateInferenceComponent is authorized against the endpoint too
          componentEndpoints.add(arn('endpoint', sagemakerName(id, resource, 'EndpointName', false)));
          // a rolling update of the component reads its rollback alarms as an endpoint update does
          addRollbackAlarms(id, resource);
          break;
        default:
          warnings.push(`${where(id)}: ${resource.Type} is not covered by this policy`);
      }
      if (resourceArn) {
        resourceCount++;
      }
    }

    const provider = verifyRolloutProvider(stack, env, warnings);
    provider.functions.forEach(f => verifyFunctions.add(f));
    provider.roles.forEach(r => verifyRoles.add(r));

    for (const [id, resource] of Object.entries(resources)) {
      // the scale-from-zero alarm of a component autoscaled to zero copies: created and deleted with the stack
      if (resource?.Type === 'AWS::CloudWatch::Alarm' && resource.Properties?.Namespace === 'AWS/SageMaker'
        && resource.Properties?.MetricName === 'NoCapacityInvocationFailures') {
        scaleFromZeroAlarms.add(alarmArn(resource.Properties.AlarmName ?? { Ref: id }, stack, partition, reg, acct, warnings, where(id)));
      }
      if (resource?.Type !== 'AWS::ApplicationAutoScaling::ScalableTarget' || resource.Properties?.ServiceNamespace !== 'sagemaker') {
        continue;
      }
      scalableTargets++;
      const resourceId = resolveValue(resource.Properties?.ResourceId, stack.template).value;
      const m = resourceId ? /^endpoint\/([^/]+)\/variant\//.exec(resourceId) : null;
      const component = resourceId ? /^inference-component\/([^/]+)$/.exec(resourceId) : null;
      if (component) {
        // the target-tracking alarms carry the component name as written
        targetTrackingAlarms.add(componentTargetTrackingAlarmArn(env, component[1]));
      } else if (m) {
        scaledEndpoints.add(arn('endpoint', m[1].toLowerCase()));
        // the target-tracking alarms carry the endpoint name as written
        targetTrackingAlarms.add(targetTrackingAlarmArn(env, m[1]));
      } else {
        warnings.push(`${where(id)}: cannot tell which endpoint the scalable target scales; `
          + 'UpdateEndpointWeightsAndCapacities is allowed on every endpoint of the stack');
        for (const eid of sagemakerIds.filter(x => resources[x].Type === 'AWS::SageMaker::Endpoint')) {
          scaledEndpoints.add(arn('endpoint', sagemakerName(eid, resources[eid], 'EndpointName', false)));
          const name = resolveValue(resources[eid].Properties?.EndpointName, stack.template).value;
          targetTrackingAlarms.add(targetTrackingAlarmArn(env, name ?? '*'));
        }
      }
    }
  }

  if (resourceCount === 0) {
    return { warnings, resourceCount };
  }
  const statements: PolicyStatement[] = [];
  const add = (row: DeployPermission, resources: Set<string> | string[], env?: ArnEnv) => {
    const list = [...resources].sort();
    const Condition = env ? conditionsOf(row, env) : undefined;
    if (list.length > 0) {
      statements.push({ Sid: row.sid, Effect: 'Allow', Action: [...row.actions].sort(), Resource: list, ...(Condition ? { Condition } : {}) });
    }
  };
  const anyEnv: ArnEnv = { partition, region: '*', account: '*', urlSuffix: urlSuffixOf(partition) };
  add(P.endpoint, endpoints);
  if (endpoints.size > 0) {
    add(P.endpointConfigOfEndpoint, configs);
  }
  add(P.endpointConfig, configs);
  add(P.model, models);
  add(P.inferenceComponent, components);
  add(P.endpointOfInferenceComponent, componentEndpoints);
  add(P.tags, [...endpoints, ...configs, ...models, ...components]);
  add(P.modelRole, roles, anyEnv);
  add(P.configRole, configRoles, anyEnv);
  add(P.encryptionKey, keys);
  for (const [pattern, env] of keyPatterns) {
    add(P.encryptionKeyViaSageMaker, [pattern], env);
  }
  add(P.rollbackAlarm, alarms);
  add(P.createdAlarm, stackAlarms);
  if (scalableTargets > 0) {
    add(P.scaledEndpoint, scaledEndpoints);
    const regions = new Set(stacks.map(s => s.region ?? options.region ?? '*'));
    const accounts = new Set(stacks.map(s => s.account ?? options.account ?? '*'));
    const targets: string[] = [];
    for (const r of regions) {
      for (const a of accounts) {
        targets.push(scalableTargetArn({ ...anyEnv, region: r, account: a }));
      }
    }
    add(P.scalableTarget, targets, anyEnv);
    // no resource-level permission for these actions (see the table)
    add(P.describeScaling, ['*']);
    add(P.targetTrackingAlarm, targetTrackingAlarms);
    add(P.scalingServiceLinkedRole, [...accounts].map(a => scalingServiceLinkedRoleArn({ ...anyEnv, account: a })), anyEnv);
    add(P.scaleFromZeroAlarm, scaleFromZeroAlarms);
  }
  // ---- verify-rollout provider (issue 12): one Lambda function and role per stack ----
  add(P.verifyRolloutFunction, verifyFunctions);
  add(P.verifyRolloutRole, verifyRoles);
  add(P.verifyRolloutPassRole, verifyRoles, anyEnv);
  return { policy: { Version: '2012-10-17', Statement: statements }, warnings, resourceCount };
}

/** The provider's function and role ARNs of a stack with verify-rollout custom resources (their names are literal). */
function verifyRolloutProvider(stack: AssemblyStack, env: ArnEnv, warnings: string[]):
{ functions: string[]; roles: string[] } {
  const resources = stack.template.Resources ?? {};
  const functions: string[] = [];
  const roles: string[] = [];
  if (!Object.values(resources).some(r => r?.Type === VERIFY_ROLLOUT_TYPE)) {
    return { functions, roles };
  }
  for (const resource of Object.values(resources)) {
    const fn = resource?.Type === 'AWS::Lambda::Function' ? resolveValue(resource.Properties?.FunctionName, stack.template).value : undefined;
    if (fn?.startsWith(VERIFY_ROLLOUT_PREFIX)) {
      functions.push(lambdaFunctionArn(env, fn));
    }
    const role = resource?.Type === 'AWS::IAM::Role' ? resolveValue(resource.Properties?.RoleName, stack.template).value : undefined;
    if (role?.startsWith(VERIFY_ROLLOUT_PREFIX)) {
      roles.push(iamRoleArn(env, role));
    }
  }
  if (functions.length > 0) {
    warnings.push(`stack ${stack.displayName} verifies rollouts with a Lambda function: CloudFormation also reads its code from the CDK asset bucket (s3:GetObject)`);
  }
  return { functions, roles };
}

/**
 * The alarm names of `DeploymentConfig.AutoRollbackConfiguration.Alarms`, the same shape on an endpoint and on an
 * inference component (CloudFormation: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html).
 */
function rollbackAlarms(resource: TemplateResource): unknown[] {
  const names: unknown[] = [];
  const dc = resource.Properties?.DeploymentConfig as { AutoRollbackConfiguration?: { Alarms?: unknown } } | undefined;
  if (dc && Array.isArray(dc.AutoRollbackConfiguration?.Alarms)) {
    for (const a of dc.AutoRollbackConfiguration!.Alarms as Array<{ AlarmName?: unknown }>) {
      names.push(a.AlarmName);
    }
  }
  // an alarm listed twice is one alarm
  const seen = new Set<string>();
  return names.filter(n => {
    const key = JSON.stringify(n);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** CloudFormation-generated names: `<stack name>-<logical id>-<random>`, truncated when long (UNCONFIRMED). */
function generatedNamePattern(stack: AssemblyStack, id: string, maxLength: number): string {
  const full = `${stack.stackName}-${id}-`;
  return full.length + 12 <= maxLength ? `${full}*` : `${stack.stackName.slice(0, Math.max(1, Math.floor(maxLength / 3)))}*`;
}

function alarmArn(name: unknown, stack: AssemblyStack, partition: string, region: string, account: string,
  warnings: string[], where: string): string {
  const resolved = resolveValue(name, stack.template);
  let alarmName = resolved.value;
  if (alarmName === undefined) {
    const id = resolved.logicalId;
    if (id && stack.template.Resources?.[id]?.Type === 'AWS::CloudWatch::Alarm') {
      alarmName = generatedNamePattern(stack, id, 255);
      warnings.push(`${where}: rollback alarm ${id} has a name generated by CloudFormation; the policy uses the pattern ${alarmName}`);
    } else {
      alarmName = '*';
      warnings.push(`${where}: a rollback alarm name is not known at synth (${resolved.unresolved}); the policy allows every alarm`);
    }
  }
  return alarmResourceArn({ partition, region, account, urlSuffix: urlSuffixOf(partition) }, alarmName);
}

function roleArn(value: unknown, stack: AssemblyStack, partition: string, account: string,
  warnings: string[], where: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  const id = referencedId(value);
  const role = id ? stack.template.Resources?.[id] : undefined;
  if (id && role?.Type === 'AWS::IAM::Role') {
    const path = typeof role.Properties?.Path === 'string' ? role.Properties.Path : '/';
    const name = resolveValue(role.Properties?.RoleName, stack.template).value;
    if (name !== undefined) {
      return `arn:${partition}:iam::${account}:role${path}${name}`;
    }
    const pattern = generatedNamePattern(stack, id, 64);
    warnings.push(`${where}: execution role ${id} has a name generated by CloudFormation; iam:PassRole uses the pattern ${pattern}`);
    return `arn:${partition}:iam::${account}:role${path}${pattern}`;
  }
  const resolved = resolveValue(value, stack.template);
  if (resolved.value !== undefined) {
    return resolved.value;
  }
  warnings.push(`${where}: the execution role is not known at synth (${resolved.unresolved}); iam:PassRole allows every role `
    + 'of the account, only to SageMaker');
  return `arn:${partition}:iam::${account}:role/*`;
}

/** The domain suffix of a partition's service endpoints (for `kms:ViaService`). */
function urlSuffixOf(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}
