/**
 * Resolves the CloudFormation intrinsics the library's templates use for names (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Select, Fn::Split of literals) against the template, without deploying anything.
 */
import { Template } from './assembly';

/** What a name resolved to. */
export interface Resolved {
  /** The literal value, when it is known from the template. */
  readonly value?: string;
  /** The resource the value comes from, when it is a reference (for patterns and messages). */
  readonly logicalId?: string;
  /** A short description of an unresolved value, e.g. `Ref Param` or `GetAtt Role.Arn`. */
  readonly unresolved?: string;
}

/**
 * Resolves `value` to a literal string where the template determines it.
 *
 * `Ref`/`Fn::GetAtt` to a resource return the property that defines the name when it is a literal
 * (e.g. `GetAtt Config.EndpointConfigName` -> `Properties.EndpointConfigName`); parameters resolve to
 * their Default; anything else stays unresolved.
 */
export function resolveValue(value: unknown, template: Template, depth = 0): Resolved {
  if (typeof value === 'string') {
    return { value };
  }
  if (typeof value === 'number') {
    return { value: String(value) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 10) {
    return { unresolved: JSON.stringify(value) ?? 'nothing' };
  }
  const obj = value as { [key: string]: unknown };
  const keys = Object.keys(obj);
  if (keys.length !== 1) {
    return { unresolved: JSON.stringify(value) };
  }
  const [key] = keys;
  const arg = obj[key];
  switch (key) {
    case 'Ref':
      return resolveRef(String(arg), template, depth);
    case 'Fn::GetAtt': {
      const [id, attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
      return resolveGetAtt(id, attr, template, depth);
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2 || !Array.isArray(arg[1])) {
        return { unresolved: 'Fn::Join' };
      }
      const parts = (arg[1] as unknown[]).map(p => resolveValue(p, template, depth + 1));
      const missing = parts.find(p => p.value === undefined);
      if (missing) {
        return { unresolved: missing.unresolved, logicalId: missing.logicalId };
      }
      return { value: parts.map(p => p.value).join(String(arg[0])) };
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) {
        return { unresolved: 'Fn::Select' };
      }
      const list = resolveList(arg[1], template, depth + 1);
      const index = Number(resolveValue(arg[0], template, depth + 1).value);
      return list && Number.isInteger(index) && list[index] !== undefined ? { value: list[index] } : { unresolved: 'Fn::Select' };
    }
    default:
      return { unresolved: key };
  }
}

function resolveList(value: unknown, template: Template, depth: number): string[] | undefined {
  if (Array.isArray(value)) {
    const parts = value.map(v => resolveValue(v, template, depth));
    return parts.every(p => p.value !== undefined) ? parts.map(p => p.value!) : undefined;
  }
  if (value && typeof value === 'object' && 'Fn::Split' in (value as object)) {
    const split = (value as { [k: string]: unknown })['Fn::Split'];
    if (Array.isArray(split) && split.length === 2) {
      const source = resolveValue(split[1], template, depth);
      return source.value === undefined ? undefined : source.value.split(String(split[0]));
    }
  }
  return undefined;
}

/** The property that holds the physical name of a resource type, and what `Ref` returns for it. */
const NAME_PROPERTY: { [type: string]: { readonly property: string; readonly refIsName: boolean } } = {
  'AWS::SageMaker::Endpoint': { property: 'EndpointName', refIsName: false },
  'AWS::SageMaker::EndpointConfig': { property: 'EndpointConfigName', refIsName: false },
  'AWS::SageMaker::Model': { property: 'ModelName', refIsName: false },
  'AWS::SageMaker::InferenceComponent': { property: 'InferenceComponentName', refIsName: false },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', refIsName: true },
  'AWS::IAM::Role': { property: 'RoleName', refIsName: true },
};

function resolveRef(id: string, template: Template, depth: number): Resolved {
  if (id.startsWith('AWS::')) {
    return { unresolved: `Ref ${id}` };
  }
  const param = template.Parameters?.[id];
  if (param) {
    return param.Default !== undefined ? resolveValue(param.Default, template, depth + 1) : { unresolved: `Ref ${id}` };
  }
  const resource = template.Resources?.[id];
  const naming = resource ? NAME_PROPERTY[resource.Type] : undefined;
  if (resource && naming?.refIsName) {
    const name = resource.Properties?.[naming.property];
    return name === undefined ? { unresolved: `Ref ${id}`, logicalId: id } : withId(resolveValue(name, template, depth + 1), id);
  }
  return { unresolved: `Ref ${id}`, logicalId: id };
}

function resolveGetAtt(id: string, attr: string, template: Template, depth: number): Resolved {
  const resource = template.Resources?.[id];
  const naming = resource ? NAME_PROPERTY[resource.Type] : undefined;
  if (resource && naming && attr === naming.property) {
    const name = resource.Properties?.[naming.property];
    return name === undefined ? { unresolved: `GetAtt ${id}.${attr}`, logicalId: id } : withId(resolveValue(name, template, depth + 1), id);
  }
  return { unresolved: `GetAtt ${id}.${attr}`, logicalId: id };
}

function withId(resolved: Resolved, id: string): Resolved {
  return { ...resolved, logicalId: resolved.logicalId ?? id };
}

/** The logical id of the resource a reference points to (Ref X / GetAtt X.*), if any. */
export function referencedId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as { [key: string]: unknown };
    if (typeof obj.Ref === 'string') {
      return obj.Ref;
    }
    const getAtt = obj['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      return String(getAtt[0]);
    }
    if (typeof getAtt === 'string') {
      return getAtt.split('.')[0];
    }
  }
  return undefined;
}
