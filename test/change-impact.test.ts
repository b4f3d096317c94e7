// Change impact of single-property changes to the canonical example, judged by the CDK's own diff engine
// (@aws-cdk/cloudformation-diff, offline): the Endpoint is never replaced or destroyed, every replaced
// Model/EndpointConfig gets a new physical name (a custom-named replacement is failure-modes row 1), nothing
// unrelated changes, and an unchanged app diffs empty. The table is printed and pinned in the docs.
//
// Regenerate the docs table after an intended behaviour change: UPDATE_CHANGE_IMPACT=1 npx jest test/change-impact.test.ts
import * as fs from 'fs';
import * as path from 'path';
import { fullDiff, ResourceDifference, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { App, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CanaryRolloutStack } from '../examples/app';
import { ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InstanceType } from '../src';
import { CANONICAL_STACK_NAME, CanonicalOptions, canonicalApp } from './util/canonical-app';
import { MODEL_SOURCE_CHANGES } from './util/change-impact-model-sources';
import { SHADOW_CHANGES } from './util/change-impact-shadow';

interface Change {
  /** What changes, in words (a row of the table). */
  readonly name: string;
  /** The options before the change. @default - the canonical example */
  readonly before?: CanonicalOptions;
  /** The options after the change. */
  readonly after: CanonicalOptions;
  /** Logical id prefixes of the resources this change may touch; anything else changing fails the test. */
  readonly mayTouch: string[];
}

const ALARMS = ['DeploymentErrorRateAlarm', 'DeploymentLatencyAlarm'];
/** A new config name reaches the endpoint and the new-fleet alarms (their EndpointConfigName dimension). */
const NEW_CONFIG = ['Config', 'Endpoint', ...ALARMS];
const NEW_MODEL = ['Model0', ...NEW_CONFIG];

const CHANGES: Change[] = [
  { name: 'image tag v42 -> v43', after: { imageTag: 'v43' }, mayTouch: NEW_MODEL },
  { name: 'container environment changed', after: { environment: { SAGEMAKER_PROGRAM: 'serve.py' } }, mayTouch: NEW_MODEL },
  { name: 'model data added', after: { modelDataKey: 'v1/model.tar.gz' }, mayTouch: [...NEW_MODEL, 'ModelRoleDefaultPolicy'] },
  {
    name: 'model data key changed',
    before: { modelDataKey: 'v1/model.tar.gz' },
    after: { modelDataKey: 'v2/model.tar.gz' },
    mayTouch: [...NEW_MODEL, 'ModelRoleDefaultPolicy'],
  },
  { name: 'instance type ml.c5.xlarge -> ml.c5.2xlarge', after: { instanceType: InstanceType.ML_C5_2XLARGE }, mayTouch: NEW_CONFIG },
  { name: 'instance count 4 -> 6', after: { instanceCount: 6 }, mayTouch: NEW_CONFIG },
  { name: 'variant weight 1 -> 2', after: { variantWeight: 2 }, mayTouch: NEW_CONFIG },
  { name: 'data capture added (20 percent)', after: { dataCapturePercent: 20 }, mayTouch: [...NEW_CONFIG, 'ModelRoleDefaultPolicy'] },
  { name: 'KMS key for the instance volumes added', after: { volumeKey: true }, mayTouch: [...NEW_CONFIG, 'VolumeKey'] },
  { name: 'traffic routing canary -> linear 25 percent', after: { trafficRouting: 'linear' }, mayTouch: ['Endpoint'] },
  { name: 'bake interval 10 -> 15 minutes', after: { bakeMinutes: 15 }, mayTouch: ['Endpoint'] },
  { name: 'termination wait 5 -> 10 minutes', after: { terminationWaitMinutes: 10 }, mayTouch: ['Endpoint'] },
  { name: 'latency alarm threshold 300 -> 500 ms', after: { latencyThresholdMillis: 500 }, mayTouch: ['DeploymentLatencyAlarm'] },
  { name: 'rollback alarm added', after: { extraAlarm: true }, mayTouch: ['Endpoint', 'BothFleetErrors'] },
  { name: 'config tags added', after: { configTags: { team: 'ml' } }, mayTouch: ['Config'] },
  {
    name: 'stack tags added with Tags.of()',
    after: { stackTags: { team: 'ml' } },
    // every taggable resource of the stack takes the tag
    mayTouch: ['Config', 'Endpoint', 'ModelRole3', 'ClientServiceRole', 'Client4', 'Model0', 'CdkSageMakerEndpointVerifyRollout', ...ALARMS],
  },
  {
    name: 'autoscaling added (4-8 instances)',
    after: { autoScaling: { minCapacity: 4, maxCapacity: 8 } },
    mayTouch: ['Endpoint'],
  },
  {
    name: 'autoscaling bounds 4-8 -> 4-12',
    before: { autoScaling: { minCapacity: 4, maxCapacity: 8 } },
    after: { autoScaling: { minCapacity: 4, maxCapacity: 12 } },
    // the default maximumExecutionTimeout covers the autoscaling maximum, so the endpoint's DeploymentConfig changes too
    mayTouch: ['EndpointScalableInstanceCount', 'Endpoint'],
  },
  ...MODEL_SOURCE_CHANGES,
];
CHANGES.push(...SHADOW_CHANGES);

type Json = { [key: string]: any };

function synth(options: CanonicalOptions = {}): Json {
  return Template.fromStack(canonicalApp(options).stack).toJSON();
}

const NAME_PROPERTY: { [type: string]: string } = {
  'AWS::SageMaker::Model': 'ModelName',
  'AWS::SageMaker::EndpointConfig': 'EndpointConfigName',
  'AWS::SageMaker::Endpoint': 'EndpointName',
};

const SHORT_TYPE: { [type: string]: string } = {
  'AWS::SageMaker::Model': 'Model',
  'AWS::SageMaker::EndpointConfig': 'EndpointConfig',
  'AWS::SageMaker::Endpoint': 'Endpoint',
};

interface Impact {
  readonly logicalId: string;
  readonly type: string;
  readonly impact: ResourceImpact;
  readonly diff: ResourceDifference;
}

function impactsOf(before: Json, after: Json): Impact[] {
  const diff = fullDiff(before, after);
  const impacts: Impact[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    impacts.push({
      logicalId,
      type: (change.newResourceType ?? change.oldResourceType)!,
      impact: change.changeImpact,
      diff: change,
    });
  });
  return impacts.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
}

function word(impact: ResourceImpact): string {
  switch (impact) {
    case ResourceImpact.WILL_UPDATE: return 'updated in place';
    case ResourceImpact.WILL_CREATE: return 'added';
    case ResourceImpact.WILL_REPLACE: return 'replaced, new name';
    case ResourceImpact.MAY_REPLACE: return 'may be replaced';
    case ResourceImpact.WILL_DESTROY: return 'destroyed';
    case ResourceImpact.WILL_ORPHAN: return 'orphaned';
    case ResourceImpact.WILL_IMPORT: return 'imported';
    default: return 'no change';
  }
}

/** One table cell: the impact on the Model/EndpointConfig/Endpoint of the example ('-' when untouched). */
function cell(impacts: Impact[], type: string): string {
  const own = impacts.filter(i => i.type === type);
  return own.length === 0 ? '-' : [...new Set(own.map(i => word(i.impact)))].join(', ');
}

function others(impacts: Impact[]): string {
  const rest = impacts.filter(i => !SHORT_TYPE[i.type]);
  if (rest.length === 0) {
    return '-';
  }
  const counts = new Map<string, number>();
  for (const i of rest) {
    const key = `${i.type.replace(/^AWS::/, '')} ${word(i.impact)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => (n > 1 ? `${n} x ${key}` : key)).join('; ');
}

/** Logical ids a value references with Ref or Fn::GetAtt. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(referencedIds);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const obj = value as Json;
  const own = typeof obj.Ref === 'string' ? [obj.Ref] : Array.isArray(obj['Fn::GetAtt']) ? [obj['Fn::GetAtt'][0]] : [];
  return [...own, ...Object.values(obj).flatMap(referencedIds)];
}

interface Row {
  readonly change: Change;
  readonly impacts: Impact[];
  readonly before: Json;
  readonly after: Json;
}

function renderTable(rows: Row[]): string {
  const lines = [
    '| change | Model | EndpointConfig | Endpoint | other resources |',
    '|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const i = row.impacts;
    lines.push(`| ${row.change.name} | ${cell(i, 'AWS::SageMaker::Model')} | ${cell(i, 'AWS::SageMaker::EndpointConfig')} | ${cell(i, 'AWS::SageMaker::Endpoint')} | ${others(i)} |`);
  }
  return lines.join('\n');
}

const START = '<!-- change-impact:start (generated by test/change-impact.test.ts) -->';
const END = '<!-- change-impact:end -->';
const DOC = path.join(__dirname, '..', 'docs', 'validation.md');

function docTable(text: string): string | undefined {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < start ? undefined : text.slice(start + START.length, end).trim();
}

/** Writes the table into the doc (between the markers, inside the "## Change impact" section). */
function writeDoc(file: string, table: string): void {
  const block = `${START}\n${table}\n${END}`;
  const text = fs.readFileSync(file, 'utf-8');
  if (docTable(text) !== undefined) {
    fs.writeFileSync(file, text.slice(0, text.indexOf(START)) + block + text.slice(text.indexOf(END) + END.length));
    return;
  }
  // insert after the "## Change impact" heading, replacing the section's placeholder text
  const heading = /^## Change impact\s*$/m.exec(text)!;
  const sectionStart = heading.index + heading[0].length;
  const next = text.slice(sectionStart).search(/^## /m);
  const sectionEnd = next < 0 ? text.length : sectionStart + next;
  const intro = '\n\nWhat CloudFormation does to the canonical example (`examples/app.ts`) for single-property changes, '
    + 'as computed by `@aws-cdk/cloudformation-diff` in `test/change-impact.test.ts` (the test fails when this '
    + 'table and the computed one differ).\n\n';
  fs.writeFileSync(file, text.slice(0, sectionStart) + intro + block + '\n\n' + text.slice(sectionEnd).replace(/^\n+/, ''));
}

const cache = new Map<string, Json>();
function cachedSynth(options: CanonicalOptions = {}): Json {
  const key = JSON.stringify(options, (_, v) => (v instanceof InstanceType ? v.toString() : v));
  if (!cache.has(key)) {
    cache.set(key, synth(options));
  }
  return cache.get(key)!;
}

let rows: Row[];
beforeAll(() => {
  rows = CHANGES.map(change => {
    const before = cachedSynth(change.before);
    const after = cachedSynth(change.after);
    return { change, before, after, impacts: impactsOf(before, after) };
  });
  // eslint-disable-next-line no-console
  console.log(`change -> impact (${rows.length} single-property changes to the canonical example)\n\n${renderTable(rows)}`);
});

describe('the canonical helper', () => {
  test('builds exactly the template examples/app.ts builds', () => {
    // GIVEN
    const app = new App();
    const example = new CanaryRolloutStack(app, CANONICAL_STACK_NAME);
    // THEN
    expect(cachedSynth()).toEqual(Template.fromStack(example).toJSON());
  });
});

describe('an unchanged app', () => {
  test('two synths produce byte-identical templates and an empty diff', () => {
    // GIVEN / WHEN
    const first = synth();
    const second = synth();
    // THEN
    expect(JSON.stringify(second)).toEqual(JSON.stringify(first));
    expect(fullDiff(first, second).differenceCount).toBe(0);
  });
});

describe.each(CHANGES.map(c => [c.name, c] as const))('%s', (_name, change) => {
  const row = () => rows.find(r => r.change === change)!;

  test('changes something (the change is real)', () => {
    expect(row().impacts.length).toBeGreaterThan(0);
  });

  test('never replaces or destroys the endpoint, and keeps its name', () => {
    const endpoints = row().impacts.filter(i => i.type === 'AWS::SageMaker::Endpoint');
    for (const e of endpoints) {
      expect(`${e.logicalId}: ${e.impact}`).toMatch(/: (WILL_UPDATE|NO_CHANGE)$/);
      expect(e.diff.newValue?.Properties?.EndpointName).toEqual(e.diff.oldValue?.Properties?.EndpointName);
    }
  });

  test('gives every replaced model and endpoint config a new physical name', () => {
    const replaced = row().impacts.filter(i => i.impact === ResourceImpact.WILL_REPLACE || i.impact === ResourceImpact.MAY_REPLACE);
    for (const r of replaced) {
      const nameProperty = NAME_PROPERTY[r.type];
      expect(`${r.logicalId} (${r.type}) replaced`).toMatch(/\((AWS::SageMaker::Model|AWS::SageMaker::EndpointConfig)\)/);
      const oldName = r.diff.oldValue?.Properties?.[nameProperty];
      const newName = r.diff.newValue?.Properties?.[nameProperty];
      expect(typeof newName).toBe('string');
      expect(newName).not.toEqual(oldName);
    }
  });

  test('touches only the resources the change is about', () => {
    const unrelated = row().impacts
      .filter(i => !change.mayTouch.some(prefix => i.logicalId.startsWith(prefix)))
      .map(i => `${i.logicalId} (${i.type}): ${i.impact}`);
    expect(unrelated).toEqual([]);
  });
});

describe('the impacts the table documents', () => {
  const impactOf = (name: string, type: string) => cell(rows.find(r => r.change.name === name)!.impacts, type);

  test('model changes replace model and config and update the endpoint in place', () => {
    for (const name of ['image tag v42 -> v43', 'container environment changed', 'model data added', 'model data key changed', ...MODEL_SOURCE_CHANGES.map(c => c.name)]) {
      expect([name, impactOf(name, 'AWS::SageMaker::Model')]).toEqual([name, 'replaced, new name']);
      expect([name, impactOf(name, 'AWS::SageMaker::EndpointConfig')]).toEqual([name, 'replaced, new name']);
      expect([name, impactOf(name, 'AWS::SageMaker::Endpoint')]).toEqual([name, 'updated in place']);
    }
  });

  test('config changes replace the config only and update the endpoint in place', () => {
    for (const name of ['instance type ml.c5.xlarge -> ml.c5.2xlarge', 'instance count 4 -> 6', 'variant weight 1 -> 2',
      'data capture added (20 percent)', 'KMS key for the instance volumes added']) {
      expect([name, impactOf(name, 'AWS::SageMaker::Model')]).toEqual([name, '-']);
      expect([name, impactOf(name, 'AWS::SageMaker::EndpointConfig')]).toEqual([name, 'replaced, new name']);
      expect([name, impactOf(name, 'AWS::SageMaker::Endpoint')]).toEqual([name, 'updated in place']);
    }
  });

  test('rollout settings update only the endpoint, in place', () => {
    for (const name of ['traffic routing canary -> linear 25 percent', 'bake interval 10 -> 15 minutes', 'termination wait 5 -> 10 minutes']) {
      expect(row(name)).toEqual([name, '-', '-', 'updated in place', '-']);
    }
  });

  test('alarms that follow a new config are updated before the endpoint rolls out (the endpoint depends on them)', () => {
    for (const r of rows) {
      const updatedAlarms = r.impacts.filter(i => i.type === 'AWS::CloudWatch::Alarm' && i.impact === ResourceImpact.WILL_UPDATE).map(i => i.logicalId);
      const endpoint = Object.values(r.after.Resources as Json).find((res: Json) => res.Type === 'AWS::SageMaker::Endpoint') as Json;
      // explicit DependsOn, or an implicit one through Ref/GetAtt (DeploymentConfig names the alarms by Ref)
      const dependsOn: string[] = [...[endpoint.DependsOn ?? []].flat(), ...referencedIds(endpoint.Properties)];
      expect([r.change.name, updatedAlarms.filter(a => !dependsOn.includes(a))]).toEqual([r.change.name, []]);
    }
  });

  test('tags are updated in place, never replacing a config', () => {
    expect(impactOf('config tags added', 'AWS::SageMaker::EndpointConfig')).toEqual('updated in place');
    expect(impactOf('stack tags added with Tags.of()', 'AWS::SageMaker::EndpointConfig')).toEqual('updated in place');
    expect(impactOf('stack tags added with Tags.of()', 'AWS::SageMaker::Endpoint')).toEqual('updated in place');
  });

  function row(name: string): string[] {
    const i = rows.find(r => r.change.name === name)!.impacts;
    return [name, cell(i, 'AWS::SageMaker::Model'), cell(i, 'AWS::SageMaker::EndpointConfig'), cell(i, 'AWS::SageMaker::Endpoint'), others(i)];
  }
});

describe('the documented table', () => {
  test('equals the computed table (docs/validation.md, "## Change impact")', () => {
    // GIVEN
    const table = renderTable(rows);
    if (process.env.UPDATE_CHANGE_IMPACT) {
      writeDoc(DOC, table);
    }
    // THEN
    expect(docTable(fs.readFileSync(DOC, 'utf-8'))).toEqual(table);
  });
});

// ---------- inference components (issue 15) ----------
// The same diff engine over an app with an endpoint that hosts one inference component: a specification change
// updates the component in place (same logical id, same name) and leaves the endpoint and its config alone; a new
// variant or endpoint gives the component a new logical id and a new name (the API cannot move a component), and
// a fleet change (instance type) replaces the config only. The table is pinned in docs/validation.md too.

interface ComponentOptions {
  readonly imageTag?: string;
  readonly variantName?: string;
  readonly endpointName?: string;
  readonly instanceType?: InstanceType;
  readonly autoScaling?: boolean;
}

interface ComponentChange {
  readonly name: string;
  readonly before?: ComponentOptions;
  readonly after: ComponentOptions;
  /** Logical id prefixes of the resources this change may touch. */
  readonly mayTouch: string[];
}

const COMPONENT_CHANGES: ComponentChange[] = [
  { name: 'component image tag v1 -> v2', after: { imageTag: 'v2' }, mayTouch: ['ComponentComponent'] },
  {
    name: 'component image tag v1 -> v2, copy autoscaling attached',
    before: { autoScaling: true },
    after: { autoScaling: true, imageTag: 'v2' },
    mayTouch: ['ComponentComponent'],
  },
  { name: 'instance type ml.g5.12xlarge -> ml.g5.24xlarge', after: { instanceType: InstanceType.ML_G5_24XLARGE }, mayTouch: ['Config', 'Endpoint'] },
  { name: 'variant AllTraffic -> Main', after: { variantName: 'Main' }, mayTouch: ['Config', 'Endpoint', 'ComponentComponent'] },
  { name: 'endpoint name llm -> llm-2', after: { endpointName: 'llm-2' }, mayTouch: ['Endpoint', 'ComponentComponent'] },
  {
    name: 'copy autoscaling added (1-4 copies)',
    after: { autoScaling: true },
    mayTouch: ['ComponentScalableCopyCount'],
  },
];

function synthComponents(options: ComponentOptions = {}): Json {
  const stack = new Stack(new App(), 'Components', { env: { account: '123456789012', region: 'us-east-1' } });
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{ variantName: options.variantName ?? 'AllTraffic', instanceType: options.instanceType ?? InstanceType.ML_G5_12XLARGE }],
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: options.endpointName ?? 'llm' });
  const component = new InferenceComponent(stack, 'Component', {
    endpoint,
    specification: ComponentSpecification.fromContainer({
      image: ContainerImage.fromImageUri(`123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:${options.imageTag ?? 'v1'}`),
    }),
    numberOfAcceleratorDevicesRequired: 1,
    minMemoryRequired: Size.gibibytes(16),
  });
  if (options.autoScaling) {
    component.autoScaleCopyCount({ minCapacity: 1, maxCapacity: 4 }).scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 5 });
  }
  return Template.fromStack(stack).toJSON();
}

const IC_TYPE = 'AWS::SageMaker::InferenceComponent';

/** The impact on the component: a new logical id is "replaced, new name" (the old one is deleted in cleanup). */
function componentCell(impacts: Impact[]): string {
  const own = impacts.filter(i => i.type === IC_TYPE);
  if (own.some(i => i.impact === ResourceImpact.WILL_CREATE) && own.some(i => i.impact === ResourceImpact.WILL_DESTROY)) {
    return 'replaced (new logical id), new name';
  }
  return cell(impacts, IC_TYPE);
}

function componentOthers(impacts: Impact[]): string {
  return others(impacts.filter(i => i.type !== IC_TYPE));
}

function renderComponentTable(componentRows: Array<{ change: ComponentChange; impacts: Impact[] }>): string {
  const lines = [
    '| change | EndpointConfig | Endpoint | InferenceComponent | other resources |',
    '|---|---|---|---|---|',
  ];
  for (const { change, impacts } of componentRows) {
    lines.push(`| ${change.name} | ${cell(impacts, 'AWS::SageMaker::EndpointConfig')} | ${cell(impacts, 'AWS::SageMaker::Endpoint')} | ${componentCell(impacts)} | ${componentOthers(impacts)} |`);
  }
  return lines.join('\n');
}

const IC_START = '<!-- component-change-impact:start (generated by test/change-impact.test.ts) -->';
const IC_END = '<!-- component-change-impact:end -->';

function componentDocTable(text: string): string | undefined {
  const start = text.indexOf(IC_START);
  const end = text.indexOf(IC_END);
  return start < 0 || end < start ? undefined : text.slice(start + IC_START.length, end).trim();
}

/** Writes the component table after the canonical table (its own markers, its own sub-heading). */
function writeComponentDoc(file: string, table: string): void {
  const block = `${IC_START}\n${table}\n${IC_END}`;
  const text = fs.readFileSync(file, 'utf-8');
  if (componentDocTable(text) !== undefined) {
    fs.writeFileSync(file, text.slice(0, text.indexOf(IC_START)) + block + text.slice(text.indexOf(IC_END) + IC_END.length));
    return;
  }
  const at = text.indexOf(END) + END.length;
  const intro = '\n\n### Inference components\n\nThe same computation over an endpoint that hosts one inference component '
    + '(`test/change-impact.test.ts`): a specification change updates the component in place, a new variant or endpoint '
    + 'gives it a new logical id and a new name (the API cannot move a component), and the copy count in the template '
    + 'does not follow autoscaling.\n\n';
  fs.writeFileSync(file, text.slice(0, at) + intro + block + text.slice(at));
}

describe('inference components', () => {
  let componentRows: Array<{ change: ComponentChange; impacts: Impact[]; before: Json; after: Json }>;
  beforeAll(() => {
    componentRows = COMPONENT_CHANGES.map(change => {
      const before = synthComponents(change.before);
      const after = synthComponents(change.after);
      return { change, before, after, impacts: impactsOf(before, after) };
    });
    // eslint-disable-next-line no-console
    console.log(`change -> impact (${componentRows.length} changes to an endpoint with an inference component)\n\n${renderComponentTable(componentRows)}`);
  });
  const rowOf = (name: string) => componentRows.find(r => r.change.name === name)!;
  const componentsOf = (t: Json) => Object.entries(t.Resources as Json).filter(([, r]) => (r as Json).Type === IC_TYPE) as Array<[string, Json]>;

  test('an unchanged app diffs empty', () => {
    expect(fullDiff(synthComponents(), synthComponents()).differenceCount).toBe(0);
  });

  test.each(COMPONENT_CHANGES.map(c => [c.name, c] as const))('%s touches only the resources it is about, and never replaces the endpoint unless renamed', (_name, change) => {
    const row = rowOf(change.name);
    expect(row.impacts.length).toBeGreaterThan(0);
    const unrelated = row.impacts.filter(i => !change.mayTouch.some(p => i.logicalId.startsWith(p))).map(i => `${i.logicalId} (${i.type}): ${i.impact}`);
    expect(unrelated).toEqual([]);
    if (change.after.endpointName === undefined) {
      expect(row.impacts.filter(i => i.type === 'AWS::SageMaker::Endpoint' && i.impact !== ResourceImpact.WILL_UPDATE)).toEqual([]);
    }
  });

  test.each(['component image tag v1 -> v2', 'component image tag v1 -> v2, copy autoscaling attached'])(
    '%s updates the component in place (same logical id and name, same copy count) without touching the endpoint or its config', (name) => {
      const row = rowOf(name);
      expect(componentCell(row.impacts)).toEqual('updated in place');
      expect(cell(row.impacts, 'AWS::SageMaker::Endpoint')).toEqual('-');
      expect(cell(row.impacts, 'AWS::SageMaker::EndpointConfig')).toEqual('-');
      const [[beforeId, before]] = componentsOf(row.before);
      const [[afterId, after]] = componentsOf(row.after);
      expect(afterId).toEqual(beforeId);
      expect(after.Properties.InferenceComponentName).toEqual(before.Properties.InferenceComponentName);
      expect(after.Properties.RuntimeConfig).toEqual(before.Properties.RuntimeConfig);
    });

  test.each(['variant AllTraffic -> Main', 'endpoint name llm -> llm-2'])('%s replaces the component with a new logical id and a new name', (name) => {
    const row = rowOf(name);
    expect(componentCell(row.impacts)).toEqual('replaced (new logical id), new name');
    const [[beforeId, before]] = componentsOf(row.before);
    const [[afterId, after]] = componentsOf(row.after);
    expect(afterId).not.toEqual(beforeId);
    expect(after.Properties.InferenceComponentName).not.toEqual(before.Properties.InferenceComponentName);
  });

  test('a fleet change (instance type) replaces the config and keeps the component', () => {
    const row = rowOf('instance type ml.g5.12xlarge -> ml.g5.24xlarge');
    expect(cell(row.impacts, 'AWS::SageMaker::EndpointConfig')).toEqual('replaced, new name');
    expect(cell(row.impacts, 'AWS::SageMaker::Endpoint')).toEqual('updated in place');
    expect(componentCell(row.impacts)).toEqual('-');
  });

  test('attaching copy autoscaling with the default minimum leaves the component as it is', () => {
    expect(componentCell(rowOf('copy autoscaling added (1-4 copies)').impacts)).toEqual('-');
  });

  test('the documented table equals the computed one (docs/validation.md, "### Inference components")', () => {
    const table = renderComponentTable(componentRows);
    if (process.env.UPDATE_CHANGE_IMPACT) {
      writeComponentDoc(DOC, table);
    }
    expect(componentDocTable(fs.readFileSync(DOC, 'utf-8'))).toEqual(table);
  });
});
