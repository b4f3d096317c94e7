import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Fleet } from '../../endpoint/private/fleet';
import { fail, show } from '../../private/validation';

/** The rollout kinds the exclusion rules distinguish. */
export type GuardedStrategy = 'all-at-once' | 'canary' | 'linear' | 'rolling';

/**
 * The deployment-guardrails exclusions, as synth errors instead of SageMaker's silent fall-back to an
 * all-at-once update without a bake (docs/failure-modes.md rows 5 and 6).
 */
export function checkExclusions(property: string, fleet: Fleet, strategy: GuardedStrategy): string[] {
  const messages: string[] = [];
  for (const v of fleet.variants) {
    if (Token.isUnresolved(v.variantName)) {
      messages.push(`the endpoint config's variantName must be a literal string for deployment guardrails (${strategy}) `
        + '(SageMaker runs guardrails only when the new config keeps the VariantName of the old one, and a token changes with every deploy), '
        + `got ${v.variantName}`);
    }
  }
  if (strategy === 'all-at-once') {
    return messages;
  }
  for (const v of fleet.variants) {
    if (v.serverless) {
      messages.push(`${property} must not be ${strategy} for the serverless variant ${show(v.variantName)} `
        + `(SageMaker supports ${strategy} deployments only on instance-based variants; ${strategy === 'rolling' ? 'use a BlueGreenDeployment with' : 'use'} all-at-once traffic routing), got ${strategy}`);
    }
    if (v.instanceType && v.instanceType.isInf1()) {
      messages.push(`${property} must not be ${strategy} for variant ${show(v.variantName)} on ${v.instanceType.toString()} `
        + '(SageMaker does not run deployment guardrails on Inf1 instances and silently falls back to all at once), '
        + `got ${strategy}`);
    }
  }
  return messages;
}

/** Throws the first problem with the construct path (for values wrong in themselves, at construction). */
export function throwFirst(scope: IConstruct, messages: string[]): void {
  if (messages.length > 0) {
    fail(scope, messages[0]);
  }
}
