import { createHash } from 'crypto';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The physical names of the per-stack verify-rollout provider (its Lambda function and role). Deterministic and
 * literal, so the deploy role's policy can name them exactly (no wildcards). Shared by the deployment that
 * creates the provider and by `EndpointGrants.deploy`, which grants managing it (the actions are rows of
 * `deploy-permissions.ts`).
 */
export interface VerifyRolloutNames {
  readonly functionName: string;
  readonly roleName: string;
}

/** The prefix of the provider's function and role names. */
export const VERIFY_ROLLOUT_PREFIX = 'cdk-sagemaker-verify-rollout-';

/** The custom resource type of the check (read by the command). */
export const VERIFY_ROLLOUT_TYPE = 'Custom::SageMakerVerifyRollout';

const endpointsWithVerification = new WeakSet<IConstruct>();

/** The provider names for the stack of `scope`. */
export function verifyRolloutNames(scope: IConstruct): VerifyRolloutNames {
  const stack = Stack.of(scope);
  // 10 hex characters of a hash of the stack name (unique in an account and region): short enough for the
  // 64-character function and role name limits, and the same on every synth
  const suffix = createHash('sha256').update(stack.stackName).digest('hex').slice(0, 10);
  return {
    functionName: `${VERIFY_ROLLOUT_PREFIX}${suffix}`,
    roleName: `${VERIFY_ROLLOUT_PREFIX}${suffix}`,
  };
}

/** Records that an endpoint's updates are verified (its stack then has the provider). */
export function markVerified(endpoint: IConstruct): void {
  endpointsWithVerification.add(endpoint);
}

/** Whether an endpoint's updates are verified by the provider. */
export function isVerified(endpoint: IConstruct): boolean {
  return endpointsWithVerification.has(endpoint);
}
