import { Duration, Token } from 'aws-cdk-lib';
import { CapacitySize, CapacitySizeType } from './capacity-size';
import { DeploymentStepKind } from './deployment-plan';
import { ComponentPlanJson, renderComponentPlanMarkdown, renderComponentPlanText } from './plan-render';
import {
  checkSeconds, checkWait, chooseTimeout, COMPONENT_BATCH_RULE, COMPONENT_ROLLBACK_RULE, componentAllowanceSeconds, componentSizeProblem,
  copyCountProblem, CapacityRule, FleetEnd, MAX_ALLOWANCE_SECONDS, percentProblem, percentToInstances, plannedCount, plannedSeconds,
  singleCopyProblem, TimeoutChoice,
} from '../private/plan-checks';
import { formatSeconds, round2 } from '../private/plan-format';

/** Inputs of {@link InferenceComponentPlan.rolling}. */
export interface InferenceComponentRollingPlanProps {
  /** Copies of the component (the autoscaling minimum when copy autoscaling is attached); at least 2 for a rolling update. */
  readonly copyCount: number;
  /**
   * The copy autoscaling maximum: the plan is then computed at both ends (which copy count SageMaker applies the
   * 5-50 percent rule to after autoscaling changed it is UNCONFIRMED, so both must fit).
   *
   * @default - copyCount (no copy autoscaling)
   */
  readonly maxCopyCount?: number;
  /** Copies updated per batch: 5-50 percent of the copy count, or ceil(5%)-floor(50%) of it in copies. */
  readonly maximumBatchSize: CapacitySize;
  /** The bake after each batch takes traffic, while the rollback alarms are watched. 0-1 hour. */
  readonly waitInterval: Duration;
  /**
   * Copies of the old version brought back per batch on rollback: 1-100 percent, or 1 copy up to all.
   *
   * @default - 100 percent: all copies at once (SageMaker's blue/green rollback)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
  /**
   * The SageMaker time limit for the whole update. 10 minutes-8 hours.
   *
   * @default - the worst-case duration at the largest copy count plus a margin of 10 percent (at least 10 minutes),
   * rounded up to the minute and clamped to 10 minutes-8 hours (the rule of the endpoint plans)
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * The component's `StartupParameters.ModelDataDownloadTimeoutInSeconds`. 1 minute-1 hour.
   *
   * @default - not set: counts as 0 in the default provisioning allowance
   */
  readonly modelDataDownloadTimeout?: Duration;
  /**
   * The component's `StartupParameters.ContainerStartupHealthCheckTimeoutInSeconds`. 1 minute-1 hour.
   *
   * @default - not set: counts as 0 in the default provisioning allowance
   */
  readonly containerStartupHealthCheckTimeout?: Duration;
  /**
   * The time allowed for placing one batch of new copies in the worst-case timeline. 0-3 hours.
   *
   * @default - the download + health-check timeouts, plus 10 minutes of instance start-up when a batch may need new
   * instances, at least 20 minutes (an assumption: SageMaker does not document how long placing a copy takes)
   */
  readonly provisioningAllowance?: Duration;
  /**
   * How many copies fit on one instance of the host variant (its CPU, accelerators and memory over one copy's
   * reservations), to report the extra instances a batch may need at peak.
   *
   * @default - unknown: extra instances are reported as unknown, and each batch may need new instances
   */
  readonly copiesPerInstance?: number;
  /**
   * Instances of the host variant before the update.
   *
   * @default - just enough instances for the copies (ceil(copies / copiesPerInstance))
   */
  readonly instanceCount?: number;
}

/** One step of an {@link InferenceComponentPlan}. */
export interface InferenceComponentStep {
  /** What happens (`PROVISION`, `SHIFT_TRAFFIC` or `TERMINATE`). */
  readonly kind: DeploymentStepKind;
  /** When the step starts, from the start of the update (worst case: every batch takes the whole allowance). */
  readonly offset: Duration;
  /** How long the step lasts before the next one starts. */
  readonly duration: Duration;
  /** The share of the component's traffic on new copies, in percent (new copies on / all copies on, two decimals). */
  readonly newCopiesTrafficPercent: number;
  /** Copies of the old version running. */
  readonly oldCopies: number;
  /** Copies of the new version running (including those being placed). */
  readonly newCopies: number;
  /** Copies of the old version taking traffic. */
  readonly oldCopiesOn: number;
  /** Copies of the new version taking traffic. */
  readonly newCopiesOn: number;
  /** A short human label, e.g. `batch 1/4: new copies on 1/4, bake 10m`. */
  readonly label: string;
}

/** How a percentage batch became whole copies (SageMaker does not document the rounding). */
export interface CopyRounding {
  /** `maximumBatchSize` or `rollbackMaximumBatchSize`. */
  readonly property: string;
  /** The percentage given. */
  readonly percent: number;
  /** The copy count it applies to. */
  readonly copyCount: number;
  /** Copies when the percentage is rounded down (at least 1): what the timeline uses. */
  readonly copiesRoundedDown: number;
  /** Copies when the percentage is rounded up. */
  readonly copiesRoundedUp: number;
}

/**
 * The timeline of an inference component's rolling update, computed at synth time (pure: no constructs).
 *
 * A batch is `maximumBatchSize` copies: per batch SageMaker "provisions capacity on the new endpoint fleet, routes
 * traffic to that fleet, and terminates capacity on the old endpoint fleet" (API_InferenceComponentRollingUpdatePolicy:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRollingUpdatePolicy.html), so the
 * peak is copies + one batch (derived; 2 copies went from 2 to 3 instances in AWS's sample,
 * https://github.com/aws-samples/sagemaker-genai-hosting-examples/blob/main/03-features/deployment/ic_rolling_deployment.ipynb).
 * Rolling updates exist to avoid the blue/green doubling of copies
 * (https://aws.amazon.com/blogs/machine-learning/enhance-deployment-guardrails-with-inference-component-rolling-updates-for-amazon-sagemaker-ai-inference/).
 * Offsets are worst case: each batch takes the whole provisioning allowance. With copy autoscaling the plan is
 * computed at both ends: this object is the plan at the minimum, `atMaximum` the one at the maximum.
 *
 * @example
 * const plan = sm.InferenceComponentPlan.rolling({
 *   copyCount: 4,
 *   maximumBatchSize: sm.CapacitySize.copies(1),
 *   waitInterval: Duration.minutes(10),
 * });
 * console.log(plan.toString());
 */
export class InferenceComponentPlan {
  /** A rolling update of a component's copies, `maximumBatchSize` at a time. */
  public static rolling(props: InferenceComponentRollingPlanProps): InferenceComponentPlan {
    const n = plannedCount('copyCount', props.copyCount);
    const max = props.maxCopyCount === undefined ? n : plannedCount('maxCopyCount', props.maxCopyCount);
    if (max < n) {
      throw new Error(`maxCopyCount must be at least copyCount (${n}), got ${max}`);
    }
    const wait = plannedSeconds('waitInterval', checkWait('waitInterval', props.waitInterval));
    checkSize('maximumBatchSize', props.maximumBatchSize, COMPONENT_BATCH_RULE);
    if (props.rollbackMaximumBatchSize) {
      checkSize('rollbackMaximumBatchSize', props.rollbackMaximumBatchSize, COMPONENT_ROLLBACK_RULE);
    }
    const download = startupSeconds('modelDataDownloadTimeout', props.modelDataDownloadTimeout);
    const health = startupSeconds('containerStartupHealthCheckTimeout', props.containerStartupHealthCheckTimeout);
    const perInstance = props.copiesPerInstance === undefined ? undefined : plannedCount('copiesPerInstance', props.copiesPerInstance);
    const instances = props.instanceCount === undefined ? undefined : plannedCount('instanceCount', props.instanceCount);

    const ends: Array<[number, FleetEnd]> = max > n ? [[n, 'minimum'], [max, 'maximum']] : [[n, 'only']];
    const sized = ends.map(([count, end]) => sizeEnd(props, count, end, perInstance, instances));
    let allowance: number;
    if (props.provisioningAllowance !== undefined) {
      checkSeconds('provisioningAllowance', props.provisioningAllowance, 0, MAX_ALLOWANCE_SECONDS, '0-3 hours');
      allowance = plannedSeconds('provisioningAllowance', props.provisioningAllowance);
    } else {
      const mayNeedInstances = sized.some(s => s.extraInstances === undefined || s.extraInstances > 0);
      allowance = componentAllowanceSeconds(download, health, mayNeedInstances);
    }
    const parts = sized.map(s => timeline(s, wait, allowance));
    const timeout = chooseTimeout(props.maximumExecutionTimeout, parts[parts.length - 1].worstCase);
    const common = { props, wait, allowance, timeout, perInstance, instances };
    if (parts.length === 1) {
      return new InferenceComponentPlan(common, parts[0], 'only');
    }
    const minPlan = new InferenceComponentPlan(common, parts[0], 'minimum');
    const maxPlan = new InferenceComponentPlan(common, parts[1], 'maximum', minPlan);
    minPlan.other = maxPlan;
    return minPlan;
  }

  /** Copies of the component at this end of the range. */
  public readonly copyCount: number;
  /** Whether copy autoscaling gives a maximum above the minimum (then `atMaximum` differs). */
  public readonly isRange: boolean;
  /** The batch size. */
  public readonly maximumBatchSize: CapacitySize;
  /**
   * The rollback batch size, when given.
   *
   * @default - none: all copies at once
   */
  public readonly rollbackMaximumBatchSize?: CapacitySize;
  /** The bake after each batch. */
  public readonly waitInterval: Duration;
  /** The provisioning allowance of each batch. */
  public readonly provisioningAllowance: Duration;
  /**
   * Copies that fit one instance of the host variant, when given.
   *
   * @default - unknown
   */
  public readonly copiesPerInstance?: number;
  /** The ordered steps of the update. */
  public readonly steps: InferenceComponentStep[];
  /** How percentage batches became whole copies at this end (empty for copy counts). */
  public readonly roundings: CopyRounding[];
  /** The sum of every bake. */
  public readonly totalWait: Duration;
  /** The whole update when every batch takes its whole provisioning allowance. */
  public readonly worstCaseDuration: Duration;
  /** The worst-case time to roll back after an alarm at the very end (the old copies placed again, batch by batch). */
  public readonly rollbackDuration: Duration;
  /** The SageMaker time limit, given or computed (the same at both ends of a range). */
  public readonly maximumExecutionTimeout: Duration;
  /** Whether {@link maximumExecutionTimeout} was computed from the plan. */
  public readonly isDefaultTimeout: boolean;
  /** The margin a computed timeout adds over the worst case at the largest copy count. */
  public readonly timeoutMargin: Duration;
  /** The most copies running at once: copies + one batch (rounded up). */
  public readonly peakCopyCount: number;
  /** The most copies running at once during a rollback: copies + one rollback batch. */
  public readonly rollbackPeakCopyCount: number;
  /** Copy-minutes above the steady copy count over the worst-case timeline. */
  public readonly extraCopyMinutes: number;
  /**
   * Instances the host variant may need beyond its current count at peak: ceil(peak copies / copies per instance)
   * minus the instances before the update.
   *
   * @default - unknown (copiesPerInstance not given)
   */
  public readonly extraInstanceCount?: number;
  /** Whether the waits alone reach the timeout (an error: every update would time out). */
  public readonly waitsExceedTimeout: boolean;
  /** Whether the worst-case duration exceeds the timeout. */
  public readonly worstCaseExceedsTimeout: boolean;
  /** One line, e.g. `rolling, 1 copy per batch (4 batches), bake 10m, 4 copies, rollback all copies at once`. */
  public readonly description: string;

  private readonly end: FleetEnd;
  private readonly instances?: number;
  private other?: InferenceComponentPlan;

  private constructor(c: Common, p: EndParts, end: FleetEnd, other?: InferenceComponentPlan) {
    this.end = end;
    this.other = other;
    this.copyCount = p.n;
    this.isRange = end !== 'only';
    this.maximumBatchSize = c.props.maximumBatchSize;
    this.rollbackMaximumBatchSize = c.props.rollbackMaximumBatchSize;
    this.waitInterval = Duration.seconds(c.wait);
    this.provisioningAllowance = Duration.seconds(c.allowance);
    this.copiesPerInstance = c.perInstance;
    this.instances = c.instances;
    this.steps = p.steps;
    this.roundings = p.roundings;
    this.totalWait = Duration.seconds(p.totalWait);
    this.worstCaseDuration = Duration.seconds(p.worstCase);
    this.rollbackDuration = Duration.seconds(p.rollbackSeconds);
    this.maximumExecutionTimeout = Duration.seconds(c.timeout.seconds);
    this.isDefaultTimeout = c.timeout.isDefault;
    this.timeoutMargin = Duration.seconds(c.timeout.margin);
    this.peakCopyCount = p.peak;
    this.rollbackPeakCopyCount = p.rollbackPeak;
    this.extraInstanceCount = p.extraInstances;
    this.waitsExceedTimeout = p.totalWait >= c.timeout.seconds;
    this.worstCaseExceedsTimeout = p.worstCase > c.timeout.seconds;
    this.description = p.description;
    let extra = 0;
    for (const s of p.steps) {
      extra += (s.oldCopies + s.newCopies - p.n) * s.duration.toSeconds();
    }
    this.extraCopyMinutes = round2(extra / 60);
  }

  /** The plan at the copy autoscaling minimum (this plan). */
  public get atMinimum(): InferenceComponentPlan {
    return this.end === 'maximum' && this.other ? this.other : this;
  }

  /** The plan at the copy autoscaling maximum (this plan when copies are not autoscaled). */
  public get atMaximum(): InferenceComponentPlan {
    return this.end === 'minimum' && this.other ? this.other : this;
  }

  /** A compact plain-text timeline (at most 100 columns); both ends of a range. */
  public toString(): string {
    return renderComponentPlanText(this._toJsonObject());
  }

  /** A Markdown rendering: a summary table, the step table and a mermaid chart. */
  public toMarkdown(): string {
    return renderComponentPlanMarkdown(this._toJsonObject());
  }

  /** The plan as JSON text (the `plan` object of a component in docs/plan.schema.json). */
  public toJson(): string {
    return JSON.stringify(this._toJsonObject(), undefined, 2);
  }

  /** @internal */
  public _toJsonObject(): ComponentPlanJson {
    const max = this.end === 'minimum' && this.other ? this.other : undefined;
    return { ...this.endJson(), atMaximum: max ? max.endJson() : null };
  }

  private endJson(): ComponentPlanJson {
    const timeout = this.maximumExecutionTimeout.toSeconds();
    return {
      strategy: 'ROLLING',
      unit: 'copies',
      description: this.description,
      fleetEnd: this.end,
      copyCount: this.copyCount,
      copiesPerInstance: this.copiesPerInstance ?? null,
      instanceCount: this.instances ?? null,
      steps: this.steps.map(s => ({
        kind: s.kind,
        offsetSeconds: s.offset.toSeconds(),
        durationSeconds: s.duration.toSeconds(),
        newFleetTrafficPercent: s.newCopiesTrafficPercent,
        oldCopies: s.oldCopies,
        newCopies: s.newCopies,
        oldCopiesOn: s.oldCopiesOn,
        newCopiesOn: s.newCopiesOn,
        label: s.label,
      })),
      roundings: this.roundings.map(r => ({ ...r })),
      totalWaitSeconds: this.totalWait.toSeconds(),
      worstCaseDurationSeconds: this.worstCaseDuration.toSeconds(),
      rollbackDurationSeconds: this.rollbackDuration.toSeconds(),
      maximumExecutionTimeoutSeconds: timeout,
      isDefaultTimeout: this.isDefaultTimeout,
      timeoutMarginSeconds: this.timeoutMargin.toSeconds(),
      slackSeconds: timeout - this.worstCaseDuration.toSeconds(),
      provisioningAllowanceSeconds: this.provisioningAllowance.toSeconds(),
      peakCopyCount: this.peakCopyCount,
      rollbackPeakCopyCount: this.rollbackPeakCopyCount,
      extraCopyMinutes: this.extraCopyMinutes,
      extraInstanceCount: this.extraInstanceCount ?? null,
      waitsExceedTimeout: this.waitsExceedTimeout,
      worstCaseExceedsTimeout: this.worstCaseExceedsTimeout,
    };
  }
}

interface Common {
  readonly props: InferenceComponentRollingPlanProps;
  readonly wait: number;
  readonly allowance: number;
  readonly timeout: TimeoutChoice;
  readonly perInstance?: number;
  readonly instances?: number;
}

/** The batch sizes of one end, before the timeline. */
interface SizedEnd {
  readonly n: number;
  readonly batch: number;
  readonly batchHigh: number;
  readonly rollbackBatch: number;
  readonly rollbackHigh: number;
  readonly roundings: CopyRounding[];
  readonly extraInstances?: number;
}

interface EndParts {
  readonly n: number;
  readonly steps: InferenceComponentStep[];
  readonly roundings: CopyRounding[];
  readonly totalWait: number;
  readonly worstCase: number;
  readonly rollbackSeconds: number;
  readonly peak: number;
  readonly rollbackPeak: number;
  readonly extraInstances?: number;
  readonly description: string;
}

function sizeEnd(props: InferenceComponentRollingPlanProps, n: number, end: FleetEnd, perInstance: number | undefined,
  instances: number | undefined): SizedEnd {
  const single = singleCopyProblem(n, end);
  if (single) {
    throw new Error(single);
  }
  const roundings: CopyRounding[] = [];
  const [batch, batchHigh] = copies('maximumBatchSize', props.maximumBatchSize, n, COMPONENT_BATCH_RULE, end, roundings);
  const [rollbackBatch, rollbackHigh] = props.rollbackMaximumBatchSize
    ? copies('rollbackMaximumBatchSize', props.rollbackMaximumBatchSize, n, COMPONENT_ROLLBACK_RULE, end, roundings)
    : [n, n];
  let extraInstances: number | undefined;
  if (perInstance !== undefined) {
    const before = Math.max(instances ?? 0, Math.ceil(n / perInstance));
    extraInstances = Math.max(0, Math.ceil((n + batchHigh) / perInstance) - before);
  }
  return { n, batch, batchHigh, rollbackBatch, rollbackHigh, roundings, extraInstances };
}

/** Copies a size stands for on `n` copies: [used by the timeline, rounded up]. */
function copies(property: string, size: CapacitySize, n: number, rule: CapacityRule, end: FleetEnd, roundings: CopyRounding[]): [number, number] {
  if (size.type === CapacitySizeType.COPY_COUNT) {
    const problem = copyCountProblem(property, size.value, n, rule, end);
    if (problem) {
      throw new Error(problem);
    }
    return [size.value, size.value];
  }
  const { low, high } = percentToInstances(size.value, n);
  roundings.push({ property, percent: size.value, copyCount: n, copiesRoundedDown: low, copiesRoundedUp: high });
  return [low, high];
}

function timeline(s: SizedEnd, wait: number, allowance: number): EndParts {
  const { n, batch } = s;
  const batches = Math.ceil(n / batch);
  const steps: InferenceComponentStep[] = [];
  let t = 0;
  let moved = 0;
  const step = (kind: DeploymentStepKind, duration: number, oldRun: number, newRun: number, newOn: number, label: string) => {
    steps.push({
      kind,
      offset: Duration.seconds(t),
      duration: Duration.seconds(duration),
      newCopiesTrafficPercent: round2(Math.min(100, (newOn / n) * 100)),
      oldCopies: oldRun,
      newCopies: newRun,
      oldCopiesOn: Math.min(oldRun, n - newOn),
      newCopiesOn: newOn,
      label,
    });
    t += duration;
  };
  for (let k = 1; k <= batches; k++) {
    const size = Math.min(batch, n - moved);
    step(DeploymentStepKind.PROVISION, allowance, n - moved, moved + size, moved, `provision batch ${k}/${batches} (${copiesText(size)})`);
    step(DeploymentStepKind.SHIFT_TRAFFIC, wait, n - moved, moved + size, moved + size,
      `batch ${k}/${batches}: new copies on ${moved + size}/${n}${wait > 0 ? `, bake ${formatSeconds(wait)}` : ''}`);
    moved += size;
    step(DeploymentStepKind.TERMINATE, 0, n - moved, moved, moved, `terminate ${size} old ${size === 1 ? 'copy' : 'copies'}`);
  }
  const batchText = s.batchHigh === batch ? copiesText(batch) : `${batch}-${s.batchHigh} copies`;
  const rollbackText = s.rollbackBatch === n ? 'all copies at once'
    : s.rollbackHigh === s.rollbackBatch ? `${copiesText(s.rollbackBatch)} per batch` : `${s.rollbackBatch}-${s.rollbackHigh} copies per batch`;
  return {
    n,
    steps,
    roundings: s.roundings,
    totalWait: batches * wait,
    worstCase: t,
    rollbackSeconds: Math.ceil(n / s.rollbackBatch) * allowance,
    peak: n + s.batchHigh,
    rollbackPeak: n + s.rollbackHigh,
    extraInstances: s.extraInstances,
    description: `rolling, ${batchText} per batch (${batches} batch${batches === 1 ? '' : 'es'}), bake ${formatSeconds(wait)}, `
      + `${copiesText(n)}, rollback ${rollbackText}`,
  };
}

function checkSize(property: string, size: CapacitySize, rule: CapacityRule): void {
  if (Token.isUnresolved(size.value)) {
    throw new Error(`${property} must be known at synth to plan a deployment, got a token`);
  }
  const problem = componentSizeProblem(property, size)
    ?? (size.type === CapacitySizeType.CAPACITY_PERCENT ? percentProblem(property, size.value, rule) : undefined);
  if (problem) {
    throw new Error(problem);
  }
}

function startupSeconds(property: string, value: Duration | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  // StartupParameters: 60-3600 seconds each (API_CreateInferenceComponent, InferenceComponentStartupParameters)
  checkSeconds(property, value, 60, 3600, '1 minute-1 hour');
  return plannedSeconds(property, value);
}

function copiesText(n: number): string {
  return `${n} cop${n === 1 ? 'y' : 'ies'}`;
}
