import { CfnResource, IResolvable, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The identity of `value` for a content-hash name, or `undefined` when the value cannot be known at
 * synth in a way that stays stable between deployments.
 *
 * The value is resolved in `scope`'s stack. What counts as stable:
 * - literals;
 * - pseudo parameters (`AWS::AccountId`, `AWS::Region`, `AWS::Partition`, `AWS::URLSuffix`, ...), which
 *   cannot change for a deployed stack (so asset image URIs and asset bucket names are stable);
 * - `Ref`, and `Fn::GetAtt` of an identifier attribute (`Arn`, `...Id`, `...Name`, `...Uri`, `...Url`), of resources in
 *   the same stack, identified by logical ID. Such a resource keeps its physical ID unless it is replaced, which for
 *   the resources referenced here (roles, buckets, keys, security groups, subnets) practically only happens when the
 *   logical ID changes. Other attributes are values that change in place (`AWS::SSM::Parameter` `Value`): a name
 *   that did not follow them would not change when the model does, and CloudFormation cannot replace a resource
 *   with a fixed name.
 *
 * Not stable: template parameters, `Fn::ImportValue`, cross-stack references and anything that still
 * holds an unresolved token. The caller then falls back to a CloudFormation-generated name.
 */
export function stableIdentity(scope: IConstruct, value: unknown): unknown | undefined {
  const stack = Stack.of(scope);
  let resolved: unknown;
  try {
    resolved = resolveLeaves(stack, value);
  } catch {
    // cross-stack references cannot be resolved before prepare(): not knowable here
    return undefined;
  }
  // Fast path: the resources `value` references directly (e.g. a role ARN) are found from its tokens.
  // Only a logical ID not found that way needs the scan of the whole stack, which costs O(resources)
  // per call and made apps with many models quadratic.
  const referenced = referencedLocalLogicalIds(stack, value);
  let logicalIds: Set<string> | undefined;
  const isLocalResource = (logicalId: unknown): boolean => {
    if (typeof logicalId !== 'string') {
      return false;
    }
    if (referenced.has(logicalId)) {
      return true;
    }
    if (!logicalIds) {
      logicalIds = new Set(stack.node.findAll()
        .filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack)
        .map(c => stack.resolve((c as CfnResource).logicalId) as string));
    }
    return logicalIds.has(logicalId);
  };
  return isStable(resolved, isLocalResource) ? resolved : undefined;
}

/**
 * Token strings of a stack already resolved for an identity. Many models share one image URI (the same
 * string of account, Region and repository tokens); it resolves once per stack instead of once per model.
 */
const resolvedStrings = new WeakMap<Stack, Map<string, unknown>>();

/**
 * `stack.resolve(value)` for the plain data an identity is made of: plain objects and arrays are walked, and each
 * string, number or token is resolved on its own (strings with tokens once per stack, see
 * {@link resolvedStrings}). Anything else (a class instance, a list token, an object whose keys are tokens) is
 * resolved whole, so the result and the errors are stack.resolve's.
 */
function resolveLeaves(stack: Stack, value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string') {
    if (!Token.isUnresolved(value)) {
      // a list token in a string's place is an error stack.resolve reports
      return Token.isUnresolved([value]) ? stack.resolve(value) : value;
    }
    let cache = resolvedStrings.get(stack);
    if (!cache) {
      cache = new Map();
      resolvedStrings.set(stack, cache);
    }
    if (!cache.has(value)) {
      cache.set(value, stack.resolve(value));
    }
    return cache.get(value);
  }
  if (typeof value === 'number') {
    return Token.isUnresolved(value) ? stack.resolve(value) : value;
  }
  if (Array.isArray(value)) {
    if (value.some(v => typeof v === 'string' && Token.isUnresolved([v]))) {
      // an element encodes a whole list (Token.asList, Fn.split): only the list resolves it
      return stack.resolve(value);
    }
    // stack.resolve drops undefined elements
    return value.map(v => resolveLeaves(stack, v)).filter(v => v !== undefined);
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && !Tokenization.isResolvable(value)
    && !Object.keys(value).some(k => Token.isUnresolved(k))) {
    const out: { [key: string]: unknown } = {};
    for (const [k, v] of Object.entries(value as { [key: string]: unknown })) {
      const r = resolveLeaves(stack, v);
      // stack.resolve drops undefined values
      if (r !== undefined) {
        out[k] = r;
      }
    }
    return out;
  }
  // class instances, tokens, and objects whose keys are tokens: as stack.resolve does them
  return stack.resolve(value);
}

function isStable(value: unknown, isLocalResource: (logicalId: unknown) => boolean): boolean {
  if (value === null || value === undefined) {
    return true;
  }
  if (typeof value === 'string') {
    // a resolved value holds no tokens; a leftover `${Token[...]}` means something could not resolve
    return !value.includes('${Token[');
  }
  if (typeof value !== 'object') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.every(v => isStable(v, isLocalResource));
  }
  const obj = value as { [key: string]: unknown };
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const key = keys[0];
    const arg = obj[key];
    if (key === 'Ref') {
      return typeof arg === 'string' && (arg.startsWith('AWS::') || isLocalResource(arg));
    }
    if (key === 'Fn::GetAtt') {
      return Array.isArray(arg) && isLocalResource(arg[0]) && isIdentifierAttribute(arg[1]);
    }
    if (key === 'Fn::ImportValue') {
      return false;
    }
    if (key === 'Fn::Sub') {
      return isStableSub(arg, isLocalResource);
    }
  }
  return keys.every(k => isStable(obj[k], isLocalResource));
}

/** Attributes that identify a resource (they change only with a replacement): `Arn`, `RoleId`, `ModelName`, `RepositoryUri`. */
function isIdentifierAttribute(attribute: unknown): boolean {
  return typeof attribute === 'string' && /(arn|id|name|uri|url)$/i.test(attribute);
}

function isStableSub(arg: unknown, isLocalResource: (logicalId: unknown) => boolean): boolean {
  const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof template !== 'string') {
    return false;
  }
  const vars = (variables ?? {}) as { [key: string]: unknown };
  if (!isStable(vars, isLocalResource)) {
    return false;
  }
  const refs = Array.from(template.matchAll(/\$\{([^!}][^}]*)\}/g)).map(m => m[1]);
  return refs.every(ref => {
    if (ref in vars || ref.startsWith('AWS::')) {
      return true;
    }
    const [logicalId, attribute] = ref.split('.', 2);
    return isLocalResource(logicalId) && (attribute === undefined || isIdentifierAttribute(attribute));
  });
}

/**
 * The logical IDs of the CloudFormation resources of `stack` that tokens in `value` reference directly
 * (`Reference` tokens whose target is a `CfnResource` of the same stack). A subset of what the full scan
 * in `stableIdentity` finds, so it changes no result, only how fast it is found.
 */
function referencedLocalLogicalIds(stack: Stack, value: unknown): Set<string> {
  const ids = new Set<string>();
  const addToken = (token: IResolvable | undefined): void => {
    if (token && Reference.isReference(token) && CfnResource.isCfnResource(token.target) && Stack.of(token.target) === stack) {
      // resolved, not stack.getLogicalId(): an overridden logical ID is known only to the element's own token
      const id = stack.resolve(token.target.logicalId);
      if (typeof id === 'string') {
        ids.add(id);
      }
    }
  };
  const visit = (v: unknown, depth: number): void => {
    if (v === null || v === undefined || depth > 32) {
      return;
    }
    if (typeof v === 'string') {
      if (Token.isUnresolved(v)) {
        Tokenization.reverseString(v).tokens.forEach(addToken);
      }
    } else if (typeof v === 'number') {
      addToken(Tokenization.reverseNumber(v));
    } else if (Array.isArray(v)) {
      v.forEach(x => visit(x, depth + 1));
    } else if (typeof v === 'object') {
      if (Tokenization.isResolvable(v)) {
        addToken(v);
      } else {
        Object.values(v as { [key: string]: unknown }).forEach(x => visit(x, depth + 1));
      }
    }
  };
  visit(value, 0);
  return ids;
}
