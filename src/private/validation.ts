import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Throws a validation error that names the construct path.
 *
 * Every synth-time rule of the library goes through here so messages share one shape:
 * `<construct path>: <property> must be <allowed range>, got <bad value>`.
 */
export function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

/** Renders a user value for an error message (strings quoted, everything else as JSON). */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Options for {@link validateNumber}. */
export interface NumberRule {
  /** Smallest allowed value (inclusive). */
  readonly min: number;
  /** Largest allowed value (inclusive). */
  readonly max: number;
  /** Whether only whole numbers are allowed. @default true */
  readonly integer?: boolean;
  /** Unit appended to the range in the message, e.g. `seconds`. */
  readonly unit?: string;
}

/**
 * Checks a number against an inclusive range; unresolved tokens are skipped.
 *
 * Rejects NaN, infinities and (by default) fractions with the same message shape.
 */
export function validateNumber(scope: IConstruct, property: string, value: number | undefined, rule: NumberRule): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const integer = rule.integer ?? true;
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const range = `${rule.min}-${rule.max}${unit}`;
  if (typeof value !== 'number' || Number.isNaN(value) || !Number.isFinite(value)) {
    fail(scope, `${property} must be a number in ${range}, got ${show(value)}`);
  }
  if (integer && !Number.isInteger(value)) {
    fail(scope, `${property} must be a whole number in ${range}, got ${value}`);
  }
  if (value < rule.min || value > rule.max) {
    fail(scope, `${property} must be ${range}, got ${value}`);
  }
}

/** Options for {@link validateName}. */
export interface NameRule {
  /** The pattern the name must match. */
  readonly pattern: RegExp;
  /** Human-readable description of the pattern for the message. */
  readonly description: string;
  /** Maximum length. */
  readonly maxLength: number;
}

/** SageMaker EndpointName / EndpointConfigName / VariantName rule. */
export const ENDPOINT_NAME_RULE: NameRule = {
  pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
  description: 'letters, digits and hyphens, starting and ending with a letter or digit',
  maxLength: 63,
};

/** SageMaker ModelName rule. */
export const MODEL_NAME_RULE: NameRule = {
  pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
  description: 'letters, digits and hyphens, starting and ending with a letter or digit',
  maxLength: 63,
};

/** Checks a SageMaker name; unresolved tokens are skipped. */
export function validateName(scope: IConstruct, property: string, value: string | undefined, rule: NameRule): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (typeof value !== 'string' || value.length < 1 || value.length > rule.maxLength) {
    fail(scope, `${property} must be 1-${rule.maxLength} characters, got ${show(value)} (${typeof value === 'string' ? value.length : 0} characters)`);
  }
  if (!rule.pattern.test(value)) {
    fail(scope, `${property} must match ${rule.pattern.source} (${rule.description}), got ${show(value)}`);
  }
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Validates a tag map against the SageMaker tagging rules: at most 50 tags, keys 1-128 characters,
 * values 0-256 characters, the allowed character set, and no reserved `aws:` prefix (docs/failure-modes.md row 17).
 */
export function validateTags(scope: IConstruct, property: string, tags: { [key: string]: string } | undefined): void {
  if (tags === undefined) {
    return;
  }
  const keys = Object.keys(tags);
  if (keys.length > 50) {
    fail(scope, `${property} must have at most 50 tags, got ${keys.length}`);
  }
  for (const key of keys) {
    const value = tags[key];
    if (Token.isUnresolved(key)) {
      continue;
    }
    if (key.length < 1 || key.length > 128) {
      fail(scope, `${property} key must be 1-128 characters, got ${show(key)} (${key.length} characters)`);
    }
    if (key.toLowerCase().startsWith('aws:')) {
      fail(scope, `${property} key must not start with the reserved prefix "aws:", got ${show(key)}`);
    }
    if (!TAG_CHARS.test(key)) {
      fail(scope, `${property} key must use only letters, digits, spaces and _.:/=+-@, got ${show(key)}`);
    }
    if (value === undefined || Token.isUnresolved(value)) {
      continue;
    }
    if (typeof value !== 'string' || value.length > 256) {
      fail(scope, `${property} value for key ${show(key)} must be 0-256 characters, got ${show(value)}`);
    }
    if (!TAG_CHARS.test(value)) {
      fail(scope, `${property} value for key ${show(key)} must use only letters, digits, spaces and _.:/=+-@, got ${show(value)}`);
    }
  }
}
