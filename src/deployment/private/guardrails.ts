import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Fleet } from '../../endpoint/private/fleet';
import { exclusionProblems } from '../../private/plan-checks';
import { fail } from '../../private/validation';
import { DeploymentStrategy, strategyLabel } from '../deployment-strategy';

/** The guardrail exclusions (plan-checks `exclusionProblems`, shared with the command) for the constructs' fleet. */
export function checkExclusions(property: string, fleet: Fleet, strategy: DeploymentStrategy): string[] {
  return exclusionProblems(property, strategyLabel(strategy), fleet.variants.map(v => ({
    variantName: v.variantName,
    literalName: !Token.isUnresolved(v.variantName),
    serverless: v.serverless,
    instanceType: v.instanceType && !Token.isUnresolved(v.instanceType.toString()) ? v.instanceType.toString() : undefined,
    hostsComponents: v.hostsComponents,
    shadow: v.shadow,
  })));
}

/** Throws the first problem with the construct path (for values wrong in themselves, at construction). */
export function throwFirst(scope: IConstruct, messages: string[]): void {
  if (messages.length > 0) {
    fail(scope, messages[0]);
  }
}
