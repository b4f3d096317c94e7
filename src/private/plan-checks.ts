import { Duration, Token } from 'aws-cdk-lib';
import { formatPercent, formatSeconds } from './plan-format';

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

/** The largest provisioning allowance a plan accepts (3 hours). */
export const MAX_ALLOWANCE_SECONDS = 10800;

/** A count a plan needs literal and whole, at least 1 (the same message for every plan input). */
export function plannedCount(property: string, n: number): number {
  if (Token.isUnresolved(n)) {
    throw new Error(`${property} must be known at synth to plan a deployment, got a token`);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`${property} must be a whole number >= 1, got ${n}`);
  }
  return n;
}

/** A Duration a plan needs literal, in seconds. */
export function plannedSeconds(property: string, value: Duration): number {
  const seconds = value.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) {
    throw new Error(`${property} must be known at synth to plan a deployment, got a token`);
  }
  return seconds;
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
  /** What the percentage is of, in messages. @default 'the fleet' */
  readonly whole?: string;
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
 * Rolling rollback batch: 1-100 percent, or 1..n instances. The API documents only the default (100%, the whole
 * old fleet at once) and `Value >= 1` (API_CapacitySize, API_RollingUpdatePolicy): no other lower bound.
 */
export const ROLLBACK_BATCH_RULE: CapacityRule = {
  minPercent: 1,
  maxPercent: 100,
  countRange: n => ({ min: 1, max: n, rule: 'at most the whole fleet' }),
};

/** Which end of an autoscaled range a fleet size is. */
export type FleetEnd = 'only' | 'minimum' | 'maximum';

/**
 * The problem with an instance-count capacity size on a fleet of `n` instances, or undefined when it fits.
 * One message for the construct and the pure plan: it names the variant, the fleet end and a fix.
 */
export function capacityCountProblem(property: string, value: number, n: number, rule: CapacityRule,
  variantName: string | undefined, end: FleetEnd): string | undefined {
  const range = rule.countRange(n);
  const lo = Math.max(1, range.min);
  if (value >= lo && value <= range.max) {
    return undefined;
  }
  const who = variantName === undefined ? 'a fleet' : `variant "${variantName}"`;
  const where = end === 'only' ? `${who} of ${countText(n)}` : `${who} at the autoscaling ${end} of ${countText(n)}`;
  const fix = end === 'only' ? '' : end === 'maximum'
    ? ': use CapacitySize.percent() so the size follows the fleet, or lower maxCapacity'
    : ': use CapacitySize.percent() so the size follows the fleet, or raise minCapacity';
  if (range.max < lo) {
    return `${property} must be a percentage for ${where} (an instance count needs a larger fleet: ${range.rule}), got ${countText(value)}${fix}`;
  }
  return `${property} must be ${lo}-${range.max} instances for ${where} (${range.rule}), got ${countText(value)}${fix}`;
}

/**
 * The problem of a percentage capacity size outside the rule's range, or undefined (tokens are skipped). The one
 * message of the rule for `TrafficRouting`, the deployment constructs and the pure plan.
 */
export function percentProblem(property: string, percent: number, rule: CapacityRule): string | undefined {
  if (Token.isUnresolved(percent) || (percent >= rule.minPercent && percent <= rule.maxPercent)) {
    return undefined;
  }
  return `${property} must be ${rule.minPercent}-${rule.maxPercent} percent of ${rule.whole ?? 'the fleet'}, got ${percent}`;
}

/**
 * The problem of a copy-count size given to an endpoint rollout (canary, linear step, rolling batch), or undefined:
 * copies are the unit of inference-component batches, and an endpoint's DeploymentConfig takes only
 * `INSTANCE_COUNT` or `CAPACITY_PERCENT` (API_CapacitySize:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CapacitySize.html).
 */
export function endpointSizeProblem(property: string, size: { readonly type: string; readonly value: number }): string | undefined {
  if (size.type !== 'COPY_COUNT') {
    return undefined;
  }
  return `${property} must be instances or a percentage for an endpoint rollout, got ${size.value} cop${size.value === 1 ? 'y' : 'ies'}`;
}

/**
 * The problem of an instance-count size given to an inference component's rolling update, or undefined: its
 * batches are `COPY_COUNT` or `CAPACITY_PERCENT` (API_InferenceComponentCapacitySize:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentCapacitySize.html).
 */
export function componentSizeProblem(property: string, size: { readonly type: string; readonly value: number }): string | undefined {
  if (size.type !== 'INSTANCE_COUNT') {
    return undefined;
  }
  return `${property} must be copies or a percentage for an inference component rollout, got ${countText(size.value)}`;
}

/**
 * An inference component's rolling batch: 5-50 percent of the copy count, or ceil(0.05n)..floor(0.5n) copies
 * ("must be between 5% to 50% of the copy count of the inference component", API_InferenceComponentRollingUpdatePolicy:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRollingUpdatePolicy.html; the
 * copy range is derived from it).
 */
export const COMPONENT_BATCH_RULE: CapacityRule = {
  minPercent: 5,
  maxPercent: 50,
  whole: 'the copy count',
  countRange: n => ({ min: Math.max(1, Math.ceil(n * 0.05)), max: Math.floor(n / 2), rule: '5-50 percent of the copy count' }),
};

/**
 * An inference component's rollback batch: 1-100 percent, or 1..n copies. The API documents the default (100
 * percent: all copies at once, "blue/green rollback") and `Value >= 1` (API_InferenceComponentRollingUpdatePolicy,
 * API_InferenceComponentCapacitySize): no other bound.
 */
export const COMPONENT_ROLLBACK_RULE: CapacityRule = {
  minPercent: 1,
  maxPercent: 100,
  whole: 'the copy count',
  countRange: n => ({ min: 1, max: n, rule: 'at most all copies' }),
};

/**
 * The problem with a copy-count batch on a component of `n` copies, or undefined when it fits. A component of
 * 1 copy has no batch of 5-50 percent of its copies: SageMaker's answer is UNCONFIRMED (its docs do not say), so the
 * plan makes it an error that says why and how to avoid it.
 */
export function copyCountProblem(property: string, value: number, n: number, rule: CapacityRule, end: FleetEnd): string | undefined {
  const range = rule.countRange(n);
  const lo = Math.max(1, range.min);
  if (value >= lo && value <= range.max) {
    return undefined;
  }
  const where = end === 'only' ? `a component of ${copiesText(n)}` : `a component at the autoscaling ${end} of ${copiesText(n)}`;
  const fix = end === 'only' ? '' : end === 'maximum'
    ? ': use CapacitySize.percent() so the batch follows the copy count, or lower maxCapacity'
    : ': use CapacitySize.percent() so the batch follows the copy count, or raise minCapacity';
  return `${property} must be ${lo}-${range.max} copies for ${where} (${range.rule}), got ${copiesText(value)}${fix}`;
}

/**
 * A rolling update needs at least 2 copies: a batch is 5-50 percent of the copy count
 * (API_InferenceComponentRollingUpdatePolicy), and no whole number of copies is 5-50 percent of 1 copy. Whether
 * SageMaker rejects a rolling update of a 1-copy component is UNCONFIRMED; the plan refuses it.
 */
export function singleCopyProblem(n: number, end: FleetEnd): string | undefined {
  if (n >= 2) {
    return undefined;
  }
  const where = end === 'only' ? '' : ` at the autoscaling ${end}`;
  return `copyCount must be at least 2 for a rolling update${where}, got ${n}: a batch must be 5-50 percent of the copy count, `
    + 'and no whole number of copies is 5-50 percent of 1 copy; use 2 or more copies, or no deployment config (SageMaker then updates the component blue/green)';
}

/**
 * The default provisioning allowance of one batch of an inference component: its model-download + container
 * health-check timeouts (API_CreateInferenceComponent StartupParameters, 0 when not set), plus the instance
 * start-up the endpoint plans use when the batch may need new instances, never below the endpoint plans' floor
 * of 20 minutes. Assumption: SageMaker does not document how long placing a copy takes.
 */
export function componentAllowanceSeconds(downloadSeconds: number | undefined, healthCheckSeconds: number | undefined,
  mayNeedInstances: boolean): number {
  const startup = (downloadSeconds ?? 0) + (healthCheckSeconds ?? 0) + (mayNeedInstances ? INSTANCE_STARTUP_SECONDS : 0);
  return Math.max(MIN_DEFAULT_ALLOWANCE_SECONDS, startup);
}

/** SageMaker's MaximumExecutionTimeoutInSeconds range, for endpoints and inference components: 600-28800 seconds. */
export const MIN_TIMEOUT_SECONDS = 600;
/** See {@link MIN_TIMEOUT_SECONDS}. */
export const MAX_TIMEOUT_SECONDS = 28800;

/**
 * The instance count a rollout is planned at for a variant whose autoscaling minimum is `minimum`. An asynchronous
 * endpoint may scale to zero, but a rollout that moves traffic runs on at least one instance, so the smallest plan
 * is the one-instance plan. Assumption: SageMaker does not document an update of a variant at zero instances
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html describes scaling to zero only).
 */
export function plannedMinimumInstances(minimum: number): number {
  return Math.max(1, minimum);
}

/**
 * The default maximumExecutionTimeout for a worst case: worst case + margin ({@link timeoutMarginSeconds}),
 * rounded up to the minute, clamped to 600-28800 seconds. One rule for endpoint and component plans.
 */
export function defaultTimeoutSeconds(worstCaseSeconds: number): number {
  const rounded = Math.ceil((worstCaseSeconds + timeoutMarginSeconds(worstCaseSeconds)) / 60) * 60;
  return Math.min(MAX_TIMEOUT_SECONDS, Math.max(MIN_TIMEOUT_SECONDS, rounded));
}

/** A maximumExecutionTimeout, given or computed. */
export interface TimeoutChoice {
  readonly seconds: number;
  readonly isDefault: boolean;
  /** The margin a computed timeout adds (also reported when the timeout is given). */
  readonly margin: number;
}

/**
 * The timeout of a plan: the given one, checked against 600-28800 seconds (and known at synth), else
 * {@link defaultTimeoutSeconds} of the worst case.
 */
export function chooseTimeout(given: Duration | undefined, worstCaseSeconds: number): TimeoutChoice {
  const margin = timeoutMarginSeconds(worstCaseSeconds);
  if (given !== undefined) {
    checkSeconds('maximumExecutionTimeout', given, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, '10 minutes-8 hours');
    const seconds = given.toSeconds({ integral: false });
    if (Token.isUnresolved(seconds)) {
      throw new Error('maximumExecutionTimeout must be known at synth to plan a deployment, got a token');
    }
    return { seconds, isDefault: false, margin };
  }
  return { seconds: defaultTimeoutSeconds(worstCaseSeconds), isDefault: true, margin };
}

function copiesText(n: number): string {
  return `${n} cop${n === 1 ? 'y' : 'ies'}`;
}

/** A variant as far as a capacity size is checked against it. */
export interface CapacityVariant {
  readonly variantName: string;
  readonly serverless: boolean;
  /** The instance count the rollout starts from (the autoscaling minimum when attached). */
  readonly instanceCount?: number;
  /** The autoscaling maximum, when attached. */
  readonly maxInstanceCount?: number;
}

/**
 * The problems of a capacity size: a percentage outside the rule's range, or an instance count that does not
 * fit an instance variant whose count is known, at both ends of an autoscaled range (SageMaker keeps the live
 * count). The one check of the canary size, linear step and rolling batch rules for the constructs.
 */
export function capacityProblems(property: string, size: { readonly type: string; readonly value: number }, rule: CapacityRule,
  variants: readonly CapacityVariant[]): string[] {
  const messages: string[] = [];
  if (Token.isUnresolved(size.value)) {
    return messages;
  }
  const unit = endpointSizeProblem(property, size);
  if (unit) {
    return [unit];
  }
  if (size.type === 'CAPACITY_PERCENT') {
    const problem = percentProblem(property, size.value, rule);
    return problem ? [problem] : [];
  }
  for (const v of variants) {
    const n = v.instanceCount;
    if (v.serverless || n === undefined) {
      continue;
    }
    const max = v.maxInstanceCount !== undefined && v.maxInstanceCount > n ? v.maxInstanceCount : undefined;
    const ends: Array<[number, FleetEnd]> = max === undefined ? [[n, 'only']] : [[n, 'minimum'], [max, 'maximum']];
    for (const [count, end] of ends) {
      const problem = capacityCountProblem(property, size.value, count, rule, v.variantName, end);
      if (problem) {
        messages.push(problem);
      }
    }
  }
  return messages;
}

function countText(n: number): string {
  return `${n} instance${n === 1 ? '' : 's'}`;
}

/**
 * Instances a percentage of a fleet of `n` stands for. SageMaker does not document the rounding
 * (API_CapacitySize only says "a percentage of capacity"): the plan assumes it is rounded down, at least 1
 * (`low`), and also reports rounding up (`high`) so a reader sees the whole range.
 */
export function percentToInstances(percent: number, n: number): { readonly low: number; readonly high: number } {
  const exact = (n * percent) / 100;
  const low = Math.min(n, Math.max(1, Math.floor(exact + 1e-9)));
  const high = Math.min(n, Math.max(1, Math.ceil(exact - 1e-9)));
  return { low, high };
}

/** The default margin of a computed maximumExecutionTimeout over the worst case: 10 percent, at least 10 minutes. */
export function timeoutMarginSeconds(worstCaseSeconds: number): number {
  return Math.max(600, Math.ceil(worstCaseSeconds * 0.1));
}

/**
 * Instance start-up time added to the variants' download and health-check timeouts in the default provisioning
 * allowance. Assumption: SageMaker does not document how long launching an instance takes.
 */
export const INSTANCE_STARTUP_SECONDS = 600;

/** The floor of the default provisioning allowance (the fixed allowance of earlier versions). */
export const MIN_DEFAULT_ALLOWANCE_SECONDS = 1200;

/**
 * The default provisioning allowance for variants with these model-download and health-check timeouts
 * (seconds, 0 when not set): the largest download + health check + instance start-up, never below 20 minutes.
 */
export function defaultAllowanceSeconds(variants: Array<{ readonly downloadSeconds?: number; readonly healthCheckSeconds?: number }>): number {
  let longest = 0;
  for (const v of variants) {
    longest = Math.max(longest, (v.downloadSeconds ?? 0) + (v.healthCheckSeconds ?? 0));
  }
  return Math.max(MIN_DEFAULT_ALLOWANCE_SECONDS, longest + INSTANCE_STARTUP_SECONDS);
}

/** A variant as the guardrail exclusions see it (from the constructs' fleet model or from a template). */
export interface GuardedVariant {
  /** The variant name as written (a token's text, or the template value as JSON, when it is not a literal). */
  readonly variantName: string;
  /** Whether the name is known at synth. */
  readonly literalName: boolean;
  /** Whether the variant is serverless. */
  readonly serverless: boolean;
  /** The instance type name (`ml.inf1.xlarge`), when known. */
  readonly instanceType?: string;
  /** Whether the variant hosts inference components (an instance variant without a model). */
  readonly hostsComponents?: boolean;
  /** Whether the variant is the config's shadow variant (`ShadowProductionVariants`). */
  readonly shadow?: boolean;
}

/** The deployment-guardrails exclusions page (no word on shadow variants). */
export const DG_GUARDRAIL_EXCLUSIONS = 'https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html';

/**
 * The deployment-guardrail exclusions, as errors instead of SageMaker's silent fall-back to an all-at-once update
 * without a bake (docs/failure-modes.md rows 5 and 6; docs/deployments.md cites the pages). `strategy` is the
 * word of the rollout (`all-at-once`, `canary`, `linear`, `rolling`): every rollout needs literal variant names
 * and no component-hosting variant, the guarded ones (all but all-at-once) also need instance-based, non-Inf1
 * variants.
 *
 * Shadow variants: the guardrails pages say nothing of them (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html),
 * and canaries, linear steps and rolling batches are sized on the variant that takes traffic, which a shadow never
 * does. What SageMaker does to the shadow fleet in such an update is UNCONFIRMED, so the safe choice: canary, linear
 * and rolling are refused on a config with a shadow; all at once (what SageMaker does to every update without a
 * DeploymentConfig) is planned with both fleets provisioned anew (peak: twice production plus twice shadow).
 *
 * Component-hosting variants: SageMaker allows a blue/green or rolling `UpdateEndpoint` of such an endpoint, but
 * what it does to the component copies is not documented (assumption, the safe choice:
 * docs/inference-components.md; https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch-enhanced-metrics.html),
 * so a deployment of the endpoint itself is refused; components roll out with their own update policy.
 */
export function exclusionProblems(property: string, strategy: string, variants: readonly GuardedVariant[]): string[] {
  const messages: string[] = [];
  for (const v of variants) {
    if (v.hostsComponents) {
      messages.push(`${property} must not be ${strategy} for the component-hosting variant "${v.variantName}" `
        + '(what a blue/green or rolling update of an endpoint that hosts inference components does to the component copies is not documented; '
        + 'update the components themselves, or replace the endpoint config without a deployment construct), '
        + `got ${strategy}`);
    }
    if (!v.literalName) {
      messages.push(`the endpoint config's variantName must be a literal string for deployment guardrails (${strategy}) `
        + '(SageMaker runs guardrails only when the new config keeps the VariantName of the old one, and a token changes with every deploy), '
        + `got ${v.variantName}`);
    }
  }
  if (strategy === 'all-at-once') {
    return messages;
  }
  for (const v of variants) {
    if (v.shadow) {
      messages.push(`${property} must not be ${strategy} for an endpoint config with the shadow variant "${v.variantName}" `
        + `(SageMaker documents no guarded update of an endpoint with a shadow variant, and what a ${strategy} update does to the shadow fleet is not documented: ${DG_GUARDRAIL_EXCLUSIONS}; `
        + 'use all-at-once traffic routing, which replaces both fleets at once), '
        + `got ${strategy}`);
    }
    if (v.serverless) {
      messages.push(`${property} must not be ${strategy} for the serverless variant "${v.variantName}" `
        + `(SageMaker supports ${strategy} deployments only on instance-based variants; ${strategy === 'rolling' ? 'use a BlueGreenDeployment with' : 'use'} all-at-once traffic routing), got ${strategy}`);
    }
    if (v.instanceType !== undefined && /^ml\.inf1\./.test(v.instanceType)) {
      messages.push(`${property} must not be ${strategy} for variant "${v.variantName}" on ${v.instanceType} `
        + '(SageMaker does not run deployment guardrails on Inf1 instances and silently falls back to all at once), '
        + `got ${strategy}`);
    }
  }
  return messages;
}

/** A finding about a rollout: the constructs warn with `cdk-sagemaker-endpoint:<code>`, `plan` prints it. */
export interface RolloutFinding {
  readonly level: 'error' | 'warning' | 'info';
  /** Stable id (without the `cdk-sagemaker-endpoint:` prefix). */
  readonly code: string;
  readonly message: string;
}

/** One rollback alarm as the checks see it. */
export interface RolloutAlarm {
  readonly name: string;
  /** Evaluation periods x period, when known. */
  readonly windowSeconds?: number;
}

/** The plan facts the rollout checks read (a subset of the plan JSON, so the command can pass it as is). */
export interface RolloutPlanFacts extends PlanTimingJson {
  readonly variants?: ReadonlyArray<{ readonly variantName: string }>;
  readonly roundings?: ReadonlyArray<{
    readonly property: string;
    readonly variantName: string;
    readonly percent: number;
    readonly fleetSize: number;
    readonly instancesRoundedDown: number;
  }>;
  readonly atMaximum?: RolloutPlanFacts | null;
  /** The longest rollout between the ends of an autoscaled range, when longer than at both ends. */
  readonly longestRollout?: { readonly instanceCount: number; readonly totalWaitSeconds: number; readonly worstCaseDurationSeconds: number };
}

/** The timing fields of a plan's JSON (either end), as the rollout checks read them. */
interface PlanTimingJson {
  readonly totalWaitSeconds: number;
  readonly provisioningAllowanceSeconds: number;
  readonly worstCaseDurationSeconds: number;
  readonly maximumExecutionTimeoutSeconds: number;
  readonly isDefaultTimeout: boolean;
  readonly timeoutMarginSeconds?: number;
  readonly slackSeconds: number;
}

/**
 * The timing facts of a plan JSON whose other fields the rollout checks do not read (an inference component's plan:
 * copies, not instances), at both ends of an autoscaled range. One conversion for the construct and the command.
 */
export function timingFacts(plan: PlanTimingJson & { readonly atMaximum?: PlanTimingJson | null }): RolloutPlanFacts {
  const end = (p: PlanTimingJson): RolloutPlanFacts => ({
    totalWaitSeconds: p.totalWaitSeconds,
    provisioningAllowanceSeconds: p.provisioningAllowanceSeconds,
    worstCaseDurationSeconds: p.worstCaseDurationSeconds,
    maximumExecutionTimeoutSeconds: p.maximumExecutionTimeoutSeconds,
    isDefaultTimeout: p.isDefaultTimeout,
    timeoutMarginSeconds: p.timeoutMarginSeconds,
    slackSeconds: p.slackSeconds,
  });
  return { ...end(plan), atMaximum: plan.atMaximum ? end(plan.atMaximum) : null };
}

/** Everything the rollout checks need, from the constructs or from a template. */
export interface RolloutFacts {
  /** Undefined when there is no plan (imported config, unknown fleet). */
  readonly plan?: RolloutPlanFacts;
  /** The bake after each shift or batch. */
  readonly bakeSeconds: number;
  readonly alarms: RolloutAlarm[];
  readonly serverless: boolean;
  /** Whether the endpoint config is not in the app/template (its variants cannot be checked). */
  readonly importedConfig: boolean;
  /** Names of the variants with autoscaling attached. */
  readonly autoscaledVariants: string[];
}

/**
 * The worst case and the waits of the longest rollout of a plan's range: usually at its largest end, but a percentage
 * turns on whole instances, so the smallest end or a size between the ends can take more steps (`longestRollout`).
 */
function longestTiming(plan: RolloutPlanFacts): { worst: number; waits: number } {
  const max = plan.atMaximum ?? plan;
  const longest = plan.longestRollout ?? max.longestRollout;
  const ends = [plan, max, ...(longest ? [longest] : [])];
  return {
    worst: Math.max(...ends.map(e => e.worstCaseDurationSeconds)),
    waits: Math.max(...ends.map(e => e.totalWaitSeconds)),
  };
}

/**
 * The rules of `maximumExecutionTimeout` against the plan (docs/failure-modes.md row 4), at the largest fleet:
 * all waits must fit (an error: every rollout would time out), and a given timeout should cover the worst case
 * with some slack (warnings; a computed default always does, unless clamped: `timeoutMarginClamped`).
 */
export function timeoutFindings(plan: RolloutPlanFacts | undefined): RolloutFinding[] {
  if (!plan) {
    return [];
  }
  const max = plan.atMaximum ?? plan;
  const timeout = max.maximumExecutionTimeoutSeconds;
  const { worst, waits } = longestTiming(plan);
  if (waits >= timeout) {
    return [{
      level: 'error',
      code: 'waitsExceedTimeout',
      message: `maximumExecutionTimeout must be longer than all waits (${formatSeconds(waits)}), got ${formatSeconds(timeout)}: `
        + 'every rollout would time out and roll back',
    }];
  }
  if (plan.isDefaultTimeout) {
    return [];
  }
  if (worst > timeout) {
    return [{
      level: 'warning',
      code: 'worstCaseExceedsTimeout',
      message: `maximumExecutionTimeout ${formatSeconds(timeout)} is shorter than the worst-case rollout (${formatSeconds(worst)} with `
        + `${formatSeconds(max.provisioningAllowanceSeconds)} per provisioning round): a slow provisioning can time out the rollout`,
    }];
  }
  const slack = timeout - worst;
  if (slack < Math.max(300, timeout / 10)) {
    return [{
      level: 'warning',
      code: 'tightSlack',
      message: `only ${formatSeconds(slack)} of slack between the worst-case rollout (${formatSeconds(worst)}) and maximumExecutionTimeout `
        + `(${formatSeconds(timeout)}): a slow provisioning can time out the rollout`,
    }];
  }
  return [];
}

/** Rollouts longer than this with autoscaling attached get the autoscalingSuspended warning. */
export const LONG_ROLLOUT_SECONDS = 3600;

/**
 * The rollout warnings shared by the constructs and the command (one message each, so they never disagree).
 * Sources: docs/deployments.md.
 */
export function rolloutFindings(f: RolloutFacts): RolloutFinding[] {
  const out: RolloutFinding[] = [...timeoutFindings(f.plan)];
  const wait = formatSeconds(f.bakeSeconds);
  if (f.alarms.length === 0) {
    out.push(f.bakeSeconds > 0
      ? {
        level: 'warning',
        code: 'bakeWithoutAlarms',
        message: `the deployment bakes for ${wait} but has no rollback alarms, so the bake only waits: `
          + 'add rollback alarms (addErrorRateAlarm(), addLatencyAlarm() or addAlarm()) or set waitInterval to 0',
      }
      : { level: 'info', code: 'noAlarms', message: 'no rollback alarms: a bad model rolls out to the whole fleet' });
  }
  if (f.serverless && (f.bakeSeconds > 0 || f.alarms.length > 0)) {
    const what = [f.bakeSeconds > 0 ? `the ${wait} bake` : '', f.alarms.length > 0 ? `${f.alarms.length} rollback alarm${f.alarms.length === 1 ? '' : 's'}` : '']
      .filter(x => x).join(' and ');
    out.push({
      level: 'warning',
      code: 'serverlessGuardrails',
      message: `the endpoint is serverless, and SageMaker documents deployment guardrails (bakes, alarm rollback) for instance-based variants only: ${what} may be ignored; remove them or use an instance-based variant`,
    });
  } else if (f.alarms.length > 0 && f.bakeSeconds === 0) {
    out.push({
      level: 'warning',
      code: 'alarmsWithoutBake',
      message: `the deployment has ${f.alarms.length} rollback alarm${f.alarms.length === 1 ? '' : 's'} but no bake (waitInterval 0): SageMaker monitors the alarms during the baking period, so with no bake there is no documented moment they are evaluated; set waitInterval to at least the alarms' evaluation window`,
    });
  }
  if (!f.serverless && f.bakeSeconds > 0) {
    for (const a of f.alarms) {
      if (a.windowSeconds !== undefined && a.windowSeconds > f.bakeSeconds) {
        out.push({
          level: 'warning',
          code: 'bakeShorterThanAlarmWindow',
          message: `the ${wait} bake is shorter than the ${formatSeconds(a.windowSeconds)} evaluation window of rollback alarm ${a.name}: it cannot go into ALARM before the bake ends; set waitInterval to at least ${formatSeconds(a.windowSeconds)} or shorten the alarm's period x evaluationPeriods`,
        });
      }
    }
  }
  if (f.importedConfig) {
    out.push({
      level: 'warning',
      code: 'importedConfigUnchecked',
      message: 'the endpoint config is imported, so its variants are unknown at synth: the guardrail exclusions (serverless, Inf1, variant names) and the fleet-size limits were not checked, and there is no plan; check them by hand or define the config in this app',
    });
  }
  const plan = f.plan;
  if (plan) {
    const max = plan.atMaximum ?? plan;
    const worst = longestTiming(plan).worst;
    if (f.autoscaledVariants.length > 0 && worst > LONG_ROLLOUT_SECONDS) {
      out.push({
        level: 'warning',
        code: 'autoscalingSuspended',
        message: `autoscaling is blocked while the endpoint updates, and this rollout can take up to ${formatSeconds(worst)}: `
          + `${f.autoscaledVariants.map(v => `"${v}"`).join(', ')} cannot scale out until it ends; scale out before deploying, or shorten the rollout`,
      });
    }
    for (const end of plan.atMaximum ? [plan, plan.atMaximum] : [plan]) {
      for (const r of end.roundings ?? []) {
        const share = (r.instancesRoundedDown / r.fleetSize) * 100;
        if (r.property === 'canary size' && share > 2 * r.percent) {
          const of = (end.variants?.length ?? 1) > 1 ? `variant "${r.variantName}" ` : '';
          out.push({
            level: 'warning',
            code: 'canaryLargerThanRequested',
            message: `canary ${r.percent}% of ${of}${r.fleetSize} instance${r.fleetSize === 1 ? '' : 's'} is ${r.instancesRoundedDown} instance${r.instancesRoundedDown === 1 ? '' : 's'}, `
              + `about ${formatPercent(share)} of traffic: the canary turns on whole instances; use a larger fleet or accept the larger canary`,
          });
        }
      }
    }
    if (plan.isDefaultTimeout && plan.timeoutMarginSeconds !== undefined) {
      const slack = max.maximumExecutionTimeoutSeconds - worst;
      if (slack < plan.timeoutMarginSeconds) {
        const clamped = `the default maximumExecutionTimeout is clamped to ${formatSeconds(max.maximumExecutionTimeoutSeconds)} (SageMaker's limit), `;
        out.push({
          level: 'warning',
          code: 'timeoutMarginClamped',
          message: (slack >= 0
            ? `${clamped}leaving ${formatSeconds(slack)} of the ${formatSeconds(plan.timeoutMarginSeconds)} margin over the worst case (${formatSeconds(worst)})`
            : `${clamped}${formatSeconds(-slack)} shorter than the worst case (${formatSeconds(worst)}): a slow provisioning can time out the rollout`)
            + ': shorten the bakes, use larger batches or lower the provisioning allowance',
        });
      }
    }
  }
  return out;
}

/**
 * The finding of an inference component without a rolling update policy: SageMaker updates it blue/green, with a
 * full second set of copies ("traditionally ... supported the blue/green deployment pattern for updating inference
 * components", https://aws.amazon.com/blogs/machine-learning/enhance-deployment-guardrails-with-inference-component-rolling-updates-for-amazon-sagemaker-ai-inference/).
 */
export function componentBlueGreenFinding(copies: string, peak: string): RolloutFinding {
  return {
    level: 'info',
    code: 'componentBlueGreen',
    message: `no rolling update policy: SageMaker updates the component blue/green, with a full second set of ${copies} beside the old ones `
      + `(peak ${peak}, and the instances they need); set DeploymentConfig.RollingUpdatePolicy to update it in batches`,
  };
}

/**
 * The alarms of a component's rolling update watch old and new copies alike: its invocation metrics carry only the
 * `InferenceComponentName` dimension, the same for both (https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html);
 * whether SageMaker scopes their evaluation to the new copies is UNCONFIRMED. That old copies' errors can stop an
 * update and that a bad batch is diluted by the old copies is derived from the shared dimension.
 */
export function componentAlarmScopeFinding(): RolloutFinding {
  return {
    level: 'info',
    code: 'alarmsCannotIsolateNewCopies',
    message: 'the rollback alarms cannot isolate the new copies: old and new copies share the InferenceComponentName dimension, '
      + 'so errors of the old copies can stop a healthy update and a bad batch is diluted by the old copies',
  };
}
