/**
 * `cdk-sagemaker-endpoint plan`: the rollout plan of every SageMaker endpoint in a cloud assembly.
 */
import { AssemblyStack } from './assembly';
import { ComponentReport, collectComponents } from './components';
import { AlarmReport, EndpointReport, Finding, collectEndpoints } from './endpoints';
import { EXIT_FINDINGS, EXIT_OK } from './errors';
import { MAX_WIDTH, Style, wrap } from './output';
import { renderComponentPlanMarkdown, renderComponentPlanText, renderPlanMarkdown, renderPlanText } from '../deployment/plan-render';

/** The JSON output of `plan --format json` (docs/plan.schema.json). */
export interface PlanReport {
  readonly schemaVersion: 1;
  readonly assembly: string;
  readonly stacks: Array<{ readonly name: string; readonly stackName: string; readonly account: string | null; readonly region: string | null }>;
  readonly endpoints: EndpointReport[];
  /** The inference components; their findings count in the summary's errors and warnings. */
  readonly components: ComponentReport[];
  readonly summary: { readonly stacks: number; readonly endpoints: number; readonly errors: number; readonly warnings: number };
}

/** Builds the report for the selected stacks. */
export function buildPlanReport(assembly: string, stacks: AssemblyStack[]): PlanReport {
  const endpoints = collectEndpoints(stacks);
  const components = collectComponents(stacks);
  const all = [...endpoints.flatMap(e => e.findings), ...components.flatMap(c => c.findings)];
  return {
    schemaVersion: 1,
    assembly,
    stacks: stacks.map(s => ({ name: s.displayName, stackName: s.stackName, account: s.account ?? null, region: s.region ?? null })),
    endpoints,
    components,
    summary: {
      stacks: stacks.length,
      endpoints: endpoints.length,
      errors: all.filter(f => f.level === 'error').length,
      warnings: all.filter(f => f.level === 'warning').length,
    },
  };
}

/** Exit code for a report: 1 when any finding is an error. */
export function planExitCode(report: PlanReport): number {
  return report.summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

const WATCHES: { [k: string]: string } = { 'new-fleet': 'new fleet', 'both-fleets': 'both fleets', 'unknown': 'unknown' };
/** An alarm on a component's InferenceComponentName sees old and new copies alike. */
const COMPONENT_WATCHES: { [k: string]: string } = { 'new-fleet': 'new copies', 'both-fleets': 'all copies', 'unknown': 'unknown' };

function summaryLine(report: PlanReport): string {
  const { endpoints, stacks, errors, warnings } = report.summary;
  const components = report.components.length > 0 ? `, ${plural(report.components.length, 'inference component')}` : '';
  return `${plural(endpoints, 'endpoint')}${components} in ${plural(stacks, 'stack')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** Plain text, at most 100 columns; colour through `style`. */
export function renderText(report: PlanReport, style: Style): string {
  const out: string[] = [];
  if (report.endpoints.length === 0 && report.components.length === 0) {
    return `No SageMaker endpoints in ${report.assembly} (${plural(report.summary.stacks, 'stack')}): nothing to show\n`;
  }
  for (const stack of report.stacks) {
    const endpoints = report.endpoints.filter(e => e.stack === stack.name);
    const components = report.components.filter(c => c.stack === stack.name);
    if (endpoints.length === 0 && components.length === 0) {
      continue;
    }
    const env = stack.account || stack.region ? `, aws://${stack.account ?? 'unknown-account'}/${stack.region ?? 'unknown-region'}` : '';
    out.push(...fit(`Stack ${stack.name}`, ` (stack name ${stack.stackName}${env})`, '', style));
    for (const e of endpoints) {
      out.push('');
      out.push(...fit(`Endpoint ${e.endpointName ?? `<generated name of ${e.logicalId}>`}`, e.path ? `  ${e.path}` : '', '  ', style));
      const facts = [`config ${e.endpointConfigName ?? '<generated>'}`];
      if (e.variantName) {
        facts.push(`variant ${e.variantName}`);
      }
      out.push(...wrap(facts.join(', '), '  '));
      if (e.variants.length > 0) {
        out.push(...wrap(`fleet: ${fleetText(e)}`, '  '));
      }
      if (e.plan) {
        out.push(...renderPlanText(e.plan, '    ').split('\n'));
      }
      if (e.strategy !== 'NONE') {
        if (e.alarms.length > 0) {
          out.push('  rollback alarms:');
          for (const a of e.alarms) {
            out.push(`    ${pad(WATCHES[a.watches], 12)} ${a.alarmName}`);
            if (a.description) {
              out.push(...wrap(a.description, '      '));
            }
          }
        } else {
          out.push('  rollback alarms: none');
        }
      }
      for (const f of e.findings) {
        out.push(...findingText(f, style));
      }
      for (const c of components.filter(x => x.endpointLogicalId === e.logicalId)) {
        out.push(...componentText(c, '    ', style));
      }
    }
    const hosted = new Set(endpoints.map(e => e.logicalId));
    for (const c of components.filter(x => x.endpointLogicalId === null || !hosted.has(x.endpointLogicalId))) {
      out.push(...componentText(c, '    ', style));
    }
    out.push('');
  }
  out.push(summaryLine(report));
  return out.join('\n') + '\n';
}

/** An inference component: its facts, its rolling timeline (or the blue/green note), alarms and findings. */
function componentText(c: ComponentReport, indent: string, style: Style): string[] {
  const out: string[] = [''];
  out.push(...fit(`Inference component ${componentName(c)}`, c.path ? `  ${c.path}` : '', indent.slice(2), style));
  out.push(...wrap(componentFacts(c).join(', '), indent));
  if (c.plan) {
    out.push(...renderComponentPlanText(c.plan, indent).split('\n'));
  }
  if (c.strategy === 'ROLLING') {
    out.push(c.alarms.length > 0 ? `${indent}rollback alarms:` : `${indent}rollback alarms: none`);
    for (const a of c.alarms) {
      out.push(`${indent}  ${pad(COMPONENT_WATCHES[a.watches], 12)} ${a.alarmName}`);
      if (a.description) {
        out.push(...wrap(a.description, `${indent}    `));
      }
    }
  }
  for (const f of c.findings) {
    out.push(...findingText(f, style, indent));
  }
  return out;
}

function componentName(c: ComponentReport): string {
  return c.inferenceComponentName ?? `<generated name of ${c.logicalId}>`;
}

/** `endpoint llm, variant AllTraffic, model llm-v1, copies 2-4 (autoscaled)`. */
function componentFacts(c: ComponentReport): string[] {
  const facts = [`endpoint ${c.endpointName ?? '<token>'}${c.endpointLogicalId === null ? ' (not in this template)' : ''}`];
  if (c.variantName) {
    facts.push(`variant ${c.variantName}`);
  }
  if (c.model) {
    facts.push(`model ${c.model}`);
  } else if (c.image) {
    facts.push(`image ${c.image}`);
  }
  const copies = c.copyCount === null ? '?' : c.maxCopyCount !== null ? `${c.copyCount}-${c.maxCopyCount}` : String(c.copyCount);
  facts.push(`copies ${copies}${c.maxCopyCount !== null ? ' (autoscaled)' : ''}`);
  return facts;
}

/** A bold head and a dim tail on one line, or on two when the line would pass 100 columns. */
function fit(head: string, tail: string, indent: string, style: Style): string[] {
  if (indent.length + head.length + tail.length <= MAX_WIDTH) {
    return [`${indent}${style.bold(head)}${style.dim(tail)}`];
  }
  const room = MAX_WIDTH - indent.length - 2;
  const rest = tail.trim();
  // a construct path longer than the line keeps its end, which names the resource
  const shown = rest.length > room ? `...${rest.slice(rest.length - room + 3)}` : rest;
  return [`${indent}${style.bold(head)}`, ...(shown ? [`${indent}  ${style.dim(shown)}`] : [])];
}

function findingText(f: Finding, style: Style, indent = '  '): string[] {
  const lines = wrap(`${f.level}: ${f.message} [${f.code}]`, indent, 100, '    ');
  const colour = f.level === 'error' ? style.red.bind(style) : f.level === 'warning' ? style.yellow.bind(style) : style.cyan.bind(style);
  return lines.map(l => colour(l));
}

/** Markdown for pull-request comments (GitHub renders the mermaid chart). */
export function renderMarkdown(report: PlanReport): string {
  const out: string[] = ['## SageMaker endpoint deployment plans', ''];
  if (report.endpoints.length === 0 && report.components.length === 0) {
    out.push(`No SageMaker endpoints in \`${report.assembly}\` (${plural(report.summary.stacks, 'stack')}): nothing to show.`);
    return out.join('\n') + '\n';
  }
  out.push(summaryLine(report), '');
  for (const e of report.endpoints) {
    out.push(`### \`${e.stack}\` / \`${e.endpointName ?? e.logicalId}\``, '');
    const facts = [`config \`${e.endpointConfigName ?? '<generated>'}\``];
    if (e.variantName) {
      facts.push(`variant \`${e.variantName}\``);
    }
    if (e.path) {
      facts.push(`construct \`${e.path}\``);
    }
    out.push(facts.join(', '), '');
    if (e.variants.length > 0) {
      out.push(`Fleet: ${fleetText(e)}`, '');
    }
    if (e.plan) {
      out.push(renderPlanMarkdown(e.plan), '');
    }
    if (e.strategy !== 'NONE') {
      out.push(...alarmsMarkdown(e.alarms, WATCHES));
    }
    out.push(...findingsMarkdown(e.findings));
  }
  for (const c of report.components) {
    out.push(`### \`${c.stack}\` / inference component \`${componentName(c)}\``, '');
    out.push(`${componentFacts(c).join(', ')}${c.path ? `, construct \`${c.path}\`` : ''}`, '');
    if (c.plan) {
      out.push(renderComponentPlanMarkdown(c.plan), '');
    }
    if (c.strategy === 'ROLLING') {
      out.push(...alarmsMarkdown(c.alarms, COMPONENT_WATCHES));
    }
    out.push(...findingsMarkdown(c.findings));
  }
  return out.join('\n');
}

/** The rollback alarms of an endpoint or component as a Markdown table (`watches` names what each alarm sees). */
function alarmsMarkdown(alarms: readonly AlarmReport[], watches: { [k: string]: string }): string[] {
  if (alarms.length === 0) {
    return ['No rollback alarms.', ''];
  }
  return [
    '| rollback alarm | watches | measures |',
    '|---|---|---|',
    ...alarms.map(a => `| \`${a.alarmName}\` | ${watches[a.watches]} | ${(a.description ?? 'not in the template').replace(/\|/g, '\\|')} |`),
    '',
  ];
}

function findingsMarkdown(findings: Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const tag = f.level === 'error' ? '**Error**' : f.level === 'warning' ? '**Warning**' : '**Note**';
    out.push(`> ${tag}: ${f.message} (\`${f.code}\`)`, '');
  }
  return out;
}

/** JSON text (docs/plan.schema.json). */
export function renderJson(report: PlanReport): string {
  return JSON.stringify(report, undefined, 2) + '\n';
}

/**
 * `AllTraffic: 4-8 x ml.m5.large (autoscaled)`, `AllTraffic: 2 x ml.g5.xlarge, Shadow: 1 x ml.g5.xlarge` or
 * `AllTraffic: serverless`.
 */
export function fleetText(e: EndpointReport): string {
  return e.variants.map(v => {
    const name = v.variantName ?? '<token>';
    if (v.serverless) {
      return `${name}: serverless`;
    }
    const count = v.instanceCount === null ? '?' : v.maxInstanceCount !== null ? `${v.instanceCount}-${v.maxInstanceCount}` : String(v.instanceCount);
    return `${name}: ${count} x ${v.instanceType ?? '<token>'}${v.maxInstanceCount !== null ? ' (autoscaled)' : ''}${v.shadow ? ' (shadow)' : ''}`;
  }).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
