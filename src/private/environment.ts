import { IResource, Token } from 'aws-cdk-lib';

/** The account and Region of a resource (either may be a token in an environment-agnostic stack). */
export interface ResourceEnv {
  readonly account: string;
  readonly region: string;
}

/** The environment a resource lives in: its own (imports by ARN carry the ARN's). */
export function envOf(resource: IResource): ResourceEnv {
  return { account: resource.env.account, region: resource.env.region };
}

function differs(a: string, b: string): boolean {
  // tokens (environment-agnostic stacks) cannot be compared at synth
  return !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
}

/** Whether the accounts differ (both literal). */
export function accountDiffers(a: ResourceEnv, b: ResourceEnv): boolean {
  return differs(a.account, b.account);
}

/** Whether the Regions differ (both literal). */
export function regionDiffers(a: ResourceEnv, b: ResourceEnv): boolean {
  return differs(a.region, b.region);
}

/** Whether the account or the Region differ (both literal). */
export function environmentDiffers(a: ResourceEnv, b: ResourceEnv): boolean {
  return accountDiffers(a, b) || regionDiffers(a, b);
}

/** `account 123456789012, Region us-east-1` (tokens shown as "unknown"). */
export function showEnv(env: ResourceEnv): string {
  const show = (v: string) => (Token.isUnresolved(v) ? 'unknown' : v);
  return `account ${show(env.account)}, Region ${show(env.region)}`;
}
