/**
 * Text and Markdown renderings of a deployment plan. Not exported from the package: reached through
 * `DeploymentPlan.toString()` / `toMarkdown()`, and used by the `cdk-sagemaker-endpoint` command on the same data.
 */
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
  /** The same plan at the autoscaling maximum (null when the fleet is not autoscaled). */
  readonly atMaximum?: PlanJson | null;
}

/** Width of the ASCII timeline bar (fits 100 columns with its indent and the axis labels). */
export const BAR_WIDTH = 72;

/** The share of traffic on the new fleet at `t` seconds. */
export function trafficAtSeconds(plan: PlanJson, t: number): number {
  let current = 0;
  for (const s of plan.steps) {
    if (s.offsetSeconds <= t) {
      current = s.newFleetTrafficPercent;
    }
  }
  return current;
}

function stepAt(plan: PlanJson, t: number): PlanStepJson | undefined {
  let current: PlanStepJson | undefined;
  for (const s of plan.steps) {
    if (s.offsetSeconds <= t) {
      current = s;
    }
  }
  return current;
}

/** The character for a traffic share: `.` none, `1`-`9` up to 10-90 percent, `#` all; `=` termination wait. */
function barChar(step: PlanStepJson | undefined, share: number): string {
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
export function renderBar(plan: PlanJson, width = BAR_WIDTH): string[] {
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
  if (!serverless) {
    const rollback = plan.strategy === 'ROLLING'
      ? ` | rollback ${formatSeconds(plan.rollbackDurationSeconds)}, peak ${plan.rollbackPeakInstanceCount}` : '';
    lines.push(`${indent}peak ${plan.peakInstanceCount} instances (fleet ${plan.instanceCount})`
      + ` | ${plan.extraInstanceMinutes} extra instance-minutes${rollback}`);
  }
  return lines;
}

function onRun(on: number | undefined, running: number): string {
  return on === undefined ? String(running) : `${on}/${running}`;
}

/** `(default: worst case + 10m margin)`, or `(given)`. */
function timeoutOrigin(plan: PlanJson): string {
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
export function sampleTraffic(plan: PlanJson, points = 49): number[] {
  const total = plan.worstCaseDurationSeconds;
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = (i * total) / (points - 1);
    values.push(i === points - 1 ? trafficAtSeconds(plan, total) : trafficAtSeconds(plan, t));
  }
  return values;
}

/** The mermaid `xychart-beta` source of traffic share on the new fleet over time. */
export function renderMermaid(plan: PlanJson): string {
  const minutes = Math.max(1, Math.ceil(plan.worstCaseDurationSeconds / 60));
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Traffic on the new fleet (percent)"',
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
