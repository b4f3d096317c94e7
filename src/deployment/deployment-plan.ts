import { Duration, Token } from 'aws-cdk-lib';
import { CapacitySize, CapacitySizeType } from './capacity-size';
import { PlanJson, renderPlanMarkdown, renderPlanText } from './plan-render';
import { TrafficRouting, TrafficRoutingConfig, TrafficRoutingType } from './traffic-routing';
import { CANARY_SIZE_RULE, CapacityRule, checkSeconds, checkWait, LINEAR_STEP_RULE, ROLLBACK_BATCH_RULE, ROLLING_BATCH_RULE } from '../private/plan-checks';
import { formatPercent, formatSeconds, round2 } from '../private/plan-format';

/** Which SageMaker update policy a plan describes. */
export enum DeploymentStrategy {
  /** `BlueGreenUpdatePolicy`: a whole new fleet next to the old one, traffic shifted to it. */
  BLUE_GREEN = 'BLUE_GREEN',
  /** `RollingUpdatePolicy`: the fleet replaced batch by batch. */
  ROLLING = 'ROLLING',
}

/** What happens at a step of a deployment plan. */
export enum DeploymentStepKind {
  /** New instances are provisioned (the duration is the provisioning allowance). */
  PROVISION = 'PROVISION',
  /** Traffic moves to the new fleet, then bakes (the duration is the wait interval). */
  SHIFT_TRAFFIC = 'SHIFT_TRAFFIC',
  /** All traffic is on the new fleet; the old fleet is kept for a fast rollback. */
  TERMINATION_WAIT = 'TERMINATION_WAIT',
  /** Old instances are terminated (instantaneous in the plan). */
  TERMINATE = 'TERMINATE',
}

/** One step of a {@link DeploymentPlan}. */
export interface DeploymentStep {
  /** What happens. */
  readonly kind: DeploymentStepKind;
  /** When the step starts, from the start of the rollout (worst case: provisioning takes its whole allowance). */
  readonly offset: Duration;
  /** How long the step lasts before the next one starts (a bake, a provisioning allowance, a termination wait). */
  readonly duration: Duration;
  /** The share of traffic on the new fleet during the step, in percent (0-100, two decimals). */
  readonly newFleetTrafficPercent: number;
  /** Instances of the old fleet during the step. */
  readonly oldFleetInstances: number;
  /** Instances of the new fleet during the step (including those being provisioned). */
  readonly newFleetInstances: number;
  /** A short human label, e.g. `shift 10% to the new fleet, bake 10m`. */
  readonly label: string;
}

/** Inputs of {@link DeploymentPlan.blueGreen}. */
export interface BlueGreenPlanProps {
  /** How traffic moves to the new fleet. */
  readonly trafficRouting: TrafficRouting;
  /** Instances of the variant's fleet (the new fleet has as many as the old). */
  readonly instanceCount: number;
  /**
   * How long the old fleet is kept after all traffic moved. 0-1 hour.
   *
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;
  /**
   * The SageMaker time limit for the whole rollout. 10 minutes-8 hours.
   *
   * @default - the worst-case duration (all waits plus the provisioning allowance), rounded up to the minute
   * and clamped to 10 minutes-8 hours
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * The time allowed for provisioning one fleet or batch in the worst-case timeline. 0-2 hours.
   *
   * @default DeploymentPlan.DEFAULT_PROVISIONING_ALLOWANCE (20 minutes)
   */
  readonly provisioningAllowance?: Duration;
}

/** Inputs of {@link DeploymentPlan.rolling}. */
export interface RollingPlanProps {
  /** Instances replaced per batch: 5-50 percent, or ceil(5%)-floor(50%) of the fleet in instances. */
  readonly maximumBatchSize: CapacitySize;
  /** The bake after each batch takes traffic. 0-1 hour. */
  readonly waitInterval: Duration;
  /** Instances of the variant's fleet. */
  readonly instanceCount: number;
  /**
   * Instances of the old fleet brought back per batch on rollback: 5-100 percent, or ceil(5%)-all instances.
   *
   * @default - 100 percent: the whole old fleet at once (a rollback then needs twice the fleet)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
  /**
   * The SageMaker time limit for the whole rollout. 10 minutes-8 hours.
   *
   * @default - the worst-case duration (all waits plus one provisioning allowance per batch), rounded up to the
   * minute and clamped to 10 minutes-8 hours
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * The time allowed for provisioning one batch in the worst-case timeline. 0-2 hours.
   *
   * @default DeploymentPlan.DEFAULT_PROVISIONING_ALLOWANCE (20 minutes)
   */
  readonly provisioningAllowance?: Duration;
}

const MIN_TIMEOUT_SECONDS = 600;
const MAX_TIMEOUT_SECONDS = 28800;

/**
 * The timeline of a SageMaker endpoint rollout, computed at synth time (pure: no constructs).
 *
 * Answers "how long can this take, does it fit the timeout, how many instances do I need at peak"
 * before anything is deployed. `BlueGreenDeployment` and `RollingDeployment` expose theirs as `plan`, and the
 * `cdk-sagemaker-endpoint plan` command renders the same object from `cdk.out`.
 *
 * Offsets are worst-case: every provisioning round is assumed to take the whole provisioning allowance.
 *
 * @example
 * const plan = sm.DeploymentPlan.blueGreen({
 *   trafficRouting: sm.TrafficRouting.canary({ size: sm.CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
 *   instanceCount: 4,
 * });
 * console.log(plan.toString());
 */
export class DeploymentPlan {
  /**
   * The default time allowed for provisioning a fleet (blue/green) or a batch (rolling): 20 minutes.
   *
   * SageMaker does not bound instance provisioning; 20 minutes covers typical CPU and GPU instances pulling a
   * multi-gigabyte model. Raise it for very large models or containers with long start-up health checks.
   */
  public static readonly DEFAULT_PROVISIONING_ALLOWANCE = Duration.minutes(20);

  /** A blue/green rollout (all at once, canary or linear) of a fleet of `instanceCount` instances. */
  public static blueGreen(props: BlueGreenPlanProps): DeploymentPlan {
    const n = checkInstanceCount(props.instanceCount);
    const routing = props.trafficRouting.bind();
    const wait = literalSeconds('waitInterval', checkWait('waitInterval', routing.waitInterval));
    const termination = literalSeconds('terminationWait', checkWait('terminationWait', props.terminationWait ?? Duration.seconds(0)));
    const allowance = checkAllowance(props.provisioningAllowance);

    const shares = trafficShares(routing, n);
    const steps: DeploymentStep[] = [];
    let t = 0;
    const push = (kind: DeploymentStepKind, duration: number, traffic: number, oldFleet: number, newFleet: number, label: string) => {
      steps.push(step(kind, t, duration, traffic, oldFleet, newFleet, label));
      t += duration;
    };
    push(DeploymentStepKind.PROVISION, allowance, 0, n, n, `provision the new fleet (${plural(n, 'instance')})`);
    for (const traffic of shares) {
      push(DeploymentStepKind.SHIFT_TRAFFIC, wait, traffic, n, n, `shift ${formatPercent(traffic)} to the new fleet${bakeText(wait)}`);
    }
    if (termination > 0) {
      push(DeploymentStepKind.TERMINATION_WAIT, termination, 100, n, n, `termination wait ${formatSeconds(termination)}`);
    }
    push(DeploymentStepKind.TERMINATE, 0, 100, 0, n, `terminate the old fleet (${plural(n, 'instance')})`);

    return new DeploymentPlan({
      strategy: DeploymentStrategy.BLUE_GREEN,
      instanceCount: n,
      trafficRouting: routing,
      waitInterval: wait,
      terminationWait: termination,
      allowance,
      steps,
      totalWait: shares.length * wait + termination,
      worstCase: t,
      rollbackSeconds: 0,
      peak: 2 * n,
      rollbackPeak: 2 * n,
      timeout: props.maximumExecutionTimeout,
      description: describeBlueGreen(routing, n, wait, termination),
    });
  }

  /** A rolling rollout of a fleet of `instanceCount` instances, `maximumBatchSize` at a time. */
  public static rolling(props: RollingPlanProps): DeploymentPlan {
    const n = checkInstanceCount(props.instanceCount);
    const wait = literalSeconds('waitInterval', checkWait('waitInterval', props.waitInterval));
    const allowance = checkAllowance(props.provisioningAllowance);
    const batch = checkSize('maximumBatchSize', props.maximumBatchSize, n, ROLLING_BATCH_RULE, 'half');
    const rollbackBatch = props.rollbackMaximumBatchSize === undefined ? n
      : checkSize('rollbackMaximumBatchSize', props.rollbackMaximumBatchSize, n, ROLLBACK_BATCH_RULE, 'all');

    const batches = Math.ceil(n / batch);
    const steps: DeploymentStep[] = [];
    let t = 0;
    let moved = 0;
    for (let k = 1; k <= batches; k++) {
      const size = Math.min(batch, n - moved);
      const before = shareOf(moved, n);
      const oldFleet = n - moved;
      steps.push(step(DeploymentStepKind.PROVISION, t, allowance, before, oldFleet, moved + size,
        `provision batch ${k}/${batches} (${plural(size, 'instance')})`));
      t += allowance;
      const after = shareOf(moved + size, n);
      steps.push(step(DeploymentStepKind.SHIFT_TRAFFIC, t, wait, after, oldFleet, moved + size,
        `shift batch ${k}/${batches} (${formatPercent(after)} on new)${bakeText(wait)}`));
      t += wait;
      moved += size;
      steps.push(step(DeploymentStepKind.TERMINATE, t, 0, after, n - moved, moved,
        `terminate ${plural(size, 'old instance')}`));
    }

    return new DeploymentPlan({
      strategy: DeploymentStrategy.ROLLING,
      instanceCount: n,
      waitInterval: wait,
      terminationWait: 0,
      allowance,
      maximumBatchSize: props.maximumBatchSize,
      rollbackMaximumBatchSize: props.rollbackMaximumBatchSize,
      steps,
      totalWait: batches * wait,
      worstCase: t,
      rollbackSeconds: Math.ceil(n / rollbackBatch) * allowance,
      peak: n + batch,
      rollbackPeak: n + rollbackBatch,
      timeout: props.maximumExecutionTimeout,
      description: `rolling, ${plural(batch, 'instance')} per batch (${plural(batches, 'batch', 'batches')}), `
        + `bake ${formatSeconds(wait)}, ${plural(n, 'instance')}, rollback ${rollbackBatch === n ? 'whole fleet at once' : `${plural(rollbackBatch, 'instance')} per batch`}`,
    });
  }

  /** Blue/green or rolling. */
  public readonly strategy: DeploymentStrategy;
  /** Instances of the variant's fleet. */
  public readonly instanceCount: number;
  /**
   * The traffic routing of a blue/green plan.
   *
   * @default - none for rolling plans
   */
  public readonly trafficRouting?: TrafficRoutingConfig;
  /** The bake after each traffic shift or batch. */
  public readonly waitInterval: Duration;
  /** How long the old fleet is kept after all traffic moved (always 0 for rolling plans). */
  public readonly terminationWait: Duration;
  /** The provisioning allowance used for each provisioning round. */
  public readonly provisioningAllowance: Duration;
  /**
   * The rolling batch size.
   *
   * @default - none for blue/green plans
   */
  public readonly maximumBatchSize?: CapacitySize;
  /**
   * The rolling rollback batch size, when given.
   *
   * @default - none (the whole fleet at once) or a blue/green plan
   */
  public readonly rollbackMaximumBatchSize?: CapacitySize;
  /** The ordered steps of the rollout. */
  public readonly steps: DeploymentStep[];
  /** The sum of every bake and the termination wait: time spent waiting on purpose. */
  public readonly totalWait: Duration;
  /** The whole rollout when every provisioning round takes its whole allowance: all waits plus provisioning. */
  public readonly worstCaseDuration: Duration;
  /**
   * The worst-case time to roll back after an alarm at the very end (0 for blue/green: traffic moves back to the
   * old fleet, which is still running; rolling: the old fleet is provisioned again, batch by batch).
   */
  public readonly rollbackDuration: Duration;
  /** The SageMaker time limit, given or computed. */
  public readonly maximumExecutionTimeout: Duration;
  /** Whether {@link maximumExecutionTimeout} was computed from the plan (not given). */
  public readonly isDefaultTimeout: boolean;
  /** The most instances running at once during the rollout (blue/green: twice the fleet; rolling: fleet + batch). */
  public readonly peakInstanceCount: number;
  /** The most instances running at once during a rollback (rolling: fleet + rollback batch). */
  public readonly rollbackPeakInstanceCount: number;
  /** Instance-minutes above the steady fleet, over the worst-case timeline (cost of the rollout). */
  public readonly extraInstanceMinutes: number;
  /** Whether the waits alone reach the timeout (SageMaker rejects or times out such a rollout: an error). */
  public readonly waitsExceedTimeout: boolean;
  /** Whether the worst-case duration exceeds the timeout (the rollout may time out and roll back: a warning). */
  public readonly worstCaseExceedsTimeout: boolean;
  /** One line describing the strategy, e.g. `blue/green canary 10% then the rest, bake 10m, 4 instances`. */
  public readonly description: string;

  private constructor(p: PlanParts) {
    this.strategy = p.strategy;
    this.instanceCount = p.instanceCount;
    this.trafficRouting = p.trafficRouting;
    this.waitInterval = Duration.seconds(p.waitInterval);
    this.terminationWait = Duration.seconds(p.terminationWait);
    this.provisioningAllowance = Duration.seconds(p.allowance);
    this.maximumBatchSize = p.maximumBatchSize;
    this.rollbackMaximumBatchSize = p.rollbackMaximumBatchSize;
    this.steps = p.steps;
    this.totalWait = Duration.seconds(p.totalWait);
    this.worstCaseDuration = Duration.seconds(p.worstCase);
    this.rollbackDuration = Duration.seconds(p.rollbackSeconds);
    this.peakInstanceCount = p.peak;
    this.rollbackPeakInstanceCount = p.rollbackPeak;
    this.description = p.description;

    if (p.timeout !== undefined) {
      checkSeconds('maximumExecutionTimeout', p.timeout, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, '10 minutes-8 hours');
      this.maximumExecutionTimeout = Duration.seconds(literalSeconds('maximumExecutionTimeout', p.timeout));
      this.isDefaultTimeout = false;
    } else {
      const rounded = Math.ceil(p.worstCase / 60) * 60;
      this.maximumExecutionTimeout = Duration.seconds(Math.min(MAX_TIMEOUT_SECONDS, Math.max(MIN_TIMEOUT_SECONDS, rounded)));
      this.isDefaultTimeout = true;
    }
    const timeout = this.maximumExecutionTimeout.toSeconds();
    this.waitsExceedTimeout = p.totalWait >= timeout;
    this.worstCaseExceedsTimeout = p.worstCase > timeout;

    let extra = 0;
    for (const s of p.steps) {
      extra += (s.oldFleetInstances + s.newFleetInstances - p.instanceCount) * s.duration.toSeconds();
    }
    this.extraInstanceMinutes = round2(extra / 60);
  }

  /**
   * The timeout minus the worst-case duration, in seconds (negative when the rollout may time out).
   * @internal
   */
  public get _slackSeconds(): number {
    return this.maximumExecutionTimeout.toSeconds() - this.worstCaseDuration.toSeconds();
  }

  /** The share of traffic on the new fleet at `offset` from the start (percent). */
  public trafficAt(offset: Duration): number {
    const t = offset.toSeconds({ integral: false });
    let current = 0;
    for (const s of this.steps) {
      if (s.offset.toSeconds() <= t) {
        current = s.newFleetTrafficPercent;
      }
    }
    return current;
  }

  /** A compact plain-text timeline (at most 100 columns), readable at a glance. */
  public toString(): string {
    return renderPlanText(this._toJsonObject());
  }

  /** A Markdown rendering for pull-request comments: a step table and a mermaid chart of traffic over time. */
  public toMarkdown(): string {
    return renderPlanMarkdown(this._toJsonObject());
  }

  /** The plan as JSON text (the `plan` object of the documented metadata, see docs/cli.md). */
  public toJson(): string {
    return JSON.stringify(this._toJsonObject(), undefined, 2);
  }

  /** @internal */
  public _toJsonObject(): PlanJson {
    return {
      strategy: this.strategy,
      trafficRouting: this.trafficRouting?.type ?? null,
      description: this.description,
      instanceCount: this.instanceCount,
      steps: this.steps.map(s => ({
        kind: s.kind,
        offsetSeconds: s.offset.toSeconds(),
        durationSeconds: s.duration.toSeconds(),
        newFleetTrafficPercent: s.newFleetTrafficPercent,
        oldFleetInstances: s.oldFleetInstances,
        newFleetInstances: s.newFleetInstances,
        label: s.label,
      })),
      totalWaitSeconds: this.totalWait.toSeconds(),
      worstCaseDurationSeconds: this.worstCaseDuration.toSeconds(),
      rollbackDurationSeconds: this.rollbackDuration.toSeconds(),
      maximumExecutionTimeoutSeconds: this.maximumExecutionTimeout.toSeconds(),
      isDefaultTimeout: this.isDefaultTimeout,
      slackSeconds: this._slackSeconds,
      provisioningAllowanceSeconds: this.provisioningAllowance.toSeconds(),
      peakInstanceCount: this.peakInstanceCount,
      rollbackPeakInstanceCount: this.rollbackPeakInstanceCount,
      extraInstanceMinutes: this.extraInstanceMinutes,
      waitsExceedTimeout: this.waitsExceedTimeout,
      worstCaseExceedsTimeout: this.worstCaseExceedsTimeout,
    };
  }
}

interface PlanParts {
  readonly strategy: DeploymentStrategy;
  readonly instanceCount: number;
  readonly trafficRouting?: TrafficRoutingConfig;
  readonly waitInterval: number;
  readonly terminationWait: number;
  readonly allowance: number;
  readonly maximumBatchSize?: CapacitySize;
  readonly rollbackMaximumBatchSize?: CapacitySize;
  readonly steps: DeploymentStep[];
  readonly totalWait: number;
  readonly worstCase: number;
  readonly rollbackSeconds: number;
  readonly peak: number;
  readonly rollbackPeak: number;
  readonly timeout?: Duration;
  readonly description: string;
}

function step(kind: DeploymentStepKind, offset: number, duration: number, traffic: number,
  oldFleet: number, newFleet: number, label: string): DeploymentStep {
  return {
    kind,
    offset: Duration.seconds(offset),
    duration: Duration.seconds(duration),
    newFleetTrafficPercent: traffic,
    oldFleetInstances: oldFleet,
    newFleetInstances: newFleet,
    label,
  };
}

function shareOf(instances: number, n: number): number {
  return round2(Math.min(100, (instances / n) * 100));
}

/** The traffic share on the new fleet after each shift of a blue/green routing (the last is always 100). */
function trafficShares(routing: TrafficRoutingConfig, n: number): number[] {
  switch (routing.type) {
    case TrafficRoutingType.CANARY: {
      const size = literalSize('canary size', routing.canarySize!);
      if (size.type === CapacitySizeType.INSTANCE_COUNT) {
        checkCount('canary size', size.value, n, CANARY_SIZE_RULE, 'half');
      }
      return [size.toPercent(n), 100];
    }
    case TrafficRoutingType.LINEAR: {
      const size = literalSize('linear step size', routing.linearStepSize!);
      if (size.type === CapacitySizeType.INSTANCE_COUNT) {
        checkCount('linear step size', size.value, n, LINEAR_STEP_RULE, 'half');
      }
      const stepPercent = size.toPercent(n);
      const count = size.type === CapacitySizeType.INSTANCE_COUNT ? Math.ceil(n / size.value) : Math.ceil(100 / stepPercent);
      const shares: number[] = [];
      for (let k = 1; k <= count; k++) {
        // counts: k x s / n from the instance count (not k x a rounded percent: 2 x 33.33 would give 66.66)
        const raw = size.type === CapacitySizeType.INSTANCE_COUNT ? (k * size.value * 100) / n : k * stepPercent;
        shares.push(k === count ? 100 : round2(Math.min(100, raw)));
      }
      return shares;
    }
    default:
      return [100];
  }
}

/** Validates a batch size (percent or count) against a fleet of n and returns it in instances. */
function checkSize(property: string, size: CapacitySize, n: number, rule: CapacityRule, maxWord: string): number {
  literalSize(property, size);
  if (size.type === CapacitySizeType.CAPACITY_PERCENT) {
    if (size.value < rule.minPercent || size.value > rule.maxPercent) {
      throw new Error(`${property} must be ${rule.minPercent}-${rule.maxPercent} percent of the fleet, got ${size.value}`);
    }
    return Math.min(n, size.toInstances(n));
  }
  checkCount(property, size.value, n, rule, maxWord);
  return size.value;
}

/** A token size cannot be planned (its arithmetic would corrupt the token): name the property instead. */
function literalSize(property: string, size: CapacitySize): CapacitySize {
  if (Token.isUnresolved(size.value)) {
    throw new Error(`${property} must be known at synth to plan a deployment, got a token`);
  }
  return size;
}

function checkCount(property: string, value: number, n: number, rule: CapacityRule, maxWord: string): void {
  const { min, max } = rule.countRange(n);
  const lo = Math.max(1, min);
  if (max < lo) {
    throw new Error(`${property} of ${plural(value, 'instance')} needs a larger fleet (at most ${maxWord} of the fleet, at least ${lo}), got a fleet of ${n}`);
  }
  if (value < lo || value > max) {
    throw new Error(`${property} must be ${lo}-${max} instances (at most ${maxWord} of the fleet of ${n}), got ${value}`);
  }
}

function checkInstanceCount(n: number): number {
  if (Token.isUnresolved(n)) {
    throw new Error('instanceCount must be known at synth to plan a deployment, got a token');
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`instanceCount must be a whole number >= 1, got ${n}`);
  }
  return n;
}

function checkAllowance(value: Duration | undefined): number {
  const allowance = value ?? DeploymentPlan.DEFAULT_PROVISIONING_ALLOWANCE;
  checkSeconds('provisioningAllowance', allowance, 0, 7200, '0-2 hours');
  return literalSeconds('provisioningAllowance', allowance);
}

function literalSeconds(property: string, value: Duration): number {
  const seconds = value.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) {
    throw new Error(`${property} must be known at synth to plan a deployment, got a token`);
  }
  return seconds;
}

function bakeText(wait: number): string {
  return wait > 0 ? `, bake ${formatSeconds(wait)}` : '';
}

function plural(n: number, word: string, words?: string): string {
  return `${n} ${n === 1 ? word : words ?? `${word}s`}`;
}

function describeBlueGreen(routing: TrafficRoutingConfig, n: number, wait: number, termination: number): string {
  let head: string;
  switch (routing.type) {
    case TrafficRoutingType.CANARY:
      head = `blue/green canary ${routing.canarySize!.toString()} then the rest`;
      break;
    case TrafficRoutingType.LINEAR:
      head = `blue/green linear, ${routing.linearStepSize!.toString()} per step`;
      break;
    default:
      head = 'blue/green all at once';
  }
  const parts = [head, wait > 0 ? `bake ${formatSeconds(wait)}` : 'no bake'];
  if (termination > 0) {
    parts.push(`termination wait ${formatSeconds(termination)}`);
  }
  parts.push(plural(n, 'instance'));
  return parts.join(', ');
}
