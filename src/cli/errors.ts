/**
 * A problem with the command line or its input (missing folder, not a cloud assembly, unreadable template).
 * Printed as one line, exit code 2, never a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of the command. */
export const EXIT_OK = 0;
/** Findings that should block a rollout (e.g. waits that exceed the timeout). */
export const EXIT_FINDINGS = 1;
/** Usage errors and unreadable input. */
export const EXIT_USAGE = 2;
