import { Duration, Token } from 'aws-cdk-lib';
import { CapacitySize, CapacitySizeType } from './capacity-size';
import { DeploymentStrategy, strategyLabel } from './deployment-strategy';
import { PlanJson, PlanStepJson, renderPlanMarkdown, renderPlanText } from './plan-render';
import { TrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import {
  CANARY_SIZE_RULE, CapacityRule, capacityCountProblem, checkSeconds, checkWait, chooseTimeout, endpointSizeProblem, FleetEnd, LINEAR_STEP_RULE,
  MAX_ALLOWANCE_SECONDS, MIN_DEFAULT_ALLOWANCE_SECONDS, percentProblem, percentToInstances, plannedCount, plannedSeconds, ROLLBACK_BATCH_RULE,
  ROLLING_BATCH_RULE, TimeoutChoice,
} from '../private/plan-checks';
import { formatSeconds, round2 } from '../private/plan-format';

/** What happens at a step of a deployment plan. */
export enum DeploymentStepKind {
  /** New instances are provisioned (the duration is the provisioning allowance). */
  PROVISION = 'PROVISION',
  /** Traffic moves to the new fleet, then bakes (the duration is the wait interval). */
  SHIFT_TRAFFIC = 'SHIFT_TRAFFIC',
  /** All traffic is on the new fleet; the old fleet is kept until the termination wait ends. */
  TERMINATION_WAIT = 'TERMINATION_WAIT',
  /** Old instances are terminated (instantaneous in the plan). */
  TERMINATE = 'TERMINATE',
}

/** One production variant of the fleet a plan is built for. */
export interface PlanVariant {
  /** The variant name. */
  readonly variantName: string;
  /** Instances of the variant (the autoscaling minimum when autoscaling is attached). */
  readonly instanceCount: number;
  /**
   * The autoscaling maximum: SageMaker keeps the live instance count (RetainAllVariantProperties), anywhere
   * between `instanceCount` and this.
   *
   * @default - instanceCount (not autoscaled)
   */
  readonly maxInstanceCount?: number;
  /**
   * The variant's traffic weight, used to combine the variants' traffic shares into the endpoint's.
   *
   * @default 1
   */
  readonly weight?: number;
}

/** One variant at one step of a {@link DeploymentPlan}. */
export interface DeploymentVariantStep {
  /** The variant name. */
  readonly variantName: string;
  /** Instances of the variant's old fleet that are running. */
  readonly oldFleetInstances: number;
  /** Instances of the variant's new fleet that are running (including those being provisioned). */
  readonly newFleetInstances: number;
  /** Instances of the variant's old fleet that take traffic. */
  readonly oldFleetInstancesOn: number;
  /** Instances of the variant's new fleet that take traffic. */
  readonly newFleetInstancesOn: number;
  /** The variant's traffic on its new fleet, in percent: new instances on / all instances on (two decimals). */
  readonly newFleetTrafficPercent: number;
}

/** One step of a {@link DeploymentPlan}. */
export interface DeploymentStep {
  /** What happens. */
  readonly kind: DeploymentStepKind;
  /** When the step starts, from the start of the rollout (worst case: provisioning takes its whole allowance). */
  readonly offset: Duration;
  /** How long the step lasts before the next one starts (a bake, a provisioning allowance, a termination wait). */
  readonly duration: Duration;
  /**
   * The share of traffic on the new fleet during the step, in percent (0-100, two decimals): the result of the
   * instances turned on, combined over the variants by their weights.
   */
  readonly newFleetTrafficPercent: number;
  /** Instances of the old fleet running during the step. */
  readonly oldFleetInstances: number;
  /** Instances of the new fleet running during the step (including those being provisioned). */
  readonly newFleetInstances: number;
  /** Instances of the old fleet that take traffic during the step. */
  readonly oldFleetInstancesOn: number;
  /** Instances of the new fleet that take traffic during the step. */
  readonly newFleetInstancesOn: number;
  /** The same step per production variant (capacity sizes apply per variant). */
  readonly variants: DeploymentVariantStep[];
  /** A short human label, e.g. `turn on 1 of 4 new instances (25% of traffic), bake 10m`. */
  readonly label: string;
}

/** How a percentage capacity size became whole instances (SageMaker does not document the rounding). */
export interface CapacityRounding {
  /** `canary size`, `linear step size`, `maximumBatchSize` or `rollbackMaximumBatchSize`. */
  readonly property: string;
  /** The variant. */
  readonly variantName: string;
  /** The percentage given. */
  readonly percent: number;
  /** The variant's fleet size it applies to. */
  readonly fleetSize: number;
  /** Instances when the percentage is rounded down (at least 1): what the timeline uses. */
  readonly instancesRoundedDown: number;
  /** Instances when the percentage is rounded up. */
  readonly instancesRoundedUp: number;
}

/**
 * The longest rollout between the ends of an autoscaled range, when it is longer than at both ends. A percentage
 * turns on whole instances, so a fleet between the ends can take more linear steps or rolling batches than either
 * end: linear 10 percent takes 19 steps on 19 instances and 10 on 20.
 */
export interface LongestRollout {
  /** Instances of the fleet whose rollout takes longest (sum over the variants). */
  readonly instanceCount: number;
  /** Its bakes and termination wait, in seconds. */
  readonly totalWaitSeconds: number;
  /** Its worst-case duration, in seconds: the default timeout covers it, and a given timeout is checked against it. */
  readonly worstCaseDurationSeconds: number;
}

/** Inputs every plan takes. */
export interface PlanFleetProps {
  /**
   * Instances of the fleet (the autoscaling minimum when autoscaled), for a single-variant fleet.
   *
   * @default - the variants' counts; one of `instanceCount` and `variants` must be given
   */
  readonly instanceCount?: number;
  /**
   * The autoscaling maximum of a single-variant fleet: the plan is then computed at both ends.
   *
   * @default - instanceCount (not autoscaled)
   */
  readonly maxInstanceCount?: number;
  /**
   * The production variants, each planned on its own (SageMaker sizes canaries, steps and batches per variant).
   *
   * @default - one variant named `variant` of `instanceCount` instances
   */
  readonly variants?: PlanVariant[];
  /**
   * Whether the fleet is serverless (no instances: the plan talks about capacity, not instances).
   *
   * @default false
   */
  readonly serverless?: boolean;
  /**
   * Instances of the endpoint's shadow variant (`ShadowProductionVariants`; its autoscaling maximum when
   * autoscaled). A shadow takes no traffic share: it is left out of canaries, steps and batches, and only an
   * all-at-once blue/green plan takes it, with the shadow fleet provisioned anew beside the old one like the
   * production fleet (what SageMaker does to a shadow fleet in an update is not documented: the plan assumes the
   * larger cost). Canary, linear and rolling plans refuse a shadow (see docs/deployments.md).
   *
   * @default - no shadow variant
   */
  readonly shadowInstanceCount?: number;
  /**
   * The SageMaker time limit for the whole rollout. 10 minutes-8 hours.
   *
   * @default - the worst-case duration at the largest fleet plus a margin of 10 percent (at least 10 minutes),
   * rounded up to the minute and clamped to 10 minutes-8 hours
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * The time allowed for provisioning one fleet or batch in the worst-case timeline. 0-3 hours.
   *
   * @default DeploymentPlan.DEFAULT_PROVISIONING_ALLOWANCE (20 minutes); the deployment constructs derive a
   * larger default from the variants' download and health-check timeouts
   */
  readonly provisioningAllowance?: Duration;
}

/** Inputs of {@link DeploymentPlan.blueGreen}. */
export interface BlueGreenPlanProps extends PlanFleetProps {
  /** How traffic moves to the new fleet. */
  readonly trafficRouting: TrafficRouting;
  /**
   * How long the old fleet is kept after all traffic moved. 0-1 hour.
   *
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;
}

/** Inputs of {@link DeploymentPlan.rolling}. */
export interface RollingPlanProps extends PlanFleetProps {
  /** Instances replaced per batch: 5-50 percent, or ceil(5%)-floor(50%) of the fleet in instances. */
  readonly maximumBatchSize: CapacitySize;
  /** The bake after each batch takes traffic. 0-1 hour. */
  readonly waitInterval: Duration;
  /**
   * Instances of the old fleet brought back per batch on rollback: 1-100 percent, or 1 instance up to all.
   *
   * @default - 100 percent: the whole old fleet at once (a rollback then needs twice the fleet)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
}

/**
 * The timeline of a SageMaker endpoint rollout, computed at synth time (pure: no constructs).
 *
 * Answers "how long can this take, does it fit the timeout, how many instances do I need at peak"
 * before anything is deployed. `BlueGreenDeployment` and `RollingDeployment` expose theirs as `plan`, and the
 * `cdk-sagemaker-endpoint plan` command renders the same object from `cdk.out`.
 *
 * Capacity sizes are batches of instances turned on, per variant; the traffic share of a step is the result.
 * Offsets are worst-case: every provisioning round is assumed to take the whole provisioning allowance.
 * An autoscaled fleet is planned at both ends of its range: this object is the plan at the minimum, and
 * `atMaximum` the plan at the maximum (the same object when the fleet is not autoscaled).
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
   * The smallest default time allowed for provisioning a fleet (blue/green) or a batch (rolling): 20 minutes.
   *
   * SageMaker does not document how long provisioning takes (assumption). The deployment constructs raise the
   * default to the variants' largest `modelDataDownloadTimeout` + `containerStartupHealthCheckTimeout` plus
   * 10 minutes of instance start-up when that is longer.
   */
  public static readonly DEFAULT_PROVISIONING_ALLOWANCE = Duration.seconds(MIN_DEFAULT_ALLOWANCE_SECONDS);

  /** A blue/green rollout (all at once, canary or linear), planned per variant. */
  public static blueGreen(props: BlueGreenPlanProps): DeploymentPlan {
    const routing = props.trafficRouting.bind();
    const wait = plannedSeconds('waitInterval', checkWait('waitInterval', routing.waitInterval));
    const termination = plannedSeconds('terminationWait', checkWait('terminationWait', props.terminationWait ?? Duration.seconds(0)));
    const serverless = props.serverless === true;
    return DeploymentPlan.build(props, (fleet, end, allowance) => blueGreenEnd(routing, fleet, end, wait, termination, serverless, allowance), {
      strategy: routing.type,
      trafficRouting: routing,
      waitInterval: wait,
      terminationWait: termination,
    });
  }

  /** A rolling rollout of a single-variant fleet, `maximumBatchSize` at a time. */
  public static rolling(props: RollingPlanProps): DeploymentPlan {
    const wait = plannedSeconds('waitInterval', checkWait('waitInterval', props.waitInterval));
    literalSize('maximumBatchSize', props.maximumBatchSize);
    if (props.rollbackMaximumBatchSize) {
      literalSize('rollbackMaximumBatchSize', props.rollbackMaximumBatchSize);
    }
    return DeploymentPlan.build(props, (fleet, end, allowance) => rollingEnd(props, fleet, end, wait, allowance), {
      strategy: DeploymentStrategy.ROLLING,
      waitInterval: wait,
      terminationWait: 0,
      maximumBatchSize: props.maximumBatchSize,
      rollbackMaximumBatchSize: props.rollbackMaximumBatchSize,
    });
  }

  private static build(props: PlanFleetProps, plan: (fleet: EndFleet, end: FleetEnd, allowance: number) => EndParts, common: Common): DeploymentPlan {
    const variants = fleetVariants(props);
    const serverless = props.serverless === true;
    const shadow = props.shadowInstanceCount === undefined ? 0 : plannedCount('shadowInstanceCount', props.shadowInstanceCount);
    if (shadow > 0) {
      const problem = shadowPlanProblem(common.strategy, serverless);
      if (problem) {
        throw new Error(problem);
      }
    }
    const allowance = checkAllowance(props.provisioningAllowance);
    const isRange = !serverless && variants.some(v => (v.maxInstanceCount ?? v.instanceCount) > v.instanceCount);
    const partsAt = (which: 'min' | 'max', end: FleetEnd): PlanParts => {
      const fleet = fleetAt(variants, which, serverless);
      const parts = plan(fleet, end, allowance);
      return {
        ...common,
        ...parts,
        ...withShadow(parts, shadow),
        shadowInstanceCount: shadow,
        allowance,
        serverless,
        instanceCount: fleet.total,
        variants: fleet.variants.map(v => ({ variantName: v.variantName, instanceCount: v.n, weight: v.weight })),
      };
    };
    const maxParts = partsAt('max', isRange ? 'maximum' : 'only');
    if (!isRange) {
      return new DeploymentPlan(maxParts, 'only', chooseTimeout(props.maximumExecutionTimeout, maxParts.worstCase));
    }
    const minParts = partsAt('min', 'minimum');
    const longest = longestInRange(variants, minParts, maxParts, fleet => plan(fleet, 'maximum', allowance));
    // the longest rollout of the range: at an end, or between them (percentage steps, see longestInRange)
    const longestSeconds = Math.max(minParts.worstCase, maxParts.worstCase, longest?.worstCaseDurationSeconds ?? 0);
    const timeout = chooseTimeout(props.maximumExecutionTimeout, longestSeconds);
    const minPlan = new DeploymentPlan(minParts, 'minimum', timeout, undefined, longest);
    const maxPlan = new DeploymentPlan(maxParts, 'maximum', timeout, minPlan, longest);
    minPlan.other = maxPlan;
    return minPlan;
  }

  /** The kind of rollout: `ALL_AT_ONCE`, `CANARY` or `LINEAR` for a blue/green plan, `ROLLING` for a rolling plan. */
  public readonly strategy: DeploymentStrategy;
  /** Instances of the fleet at this end of the range (sum over the variants; 0 for serverless). */
  public readonly instanceCount: number;
  /** The production variants at this end of the range. */
  public readonly variants: PlanVariant[];
  /**
   * Instances of the shadow fleet, provisioned anew beside the old one (0 without a shadow variant). Counted in
   * `peakInstanceCount`, `rollbackPeakInstanceCount` and `extraInstanceMinutes`; never in `instanceCount` or the
   * steps' instance counts (those are the production fleet that takes traffic).
   */
  public readonly shadowInstanceCount: number;
  /** Whether the fleet is serverless (the plan then has no instance counts). */
  public readonly serverless: boolean;
  /** Whether the fleet is autoscaled with a maximum above its minimum (then `atMaximum` differs). */
  public readonly isRange: boolean;
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
  /** How percentage sizes became whole instances at this end (empty when every size is an instance count). */
  public readonly roundings: CapacityRounding[];
  /** The sum of every bake and the termination wait: time spent waiting on purpose. */
  public readonly totalWait: Duration;
  /** The whole rollout when every provisioning round takes its whole allowance: all waits plus provisioning. */
  public readonly worstCaseDuration: Duration;
  /**
   * The worst-case time to roll back after an alarm at the very end (0 for blue/green: traffic moves back to the
   * old fleet, which is still running; rolling: the old fleet is provisioned again, batch by batch).
   */
  public readonly rollbackDuration: Duration;
  /** The SageMaker time limit, given or computed (the same at both ends of a range). */
  public readonly maximumExecutionTimeout: Duration;
  /** Whether {@link maximumExecutionTimeout} was computed from the plan (not given). */
  public readonly isDefaultTimeout: boolean;
  /**
   * The margin a computed timeout adds over the worst case at the largest fleet: 10 percent, at least 10 minutes
   * (the clamp to 8 hours can remove part of it).
   */
  public readonly timeoutMargin: Duration;
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
  /**
   * The longest rollout between the ends of the autoscaling range, when it is longer than at both ends (the same at
   * both ends of the range). The default timeout covers it, and the timeout rules check it.
   *
   * @default - none: the longest rollout is at an end of the range, or the fleet is not autoscaled
   */
  public readonly longestRollout?: LongestRollout;

  private readonly end: FleetEnd;
  private other?: DeploymentPlan;

  private constructor(p: PlanParts, end: FleetEnd, timeout: TimeoutChoice, other?: DeploymentPlan, longest?: LongestRollout) {
    this.strategy = p.strategy;
    this.longestRollout = longest;
    this.end = end;
    this.instanceCount = p.instanceCount;
    this.variants = p.variants;
    this.shadowInstanceCount = p.shadowInstanceCount;
    this.serverless = p.serverless;
    this.isRange = end !== 'only';
    this.trafficRouting = p.trafficRouting;
    this.waitInterval = Duration.seconds(p.waitInterval);
    this.terminationWait = Duration.seconds(p.terminationWait);
    this.provisioningAllowance = Duration.seconds(p.allowance);
    this.maximumBatchSize = p.maximumBatchSize;
    this.rollbackMaximumBatchSize = p.rollbackMaximumBatchSize;
    this.steps = p.steps;
    this.roundings = p.roundings;
    this.totalWait = Duration.seconds(p.totalWait);
    this.worstCaseDuration = Duration.seconds(p.worstCase);
    this.rollbackDuration = Duration.seconds(p.rollbackSeconds);
    this.peakInstanceCount = p.peak;
    this.rollbackPeakInstanceCount = p.rollbackPeak;
    this.description = p.description;
    this.maximumExecutionTimeout = Duration.seconds(timeout.seconds);
    this.isDefaultTimeout = timeout.isDefault;
    this.timeoutMargin = Duration.seconds(timeout.margin);
    this.waitsExceedTimeout = p.totalWait >= timeout.seconds;
    this.worstCaseExceedsTimeout = p.worstCase > timeout.seconds;
    this.other = other;

    let extra = 0;
    for (const s of p.steps) {
      extra += (s.oldFleetInstances + s.newFleetInstances - p.instanceCount) * s.duration.toSeconds();
    }
    // the second shadow fleet runs from its provisioning to the end (the old one is terminated with the old fleet)
    extra += p.shadowInstanceCount * p.worstCase;
    this.extraInstanceMinutes = round2(extra / 60);
  }

  /** The plan at the autoscaling minimum (this plan). */
  public get atMinimum(): DeploymentPlan {
    return this.end === 'maximum' && this.other ? this.other : this;
  }

  /** The plan at the autoscaling maximum (this plan when the fleet is not autoscaled). */
  public get atMaximum(): DeploymentPlan {
    return this.end === 'minimum' && this.other ? this.other : this;
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

  /** A compact plain-text timeline (at most 100 columns), readable at a glance; both ends of a range. */
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
    const max = this.end === 'minimum' && this.other ? this.other : undefined;
    return {
      ...this.endJson(),
      atMaximum: max ? max.endJson() : null,
    };
  }

  private endJson(): PlanJson {
    return {
      // the JSON names the CloudFormation update policy; trafficRouting.type names the blue/green kind
      strategy: this.strategy === DeploymentStrategy.ROLLING ? 'ROLLING' : 'BLUE_GREEN',
      trafficRouting: this.trafficRouting?.type ?? null,
      description: this.description,
      fleetEnd: this.end,
      serverless: this.serverless,
      instanceCount: this.instanceCount,
      variants: this.variants.map(v => ({ variantName: v.variantName, instanceCount: v.instanceCount, weight: v.weight ?? 1 })),
      shadowInstanceCount: this.shadowInstanceCount,
      steps: this.steps.map((s): PlanStepJson => ({
        kind: s.kind,
        offsetSeconds: s.offset.toSeconds(),
        durationSeconds: s.duration.toSeconds(),
        newFleetTrafficPercent: s.newFleetTrafficPercent,
        oldFleetInstances: s.oldFleetInstances,
        newFleetInstances: s.newFleetInstances,
        oldFleetInstancesOn: s.oldFleetInstancesOn,
        newFleetInstancesOn: s.newFleetInstancesOn,
        label: s.label,
      })),
      roundings: this.roundings.map(r => ({ ...r })),
      totalWaitSeconds: this.totalWait.toSeconds(),
      worstCaseDurationSeconds: this.worstCaseDuration.toSeconds(),
      rollbackDurationSeconds: this.rollbackDuration.toSeconds(),
      maximumExecutionTimeoutSeconds: this.maximumExecutionTimeout.toSeconds(),
      isDefaultTimeout: this.isDefaultTimeout,
      timeoutMarginSeconds: this.timeoutMargin.toSeconds(),
      slackSeconds: this._slackSeconds,
      provisioningAllowanceSeconds: this.provisioningAllowance.toSeconds(),
      peakInstanceCount: this.peakInstanceCount,
      rollbackPeakInstanceCount: this.rollbackPeakInstanceCount,
      extraInstanceMinutes: this.extraInstanceMinutes,
      waitsExceedTimeout: this.waitsExceedTimeout,
      worstCaseExceedsTimeout: this.worstCaseExceedsTimeout,
      ...(this.longestRollout ? { longestRollout: { ...this.longestRollout } } : {}),
    };
  }
}

interface PlanParts {
  readonly strategy: DeploymentStrategy;
  readonly instanceCount: number;
  readonly shadowInstanceCount: number;
  readonly variants: PlanVariant[];
  readonly serverless: boolean;
  readonly trafficRouting?: TrafficRoutingConfig;
  readonly waitInterval: number;
  readonly terminationWait: number;
  readonly allowance: number;
  readonly maximumBatchSize?: CapacitySize;
  readonly rollbackMaximumBatchSize?: CapacitySize;
  readonly steps: DeploymentStep[];
  readonly roundings: CapacityRounding[];
  readonly totalWait: number;
  readonly worstCase: number;
  readonly rollbackSeconds: number;
  readonly peak: number;
  readonly rollbackPeak: number;
  readonly description: string;
}

type Common = Pick<PlanParts, 'strategy' | 'trafficRouting' | 'waitInterval' | 'terminationWait' | 'maximumBatchSize' | 'rollbackMaximumBatchSize'>;
type EndParts = Omit<PlanParts, keyof Common | 'instanceCount' | 'shadowInstanceCount' | 'variants' | 'serverless' | 'allowance'>;

/**
 * Why a plan cannot take a shadow fleet, or undefined: only an all-at-once blue/green update replaces both fleets at
 * once; canary, linear and rolling are refused (plan-checks `exclusionProblems` gives the constructs' and the
 * command's message, this one is the pure plan's).
 */
function shadowPlanProblem(strategy: DeploymentStrategy, serverless: boolean): string | undefined {
  if (serverless) {
    return 'shadowInstanceCount must not be given for a serverless fleet (SageMaker rejects shadow variants on serverless endpoints), got a shadow';
  }
  if (strategy === DeploymentStrategy.ALL_AT_ONCE) {
    return undefined;
  }
  return `shadowInstanceCount must not be given for a ${strategyLabel(strategy)} plan (what a ${strategyLabel(strategy)} update does to the shadow fleet is not documented; `
    + 'plan an all-at-once update, which replaces both fleets), got a shadow';
}

/** The peaks of an all-at-once plan with the shadow fleet provisioned anew beside the old one, and the description. */
function withShadow(parts: EndParts, shadow: number): Partial<EndParts> {
  if (shadow === 0) {
    return {};
  }
  const fleets = (s: DeploymentStep) => s.kind === DeploymentStepKind.PROVISION || s.kind === DeploymentStepKind.TERMINATE;
  return {
    peak: parts.peak + 2 * shadow,
    rollbackPeak: parts.rollbackPeak + 2 * shadow,
    steps: parts.steps.map(s => (fleets(s) ? { ...s, label: s.label.replace(/\((\d+) instances?\)$/, `($1 + ${shadow} shadow)`) } : s)),
    description: `${parts.description} + ${plural(shadow, 'shadow instance')}`,
  };
}

/** The fleet of one end: literal, positive counts. */
interface EndFleet {
  readonly variants: Array<PlanVariant & { readonly n: number; readonly w: number }>;
  readonly total: number;
}

function fleetAt(variants: PlanVariant[], which: 'min' | 'max', serverless: boolean): EndFleet {
  const vs = variants.map(v => {
    const n = which === 'min' ? v.instanceCount : (v.maxInstanceCount ?? v.instanceCount);
    return { ...v, instanceCount: n, maxInstanceCount: undefined, n, w: v.weight ?? 1 };
  });
  return { variants: vs, total: serverless ? 0 : vs.reduce((total, v) => total + v.n, 0) };
}

/** Scanned fleet sizes per variant at most: far above any variant's instance quota. */
const MAX_SCANNED_SIZES = 5000;

/**
 * The longest rollout between the ends of an autoscaled range, when it is longer than both ends. A percentage turns
 * on whole instances (rounded down), so the number of linear steps or rolling batches does not grow with the fleet:
 * linear 10 percent takes 19 steps on 19 instances and 10 on 20. Each variant is planned at every size of its range
 * with the others at their maximum (the step count is the largest of the variants'), and only worst cases are kept.
 */
function longestInRange(variants: PlanVariant[], minParts: EndParts, maxParts: EndParts,
  plan: (fleet: EndFleet) => EndParts): LongestRollout | undefined {
  let longest: { parts: EndParts; total: number } | undefined;
  const atMax = fleetAt(variants, 'max', false);
  variants.forEach((v, i) => {
    const max = v.maxInstanceCount ?? v.instanceCount;
    for (let n = v.instanceCount + 1; n < max && n <= v.instanceCount + MAX_SCANNED_SIZES; n++) {
      const vs = atMax.variants.map((x, k) => (k === i ? { ...x, instanceCount: n, n } : x));
      const fleet: EndFleet = { variants: vs, total: vs.reduce((total, x) => total + x.n, 0) };
      let parts: EndParts;
      try {
        parts = plan(fleet);
      } catch {
        // a size rule that fails here fails at an end too, where it is reported
        continue;
      }
      if (parts.worstCase > Math.max(minParts.worstCase, maxParts.worstCase, longest?.parts.worstCase ?? 0)) {
        longest = { parts, total: fleet.total };
      }
    }
  });
  return longest && {
    instanceCount: longest.total,
    totalWaitSeconds: longest.parts.totalWait,
    worstCaseDurationSeconds: longest.parts.worstCase,
  };
}

function fleetVariants(props: PlanFleetProps): PlanVariant[] {
  if (props.variants !== undefined && props.variants.length > 0) {
    if (props.instanceCount !== undefined || props.maxInstanceCount !== undefined) {
      throw new Error('instanceCount and maxInstanceCount must not be given with variants (each variant has its counts), got both');
    }
    const names = new Set<string>();
    return props.variants.map(v => {
      if (names.has(v.variantName)) {
        throw new Error(`variants must have unique names, got "${v.variantName}" twice`);
      }
      names.add(v.variantName);
      return checkVariant(v, `variant "${v.variantName}" `, props.serverless === true);
    });
  }
  if (props.instanceCount === undefined && props.serverless === true) {
    return [{ variantName: 'variant', instanceCount: 0 }];
  }
  return [checkVariant({ variantName: 'variant', instanceCount: props.instanceCount as number, maxInstanceCount: props.maxInstanceCount }, '', props.serverless === true)];
}

function checkVariant(v: PlanVariant, prefix: string, serverless: boolean): PlanVariant {
  if (serverless) {
    return { variantName: v.variantName, instanceCount: 0, weight: v.weight };
  }
  const n = plannedCount(`${prefix}instanceCount`, v.instanceCount);
  const max = v.maxInstanceCount === undefined ? n : plannedCount(`${prefix}maxInstanceCount`, v.maxInstanceCount);
  if (max < n) {
    throw new Error(`${prefix}maxInstanceCount must be at least instanceCount (${n}), got ${max}`);
  }
  const w = v.weight ?? 1;
  if (Token.isUnresolved(w) || !(w >= 0)) {
    throw new Error(`${prefix}weight must be a number >= 0 known at synth, got ${w}`);
  }
  return { variantName: v.variantName, instanceCount: n, maxInstanceCount: max, weight: v.weight };
}

/** Per-variant instances on the new fleet at one shift, and the resulting step. */
function shiftStep(kind: DeploymentStepKind, t: number, duration: number, fleet: EndFleet, onNew: number[],
  running: { old: number[]; new: number[] }, label: string): DeploymentStep {
  const variants = fleet.variants.map((v, i): DeploymentVariantStep => {
    const newOn = onNew[i];
    const oldOn = Math.max(0, v.n - newOn);
    return {
      variantName: v.variantName,
      oldFleetInstances: running.old[i],
      newFleetInstances: running.new[i],
      oldFleetInstancesOn: Math.min(oldOn, running.old[i]),
      newFleetInstancesOn: newOn,
      // a serverless variant has no instances: its traffic moves all at once, after provisioning
      newFleetTrafficPercent: v.n === 0 ? (kind === DeploymentStepKind.PROVISION ? 0 : 100) : shareOf(newOn, v.n),
    };
  });
  return {
    kind,
    offset: Duration.seconds(t),
    duration: Duration.seconds(duration),
    newFleetTrafficPercent: combine(fleet, variants.map(v => v.newFleetTrafficPercent)),
    oldFleetInstances: sum(variants.map(v => v.oldFleetInstances)),
    newFleetInstances: sum(variants.map(v => v.newFleetInstances)),
    oldFleetInstancesOn: sum(variants.map(v => v.oldFleetInstancesOn)),
    newFleetInstancesOn: sum(variants.map(v => v.newFleetInstancesOn)),
    variants,
    label,
  };
}

/** Per-variant instances a capacity size turns on, checked against the variant at this end. */
function sizeInstances(property: string, size: CapacitySize, fleet: EndFleet, rule: CapacityRule, end: FleetEnd,
  roundings: CapacityRounding[]): number[] {
  const named = fleet.variants.length > 1 || fleet.variants[0].variantName !== 'variant';
  const unit = endpointSizeProblem(property, size);
  if (unit) {
    throw new Error(unit);
  }
  return fleet.variants.map(v => {
    if (size.type === CapacitySizeType.INSTANCE_COUNT) {
      const problem = capacityCountProblem(property, size.value, v.n, rule, named ? v.variantName : undefined, end);
      if (problem) {
        throw new Error(problem);
      }
      return size.value;
    }
    const { low, high } = percentToInstances(size.value, v.n);
    roundings.push({
      property, variantName: v.variantName, percent: size.value, fleetSize: v.n, instancesRoundedDown: low, instancesRoundedUp: high,
    });
    return low;
  });
}

function blueGreenEnd(routing: TrafficRoutingConfig, fleet: EndFleet, end: FleetEnd, wait: number, termination: number, serverless: boolean,
  allowance: number): EndParts {
  const steps: DeploymentStep[] = [];
  const roundings: CapacityRounding[] = [];
  const all = fleet.variants.map(v => v.n);
  const none = fleet.variants.map(() => 0);
  const both = { old: all, new: all };
  let t = 0;
  // blue/green provisions the whole new fleet once, before any traffic moves
  const push = (s: DeploymentStep) => {
    steps.push(s);
    t += s.duration.toSeconds();
  };
  const total = fleet.total;
  push(shiftStep(DeploymentStepKind.PROVISION, t, allowance, fleet, none, both,
    serverless ? 'provision the new serverless capacity' : `provision the new fleet (${plural(total, 'instance')})`));
  let shares: number[][];
  switch (routing.type) {
    case DeploymentStrategy.CANARY: {
      const canary = sizeInstances('canary size', literalSize('canary size', routing.canarySize!), fleet, CANARY_SIZE_RULE, end, roundings);
      shares = [canary, all];
      break;
    }
    case DeploymentStrategy.LINEAR: {
      const step = sizeInstances('linear step size', literalSize('linear step size', routing.linearStepSize!), fleet, LINEAR_STEP_RULE, end, roundings);
      // assumption: variants step together; a variant that is done stays at 100 percent
      const count = Math.max(...fleet.variants.map((v, i) => Math.ceil(v.n / step[i])));
      shares = [];
      for (let k = 1; k <= count; k++) {
        shares.push(fleet.variants.map((v, i) => Math.min(v.n, k * step[i])));
      }
      break;
    }
    default:
      shares = [all];
  }
  shares.forEach((on, k) => {
    const label = serverless ? `shift all traffic to the new capacity${bakeText(wait)}`
      : `${shiftLabel(routing.type, k, shares.length, fleet, on)}${bakeText(wait)}`;
    push(shiftStep(DeploymentStepKind.SHIFT_TRAFFIC, t, wait, fleet, on, both, label));
  });
  if (termination > 0) {
    push(shiftStep(DeploymentStepKind.TERMINATION_WAIT, t, termination, fleet, all, both, `termination wait ${formatSeconds(termination)}`));
  }
  push(shiftStep(DeploymentStepKind.TERMINATE, t, 0, fleet, all, { old: none, new: all },
    serverless ? 'release the old capacity' : `terminate the old fleet (${plural(total, 'instance')})`));
  return {
    steps,
    roundings,
    totalWait: shares.length * wait + termination,
    worstCase: t,
    rollbackSeconds: 0,
    peak: 2 * total,
    rollbackPeak: 2 * total,
    description: describeBlueGreen(routing, fleet, wait, termination, serverless),
  };
}

function shiftLabel(type: DeploymentStrategy, k: number, count: number, fleet: EndFleet, on: number[]): string {
  const what = fleet.variants.length === 1
    ? `${on[0]}/${fleet.variants[0].n}`
    : fleet.variants.map((v, i) => `${v.variantName} ${on[i]}/${v.n}`).join(', ');
  const head = type === DeploymentStrategy.LINEAR ? `step ${k + 1}/${count}: ` : type === DeploymentStrategy.CANARY && k === 0 ? 'canary: ' : '';
  return `${head}new instances on ${what}`;
}

function rollingEnd(props: RollingPlanProps, fleet: EndFleet, end: FleetEnd, wait: number, allowance: number): EndParts {
  if (fleet.total === 0) {
    throw new Error('a rolling plan needs an instance-based variant (SageMaker does not roll serverless endpoints), got a serverless fleet');
  }
  if (fleet.variants.length !== 1) {
    throw new Error(`variants must be exactly 1 for a rolling plan (SageMaker rolls only single-variant endpoints), got ${fleet.variants.length}`);
  }
  const n = fleet.variants[0].n;
  const roundings: CapacityRounding[] = [];
  if (props.maximumBatchSize.type === CapacitySizeType.CAPACITY_PERCENT) {
    checkPercentRange('maximumBatchSize', props.maximumBatchSize.value, ROLLING_BATCH_RULE);
  }
  const batch = sizeInstances('maximumBatchSize', props.maximumBatchSize, fleet, ROLLING_BATCH_RULE, end, roundings)[0];
  const batchHigh = roundings.length > 0 ? roundings[roundings.length - 1].instancesRoundedUp : batch;
  let rollbackBatch = n;
  let rollbackHigh = n;
  if (props.rollbackMaximumBatchSize !== undefined) {
    if (props.rollbackMaximumBatchSize.type === CapacitySizeType.CAPACITY_PERCENT) {
      checkPercentRange('rollbackMaximumBatchSize', props.rollbackMaximumBatchSize.value, ROLLBACK_BATCH_RULE);
    }
    const before = roundings.length;
    rollbackBatch = sizeInstances('rollbackMaximumBatchSize', props.rollbackMaximumBatchSize, fleet, ROLLBACK_BATCH_RULE, end, roundings)[0];
    rollbackHigh = roundings.length > before ? roundings[roundings.length - 1].instancesRoundedUp : rollbackBatch;
  }

  const batches = Math.ceil(n / batch);
  const steps: DeploymentStep[] = [];
  let t = 0;
  let moved = 0;
  for (let k = 1; k <= batches; k++) {
    const size = Math.min(batch, n - moved);
    const running = { old: [n - moved], new: [moved + size] };
    steps.push(shiftStep(DeploymentStepKind.PROVISION, t, allowance, fleet, [moved], running,
      `provision batch ${k}/${batches} (${plural(size, 'instance')})`));
    t += allowance;
    steps.push(shiftStep(DeploymentStepKind.SHIFT_TRAFFIC, t, wait, fleet, [moved + size], running,
      `batch ${k}/${batches}: new instances on ${moved + size}/${n}${bakeText(wait)}`));
    t += wait;
    moved += size;
    steps.push(shiftStep(DeploymentStepKind.TERMINATE, t, 0, fleet, [moved], { old: [n - moved], new: [moved] },
      `terminate ${plural(size, 'old instance')}`));
  }
  const batchText = batchHigh === batch ? plural(batch, 'instance') : `${batch}-${batchHigh} instances`;
  const rollbackText = rollbackBatch === n ? 'whole fleet at once'
    : rollbackHigh === rollbackBatch ? `${plural(rollbackBatch, 'instance')} per batch` : `${rollbackBatch}-${rollbackHigh} instances per batch`;
  return {
    steps,
    roundings,
    totalWait: batches * wait,
    worstCase: t,
    rollbackSeconds: Math.ceil(n / rollbackBatch) * allowance,
    peak: n + batchHigh,
    rollbackPeak: n + rollbackHigh,
    description: `rolling, ${batchText} per batch (${plural(batches, 'batch', 'batches')}), `
      + `bake ${formatSeconds(wait)}, ${plural(n, 'instance')}, rollback ${rollbackText}`,
  };
}

function checkPercentRange(property: string, value: number, rule: CapacityRule): void {
  const problem = percentProblem(property, value, rule);
  if (problem) {
    throw new Error(problem);
  }
}

function shareOf(instances: number, n: number): number {
  return round2(Math.min(100, (instances / n) * 100));
}

/** The endpoint's share: the variants' shares weighted by their traffic weights (all-zero weights count equally). */
function combine(fleet: EndFleet, shares: number[]): number {
  const weights = fleet.variants.map(v => v.w);
  const total = sum(weights);
  if (total === 0) {
    return round2(sum(shares) / shares.length);
  }
  return round2(sum(shares.map((s, i) => s * weights[i])) / total);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A token size cannot be planned (its arithmetic would corrupt the token): name the property instead. */
function literalSize(property: string, size: CapacitySize): CapacitySize {
  if (Token.isUnresolved(size.value)) {
    throw new Error(`${property} must be known at synth to plan a deployment, got a token`);
  }
  return size;
}

function checkAllowance(value: Duration | undefined): number {
  const allowance = value ?? DeploymentPlan.DEFAULT_PROVISIONING_ALLOWANCE;
  checkSeconds('provisioningAllowance', allowance, 0, MAX_ALLOWANCE_SECONDS, '0-3 hours');
  return plannedSeconds('provisioningAllowance', allowance);
}

function bakeText(wait: number): string {
  return wait > 0 ? `, bake ${formatSeconds(wait)}` : '';
}

function plural(n: number, word: string, words?: string): string {
  return `${n} ${n === 1 ? word : words ?? `${word}s`}`;
}

function describeBlueGreen(routing: TrafficRoutingConfig, fleet: EndFleet, wait: number, termination: number, serverless: boolean): string {
  let head: string;
  switch (routing.type) {
    case DeploymentStrategy.CANARY:
      head = `blue/green canary ${routing.canarySize!.toString()} of instances, then the rest`;
      break;
    case DeploymentStrategy.LINEAR:
      head = `blue/green linear, ${routing.linearStepSize!.toString()} of instances per step`;
      break;
    default:
      head = 'blue/green all at once';
  }
  const parts = [head, wait > 0 ? `bake ${formatSeconds(wait)}` : 'no bake'];
  if (termination > 0) {
    parts.push(`termination wait ${formatSeconds(termination)}`);
  }
  if (serverless) {
    parts.push('serverless');
  } else if (fleet.variants.length === 1) {
    parts.push(plural(fleet.total, 'instance'));
  } else {
    parts.push(`${plural(fleet.total, 'instance')} (${fleet.variants.map(v => `${v.variantName} ${v.n}`).join(', ')})`);
  }
  return parts.join(', ');
}
