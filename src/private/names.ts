import * as crypto from 'crypto';
import { Names, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Longest SageMaker endpoint / endpoint-config / model name. */
export const MAX_NAME_LENGTH = 63;

/** Hex digits of the content hash that ends every content-hashed name. */
export const CONTENT_HASH_LENGTH = 16;

/**
 * The IAM resource-name pattern of every name a content-hashed resource rotates to:
 * `<prefix>-` followed by exactly {@link CONTENT_HASH_LENGTH} `?` wildcards (in IAM ARNs `?` matches exactly
 * one character). Unlike `<prefix>-*`, it cannot match the names of a sibling construct whose path merely
 * starts with the same words (`.../Config` must not cover `.../Config/Two`, named `<prefix>-two-<hash>`).
 */
export function rotatedNamePattern(prefix: string): string {
  return `${prefix}-${'?'.repeat(CONTENT_HASH_LENGTH)}`;
}

/**
 * Hashes any JSON-serializable value into a short, stable, lower-case hex digest.
 *
 * Keys are sorted so that the digest depends only on content, never on property order.
 */
export function contentHash(value: unknown, length = CONTENT_HASH_LENGTH): string {
  return crypto.createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, length);
}

/** JSON.stringify with sorted object keys (deterministic across runs). */
export function stableStringify(value: unknown): string {
  if (value === undefined) {
    return 'null';
  }
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  const obj = value as { [key: string]: unknown };
  return `{${Object.keys(obj).sort().filter(k => obj[k] !== undefined).map(k => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/**
 * Whether the value, once resolved in `scope`'s stack, still contains any token
 * (a Ref, GetAtt, import or parameter): such a value cannot feed a synth-time name.
 */
export function containsUnresolved(scope: IConstruct, value: unknown): boolean {
  const resolved = Stack.of(scope).resolve(value);
  return hasIntrinsic(resolved);
}

function hasIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' && Token.isUnresolved(value);
  }
  if (Array.isArray(value)) {
    return value.some(hasIntrinsic);
  }
  const obj = value as { [key: string]: unknown };
  for (const key of Object.keys(obj)) {
    if (key === 'Ref' || key.startsWith('Fn::')) {
      return true;
    }
    if (hasIntrinsic(obj[key])) {
      return true;
    }
  }
  return false;
}

/**
 * Builds a lower-case SageMaker name `<readable prefix>-<hash>` of at most 63 characters.
 *
 * The readable part comes from the construct path (so a person can find the resource), the hash from
 * `content` (so any change to the resource yields a new name).
 */
export function hashedName(scope: IConstruct, content: unknown, hashLength = CONTENT_HASH_LENGTH): string {
  const full = readablePrefix(scope, Number.MAX_SAFE_INTEGER);
  const prefix = readablePrefix(scope, MAX_NAME_LENGTH - hashLength - 1);
  // When the path is too long, the readable part keeps only its tail and loses the head (the Stage and
  // stack): the same construct in two Stages of one account and Region would get the same name. The hash
  // then also covers the whole path. Short paths keep a pure content hash (names unchanged).
  const hash = contentHash(prefix === full ? content : [content, scope.node.path], hashLength);
  return prefix ? `${prefix}-${hash}` : hash;
}

/**
 * A stable, lower-case, pattern-valid name unique per stack and construct path (no content part):
 * used for resources whose name must not change, such as the Endpoint.
 */
export function stableName(scope: IConstruct): string {
  // Names.uniqueResourceName is stable across synths and unique within the app.
  const unique = Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' });
  const stackName = Stack.of(scope).stackName;
  const hash = contentHash([Token.isUnresolved(stackName) ? '' : stackName, scope.node.path], 8);
  const prefix = sanitize(unique).slice(0, MAX_NAME_LENGTH - hash.length - 1).replace(/-+$/, '');
  return prefix ? `${prefix}-${hash}` : hash;
}

function readablePrefix(scope: IConstruct, maxLength: number): string {
  const path = scope.node.path.split('/').filter(p => p !== 'Resource' && p !== 'Default');
  return sanitize(path.join('-')).slice(-maxLength).replace(/^-+/, '').replace(/-+$/, '');
}

/** Lower-cases and replaces every character SageMaker names do not allow with `-`. */
export function sanitize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+/, '').replace(/-+$/, '');
}

/**
 * The form SageMaker uses inside ARNs: lower case. Tokens are returned unchanged (they cannot
 * be lower-cased at synth; callers must prefer the real ARN attribute for in-stack resources).
 */
export function arnName(name: string): string {
  return Token.isUnresolved(name) ? name : name.toLowerCase();
}

/** `arn:<partition>:sagemaker:<region>:<account>:<resourceType>/<lower-cased name>`. */
export function sagemakerArn(scope: IConstruct, resourceType: 'endpoint' | 'endpoint-config' | 'model', name: string): string {
  return Stack.of(scope).formatArn({
    service: 'sagemaker',
    resource: resourceType,
    resourceName: arnName(name),
  });
}
