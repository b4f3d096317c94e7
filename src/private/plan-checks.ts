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
