import { Duration, Token } from 'aws-cdk-lib';

/**
 * Checks a Duration against an inclusive range of whole seconds; tokens are skipped.
 * Plain Errors (the plan is pure; constructs prefix their path when they rethrow).
 *
 * Message: `<property> must be <min>-<max> seconds (<human range>), got <n> seconds`.
 */
export function checkSeconds(property: string, value: Duration, min: number, max: number, human: string): Duration {
  const seconds = value.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) {
    return value;
  }
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new Error(`${property} must be ${min}-${max} seconds (${human}), got ${seconds} seconds`);
  }
  return value;
}

/** `waitInterval` / `terminationWait`: 0-3600 s. */
export function checkWait(property: string, value: Duration): Duration {
  return checkSeconds(property, value, 0, 3600, '0-1 hour');
}

/** Allowed instance-count range of a capacity size for a fleet of `n` instances. */
export interface CountRange {
  readonly min: number;
  readonly max: number;
  /** How the bounds are derived, for messages. */
  readonly rule: string;
}

/**
 * The SageMaker limits of one kind of capacity size (sagemaker-limits.md, DeploymentConfig), shared by the
 * pure plan and the constructs so the two can never disagree.
 */
export interface CapacityRule {
  /** Smallest percentage of the fleet. */
  readonly minPercent: number;
  /** Largest percentage of the fleet. */
  readonly maxPercent: number;
  /** The instance-count range for a fleet of `n` instances. */
  countRange(n: number): CountRange;
}

/** Canary size: 1-50 percent, or 1..floor(n/2) instances. */
export const CANARY_SIZE_RULE: CapacityRule = {
  minPercent: 1,
  maxPercent: 50,
  countRange: n => ({ min: 1, max: Math.floor(n / 2), rule: 'at most half of the fleet' }),
};

/** Linear step: 10-50 percent, or ceil(0.1n)..floor(0.5n) instances. */
export const LINEAR_STEP_RULE: CapacityRule = {
  minPercent: 10,
  maxPercent: 50,
  countRange: n => ({ min: Math.max(1, Math.ceil(n * 0.1)), max: Math.floor(n / 2), rule: '10-50 percent of the fleet' }),
};

/** Rolling batch: 5-50 percent, or ceil(0.05n)..floor(0.5n) instances. */
export const ROLLING_BATCH_RULE: CapacityRule = {
  minPercent: 5,
  maxPercent: 50,
  countRange: n => ({ min: Math.max(1, Math.ceil(n * 0.05)), max: Math.floor(n / 2), rule: '5-50 percent of the fleet' }),
};

/**
 * Rolling rollback batch: 5-100 percent, or 1..n instances. SageMaker documents no lower bound for the
 * rollback batch beyond `Value >= 1` (UNCONFIRMED): one instance at a time is the slowest, safest rollback.
 */
export const ROLLBACK_BATCH_RULE: CapacityRule = {
  minPercent: 5,
  maxPercent: 100,
  countRange: n => ({ min: 1, max: n, rule: 'at most the whole fleet' }),
};
