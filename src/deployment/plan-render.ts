/**
 * Text and Markdown renderings of a deployment plan. Not exported from the package: reached through
 * `DeploymentPlan.toString()` / `toMarkdown()`, and used by the `cdk-sagemaker-endpoint` command on the same data.
 */
import type { CopyRounding } from './component-plan';
import type { CapacityRounding } from './deployment-plan';
import { formatPercent, formatSeconds } from '../private/plan-format';
// the JSON of a rounding is the plan's own struct (type-only: no runtime import cycle with deployment-plan)

/** One step in the JSON form of a plan. */
export interface PlanStepJson {
  readonly kind: string;
  readonly offsetSeconds: number;
  readonly durationSeconds: number;
  readonly newFleetTrafficPercent: number;
  readonly oldFleetInstances: number;
  readonly newFleetInstances: number;
  /** Instances of the old fleet taking traffic (absent in metadata written by older versions). */
  readonly oldFleetInstancesOn?: number;
  /** Instances of the new fleet taking traffic (absent in metadata written by older versions). */
  readonly newFleetInstancesOn?: number;
  readonly label: string;
}

/** The JSON form of a plan (documented in docs/cli.md and docs/plan.schema.json, `plan` object). */
export interface PlanJson {
  readonly strategy: string;
  readonly trafficRouting: string | null;
  readonly description: string;
  /** `only` (not autoscaled), `minimum` or `maximum` of the autoscaling range. */
  readonly fleetEnd?: string;
  readonly serverless?: boolean;
  readonly instanceCount: number;
  readonly variants?: Array<{ readonly variantName: string; readonly instanceCount: number; readonly weight: number }>;
  /** Instances of the shadow fleet (0 without a shadow variant; absent in JSON written by older versions). */
  readonly shadowInstanceCount?: number;
  readonly steps: PlanStepJson[];
  readonly roundings?: CapacityRounding[];
  readonly totalWaitSeconds: number;
  readonly worstCaseDurationSeconds: number;
  readonly rollbackDurationSeconds: number;
  readonly maximumExecutionTimeoutSeconds: number;
  readonly isDefaultTimeout: boolean;
  /** The margin a computed timeout adds over the worst case at the largest fleet. */
  readonly timeoutMarginSeconds?: number;
  readonly slackSeconds: number;
  readonly provisioningAllowanceSeconds: number;
  readonly peakInstanceCount: number;
  readonly rollbackPeakInstanceCount: number;
  readonly extraInstanceMinutes: number;
  readonly waitsExceedTimeout: boolean;
  readonly worstCaseExceedsTimeout: boolean;
  /** The longest rollout between the ends of the autoscaling range, when it is longer than at both ends. */
  readonly longestRollout?: { readonly instanceCount: number; readonly totalWaitSeconds: number; readonly worstCaseDurationSeconds: number };
  /** The same plan at the autoscaling maximum (null when the fleet is not autoscaled). */
  readonly atMaximum?: PlanJson | null;
}

/** What the timeline bar and chart read: the steps' offsets, kinds and traffic shares, and the worst case. */
export interface TimelineJson {
  readonly steps: ReadonlyArray<{ readonly kind: string; readonly offsetSeconds: number; readonly newFleetTrafficPercent: number }>;
  readonly worstCaseDurationSeconds: number;
}

/** One step of an inference component's rolling update in JSON (docs/plan.schema.json, `componentStep`). */
export interface ComponentStepJson {
  readonly kind: string;
  readonly offsetSeconds: number;
  readonly durationSeconds: number;
  /** The share of the component's traffic on new copies. */
  readonly newFleetTrafficPercent: number;
  readonly oldCopies: number;
  readonly newCopies: number;
  readonly oldCopiesOn: number;
  readonly newCopiesOn: number;
  readonly label: string;
}

/** The JSON form of an inference component's plan (docs/plan.schema.json, `componentPlan`). */
export interface ComponentPlanJson {
  readonly strategy: 'ROLLING';
  readonly unit: 'copies';
  readonly description: string;
  readonly fleetEnd: string;
  readonly copyCount: number;
  readonly copiesPerInstance: number | null;
  readonly instanceCount: number | null;
  readonly steps: ComponentStepJson[];
  readonly roundings: CopyRounding[];
  readonly totalWaitSeconds: number;
  readonly worstCaseDurationSeconds: number;
  readonly rollbackDurationSeconds: number;
  readonly maximumExecutionTimeoutSeconds: number;
  readonly isDefaultTimeout: boolean;
  readonly timeoutMarginSeconds: number;
  readonly slackSeconds: number;
  readonly provisioningAllowanceSeconds: number;
  readonly peakCopyCount: number;
  readonly rollbackPeakCopyCount: number;
  readonly extraCopyMinutes: number;
  /** Null when copiesPerInstance is not known. */
  readonly extraInstanceCount: number | null;
  readonly waitsExceedTimeout: boolean;
  readonly worstCaseExceedsTimeout: boolean;
  /** The same plan at the copy autoscaling maximum (null when copies are not autoscaled; absent inside it). */
  readonly atMaximum?: ComponentPlanJson | null;
}

/** Width of the ASCII timeline bar (fits 100 columns with its indent and the axis labels). */
export const BAR_WIDTH = 72;

/** The share of traffic on the new fleet at `t` seconds. */
export function trafficAtSeconds(plan: TimelineJson, t: number): number {
  let current = 0;
  for (const s of plan.steps) {
    if (s.offsetSeconds <= t) {
      current = s.newFleetTrafficPercent;
    }
  }
  return current;
}

function stepAt(plan: TimelineJson, t: number): { readonly kind: string } | undefined {
  let current: { readonly kind: string } | undefined;
  for (const s of plan.steps) {
    if (s.offsetSeconds <= t) {
      current = s;
    }
  }
  return current;
}

/** The character for a traffic share: `.` none, `1`-`9` up to 10-90 percent, `#` all; `=` termination wait. */
function barChar(step: { readonly kind: string } | undefined, share: number): string {
  if (step?.kind === 'TERMINATION_WAIT') {
    return '=';
  }
  if (share <= 0) {
    return '.';
  }
  if (share >= 100) {
    return '#';
  }
  return String(Math.min(9, Math.max(1, Math.ceil(share / 10))));
}

/**
 * The ASCII timeline: a bar of traffic share on the new fleet over the worst-case duration and an axis
 * with the step offsets. Returns two lines of at most `width + 1` columns (plus the end label).
 */
export function renderBar(plan: TimelineJson, width = BAR_WIDTH): string[] {
  const total = plan.worstCaseDurationSeconds;
  let bar = '';
  for (let i = 0; i < width; i++) {
    const t = total === 0 ? 0 : ((i + 0.5) * total) / width;
    // the last column shows the final state, so zero-length steps at the end stay visible
    const at = i === width - 1 ? total : t;
    bar += barChar(stepAt(plan, at), trafficAtSeconds(plan, at));
  }
  const axis: string[] = new Array(width + 8).fill(' ');
  let free = 0; // first column where a label may start
  const offsets = [...new Set([...plan.steps.map(s => s.offsetSeconds), total])];
  offsets.forEach((offset, index) => {
    const column = total === 0 ? 0 : Math.round((offset / total) * width);
    const text = formatSeconds(offset);
    const last = index === offsets.length - 1;
    const start = last ? Math.max(free, column - text.length + 1) : column;
    if (start < free || start + text.length > axis.length) {
      return;
    }
    if (!last && start + text.length >= Math.round(width) - formatSeconds(total).length) {
      return; // keep room for the end label
    }
    for (let k = 0; k < text.length; k++) {
      axis[start + k] = text[k];
    }
    free = start + text.length + 1;
  });
  return [`|${bar}|`, ` ${axis.join('').trimEnd()}`];
}

/** A compact plain-text timeline (at most 100 columns); an autoscaled fleet shows both ends. */
export function renderPlanText(plan: PlanJson, indent = ''): string {
  if (!plan.atMaximum) {
    return renderEndText(plan, indent).join('\n');
  }
  const lines = [`${indent}${plan.description}`,
    `${indent}autoscaled: planned at the minimum (${plan.instanceCount}) and at the maximum (${plan.atMaximum.instanceCount}) instances`];
  lines.push(`${indent}at the minimum, ${plan.instanceCount} instances:`, ...renderEndText(plan, `${indent}  `, false));
  lines.push(`${indent}at the maximum, ${plan.atMaximum.instanceCount} instances:`, ...renderEndText(plan.atMaximum, `${indent}  `, false));
  return lines.join('\n');
}

function renderEndText(plan: PlanJson, indent: string, withDescription = true): string[] {
  const lines: string[] = [];
  const serverless = plan.serverless === true;
  if (withDescription) {
    lines.push(`${indent}${plan.description}`);
  }
  lines.push(`${indent}traffic on the new fleet (. none, 1-9 up to 10-90%, # all, = termination wait)`);
  for (const line of renderBar(plan, BAR_WIDTH - Math.max(0, indent.length - 4))) {
    lines.push(`${indent}${line}`);
  }
  const labelWidth = Math.min(serverless ? 60 : 44, Math.max(...plan.steps.map(s => s.label.length), 4));
  lines.push(`${indent}${pad('offset', 9)}${pad('step', labelWidth)}  ${lpad('traffic', 8)}${serverless ? '' : `  ${lpad('old on/run', 10)}  ${lpad('new on/run', 10)}`}`);
  for (const s of plan.steps) {
    const label = s.label.length > labelWidth ? `${s.label.slice(0, labelWidth - 3)}...` : s.label;
    const instances = serverless ? '' : `  ${lpad(onRun(s.oldFleetInstancesOn, s.oldFleetInstances), 10)}  ${lpad(onRun(s.newFleetInstancesOn, s.newFleetInstances), 10)}`;
    lines.push(`${indent}${pad(`+${formatSeconds(s.offsetSeconds)}`, 8)} ${pad(label, labelWidth)}  ${lpad(formatPercent(s.newFleetTrafficPercent), 8)}${instances}`);
  }
  for (const note of roundingNotes(plan)) {
    lines.push(`${indent}${note}`);
  }
  lines.push(`${indent}total wait ${formatSeconds(plan.totalWaitSeconds)} | worst case ${formatSeconds(plan.worstCaseDurationSeconds)}`
    + ` | timeout ${formatSeconds(plan.maximumExecutionTimeoutSeconds)}${timeoutOrigin(plan)}`
    + ` | slack ${formatSeconds(plan.slackSeconds)}`);
  if (plan.longestRollout && plan.fleetEnd === 'maximum') {
    const l = plan.longestRollout;
    // percentage steps turn on whole instances, so a size between the ends can take the most steps (docs/deployments.md)
    lines.push(`${indent}longest rollout in the range: ${l.instanceCount} instances, `
      + `total wait ${formatSeconds(l.totalWaitSeconds)} | worst case ${formatSeconds(l.worstCaseDurationSeconds)}`);
  }
  if (!serverless) {
    const rollback = plan.strategy === 'ROLLING'
      ? ` | rollback ${formatSeconds(plan.rollbackDurationSeconds)}, peak ${plan.rollbackPeakInstanceCount}` : '';
    const shadow = plan.shadowInstanceCount ? ` + shadow ${plan.shadowInstanceCount}, both fleets provisioned anew` : '';
    lines.push(`${indent}peak ${plan.peakInstanceCount} instances (fleet ${plan.instanceCount}${shadow})`
      + ` | ${plan.extraInstanceMinutes} extra instance-minutes${rollback}`);
  }
  return lines;
}

function onRun(on: number | undefined, running: number): string {
  return on === undefined ? String(running) : `${on}/${running}`;
}

/** `(default: worst case + 10m margin)`, or `(given)`. */
function timeoutOrigin(plan: { readonly isDefaultTimeout: boolean; readonly timeoutMarginSeconds?: number }): string {
  if (!plan.isDefaultTimeout) {
    return ' (given)';
  }
  return plan.timeoutMarginSeconds === undefined ? ' (default)' : ` (default, ${formatSeconds(plan.timeoutMarginSeconds)} margin)`;
}

/**
 * One note per percentage that does not map to a whole number of instances, e.g.
 * `canary size 1% of 150 instances is 1-2 instances (rounding not documented: the timeline assumes 1)`.
 */
export function roundingNotes(plan: PlanJson): string[] {
  const notes: string[] = [];
  for (const r of plan.roundings ?? []) {
    const of = (plan.variants?.length ?? 1) > 1 ? ` of variant ${r.variantName}` : '';
    if (r.instancesRoundedDown !== r.instancesRoundedUp) {
      notes.push(`${r.property} ${r.percent}%${of} of ${r.fleetSize} instances is ${r.instancesRoundedDown}-${r.instancesRoundedUp} instances `
        + `(assumption: SageMaker does not document the rounding; the timeline uses ${r.instancesRoundedDown})`);
    } else if (Math.abs((r.instancesRoundedDown / r.fleetSize) * 100 - r.percent) > 0.005) {
      notes.push(`${r.property} ${r.percent}%${of} of ${r.fleetSize} instances is ${r.instancesRoundedDown} instance${r.instancesRoundedDown === 1 ? '' : 's'}, `
        + `about ${formatPercent((r.instancesRoundedDown / r.fleetSize) * 100)} of the variant's traffic`);
    }
  }
  return notes;
}

/** Evenly spaced samples of the traffic share, for the mermaid chart. */
export function sampleTraffic(plan: TimelineJson, points = 49): number[] {
  const total = plan.worstCaseDurationSeconds;
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = (i * total) / (points - 1);
    values.push(i === points - 1 ? trafficAtSeconds(plan, total) : trafficAtSeconds(plan, t));
  }
  return values;
}

/** The mermaid `xychart-beta` source of traffic share on the new fleet over time. */
export function renderMermaid(plan: TimelineJson, title = 'Traffic on the new fleet (percent)'): string {
  const minutes = Math.max(1, Math.ceil(plan.worstCaseDurationSeconds / 60));
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "minutes from the start (worst case)" 0 --> ${minutes}`,
    '  y-axis "percent" 0 --> 100',
    `  line [${sampleTraffic(plan).join(', ')}]`,
    '```',
  ].join('\n');
}

/** A Markdown rendering: a summary table, the step table and a mermaid chart (both ends of an autoscaled fleet). */
export function renderPlanMarkdown(plan: PlanJson): string {
  if (!plan.atMaximum) {
    return renderEndMarkdown(plan, `**${plan.description}**`);
  }
  return [
    renderEndMarkdown(plan, `**${plan.description}**, at the autoscaling minimum (${plan.instanceCount} instances)`),
    '',
    renderEndMarkdown(plan.atMaximum, `At the autoscaling maximum (${plan.atMaximum.instanceCount} instances)`),
  ].join('\n');
}

function renderEndMarkdown(plan: PlanJson, title: string): string {
  const serverless = plan.serverless === true;
  const lines: string[] = [];
  lines.push(title, '');
  lines.push(`| total wait | worst case | timeout | slack |${serverless ? '' : ' peak instances | extra instance-minutes |'}`);
  lines.push(`|---:|---:|---:|---:|${serverless ? '' : '---:|---:|'}`);
  lines.push(`| ${formatSeconds(plan.totalWaitSeconds)} | ${formatSeconds(plan.worstCaseDurationSeconds)} | `
    + `${formatSeconds(plan.maximumExecutionTimeoutSeconds)}${timeoutOrigin(plan)} | `
    + `${formatSeconds(plan.slackSeconds)} |${serverless ? '' : ` ${plan.peakInstanceCount} | ${plan.extraInstanceMinutes} |`}`);
  if (plan.strategy === 'ROLLING') {
    lines.push('', `Rollback: worst case ${formatSeconds(plan.rollbackDurationSeconds)}, peak ${plan.rollbackPeakInstanceCount} instances.`);
  }
  lines.push('');
  lines.push(`| offset | step | traffic on new fleet |${serverless ? '' : ' old fleet on/running | new fleet on/running |'}`);
  lines.push(`|---:|---|---:|${serverless ? '' : '---:|---:|'}`);
  for (const s of plan.steps) {
    lines.push(`| +${formatSeconds(s.offsetSeconds)} | ${s.label.replace(/\|/g, '\\|')} | ${formatPercent(s.newFleetTrafficPercent)} |`
      + (serverless ? '' : ` ${onRun(s.oldFleetInstancesOn, s.oldFleetInstances)} | ${onRun(s.newFleetInstancesOn, s.newFleetInstances)} |`));
  }
  const notes = roundingNotes(plan);
  if (notes.length > 0) {
    lines.push('', ...notes.map(n => `- ${n}`));
  }
  lines.push('');
  lines.push(renderMermaid(plan));
  return lines.join('\n');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function lpad(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/** A compact plain-text timeline of an inference component's rolling update; a copy range shows both ends. */
export function renderComponentPlanText(plan: ComponentPlanJson, indent = ''): string {
  if (!plan.atMaximum) {
    return renderComponentEndText(plan, indent, true).join('\n');
  }
  return [
    `${indent}${plan.description}`,
    `${indent}copies autoscaled: planned at the minimum (${plan.copyCount}) and at the maximum (${plan.atMaximum.copyCount}) copies`,
    `${indent}at the minimum, ${plan.copyCount} copies:`, ...renderComponentEndText(plan, `${indent}  `, false),
    `${indent}at the maximum, ${plan.atMaximum.copyCount} copies:`, ...renderComponentEndText(plan.atMaximum, `${indent}  `, false),
  ].join('\n');
}

function renderComponentEndText(plan: ComponentPlanJson, indent: string, withDescription: boolean): string[] {
  const lines: string[] = withDescription ? [`${indent}${plan.description}`] : [];
  lines.push(`${indent}traffic on the new copies (. none, 1-9 up to 10-90%, # all)`);
  for (const line of renderBar(plan, BAR_WIDTH - Math.max(0, indent.length - 4))) {
    lines.push(`${indent}${line}`);
  }
  const labelWidth = Math.min(44, Math.max(...plan.steps.map(s => s.label.length), 4));
  lines.push(`${indent}${pad('offset', 9)}${pad('step', labelWidth)}  ${lpad('traffic', 8)}  ${lpad('old on/run', 10)}  ${lpad('new on/run', 10)}`);
  for (const s of plan.steps) {
    const label = s.label.length > labelWidth ? `${s.label.slice(0, labelWidth - 3)}...` : s.label;
    lines.push(`${indent}${pad(`+${formatSeconds(s.offsetSeconds)}`, 8)} ${pad(label, labelWidth)}  ${lpad(formatPercent(s.newFleetTrafficPercent), 8)}`
      + `  ${lpad(`${s.oldCopiesOn}/${s.oldCopies}`, 10)}  ${lpad(`${s.newCopiesOn}/${s.newCopies}`, 10)}`);
  }
  for (const note of copyRoundingNotes(plan)) {
    lines.push(`${indent}${note}`);
  }
  lines.push(`${indent}total wait ${formatSeconds(plan.totalWaitSeconds)} | worst case ${formatSeconds(plan.worstCaseDurationSeconds)}`
    + ` | timeout ${formatSeconds(plan.maximumExecutionTimeoutSeconds)}${timeoutOrigin(plan)} | slack ${formatSeconds(plan.slackSeconds)}`);
  lines.push(`${indent}peak ${plan.peakCopyCount} copies (copies ${plan.copyCount}) | ${extraInstancesText(plan)}`);
  lines.push(`${indent}rollback ${formatSeconds(plan.rollbackDurationSeconds)}, peak ${plan.rollbackPeakCopyCount} copies`
    + ` | ${plan.extraCopyMinutes} extra copy-minutes`);
  return lines;
}

/** `1 extra instance at peak (2 copies per instance)`, or why it is unknown. */
function extraInstancesText(plan: ComponentPlanJson): string {
  if (plan.extraInstanceCount === null) {
    return 'extra instances at peak: unknown (copies per instance not known)';
  }
  const n = plan.extraInstanceCount;
  return `${n} extra instance${n === 1 ? '' : 's'} at peak (${plan.copiesPerInstance} cop${plan.copiesPerInstance === 1 ? 'y' : 'ies'} per instance)`;
}

/** One note per percentage batch that is not a whole number of copies. */
function copyRoundingNotes(plan: ComponentPlanJson): string[] {
  const notes: string[] = [];
  for (const r of plan.roundings) {
    if (r.copiesRoundedDown !== r.copiesRoundedUp) {
      notes.push(`${r.property} ${r.percent}% of ${r.copyCount} copies is ${r.copiesRoundedDown}-${r.copiesRoundedUp} copies `
        + `(assumption: SageMaker does not document the rounding; the timeline uses ${r.copiesRoundedDown})`);
    }
  }
  return notes;
}

/** A Markdown rendering of an inference component's plan (both ends of a copy range). */
export function renderComponentPlanMarkdown(plan: ComponentPlanJson): string {
  if (!plan.atMaximum) {
    return renderComponentEndMarkdown(plan, `**${plan.description}**`);
  }
  return [
    renderComponentEndMarkdown(plan, `**${plan.description}**, at the copy autoscaling minimum (${plan.copyCount} copies)`),
    '',
    renderComponentEndMarkdown(plan.atMaximum, `At the copy autoscaling maximum (${plan.atMaximum.copyCount} copies)`),
  ].join('\n');
}

function renderComponentEndMarkdown(plan: ComponentPlanJson, title: string): string {
  const lines: string[] = [title, ''];
  lines.push('| total wait | worst case | timeout | slack | peak copies | extra instances at peak |', '|---:|---:|---:|---:|---:|---:|');
  lines.push(`| ${formatSeconds(plan.totalWaitSeconds)} | ${formatSeconds(plan.worstCaseDurationSeconds)} | `
    + `${formatSeconds(plan.maximumExecutionTimeoutSeconds)}${timeoutOrigin(plan)} | ${formatSeconds(plan.slackSeconds)} | `
    + `${plan.peakCopyCount} | ${plan.extraInstanceCount ?? 'unknown'} |`);
  lines.push('', `Rollback: worst case ${formatSeconds(plan.rollbackDurationSeconds)}, peak ${plan.rollbackPeakCopyCount} copies.`, '');
  lines.push('| offset | step | traffic on new copies | old copies on/running | new copies on/running |', '|---:|---|---:|---:|---:|');
  for (const s of plan.steps) {
    lines.push(`| +${formatSeconds(s.offsetSeconds)} | ${s.label.replace(/\|/g, '\\|')} | ${formatPercent(s.newFleetTrafficPercent)} | `
      + `${s.oldCopiesOn}/${s.oldCopies} | ${s.newCopiesOn}/${s.newCopies} |`);
  }
  const notes = copyRoundingNotes(plan);
  if (notes.length > 0) {
    lines.push('', ...notes.map(n => `- ${n}`));
  }
  lines.push('', renderMermaid(plan, 'Traffic on the new copies (percent)'));
  return lines.join('\n');
}
