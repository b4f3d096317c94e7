/**
 * Runs the BUILT `cdk-sagemaker-endpoint` command (bin/ -> lib/cli/main.js) as a child process against cloud
 * assemblies synthesized here. Build first: `npx jsii --silence-warnings=reserved-word` (writes lib/).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  App, Duration, Stack, Stage, aws_cloudwatch as cw, aws_ecr as ecr, aws_iam as iam, aws_sagemaker as sm, aws_sns as sns,
} from 'aws-cdk-lib';
import {
  BlueGreenDeployment, ContainerImage, Endpoint, EndpointConfig, InstanceType, Model, RollingDeployment,
} from '../src';
import { CapacitySize, DeploymentPlan, DeploymentStrategy, TrafficRouting } from '../src/deployment';
import { validatePlanReport } from './util/plan-schema';
import { PROVISIONING_ALLOWANCE_METADATA_KEY } from '../src/deployment/plan-metadata';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdk-sagemaker-endpoint');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.js');
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

beforeAll(() => {
  if (!fs.existsSync(MAIN)) {
    throw new Error('lib/cli/main.js is missing: build the command first with `npx jsii --silence-warnings=reserved-word` (writes lib/)');
  }
});

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

let counter = 0;
function tempDir(): string {
  const dir = path.join(tmpRoot, `d${counter++}`);
  fs.mkdirSync(dir);
  return dir;
}

interface Result { readonly status: number | null; readonly stdout: string; readonly stderr: string }

function cli(...args: string[]): Result {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf-8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---------- fixtures: raw L1 resources only (DeploymentConfig written from a plan's settings) ----------

interface EndpointFixture {
  readonly plan?: DeploymentPlan;
  readonly instanceCount?: number;
  /** new: an alarm with the EndpointConfigName dimension; both: without it; none: no alarm */
  readonly alarm?: 'new' | 'both' | 'none';
  readonly rawDeploymentConfig?: sm.CfnEndpoint.DeploymentConfigProperty;
}

/** An endpoint named `<id>-endpoint` with model `<id>-model-<hash>`, tagged config `<id>-config-<hash>`, role `<id>-role`. */
function endpoint(stack: Stack, id: string, f: EndpointFixture = {}): void {
  const lower = id.toLowerCase();
  const n = f.instanceCount ?? f.plan?.instanceCount ?? 4;
  const role = new iam.Role(stack, `${id}Role`, { roleName: `${lower}-role`, assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const model = new sm.CfnModel(stack, `${id}Model`, {
    modelName: `${lower}-model-0123456789abcdef`, executionRoleArn: role.roleArn, primaryContainer: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/m:1' },
  });
  const config = new sm.CfnEndpointConfig(stack, `${id}Config`, {
    endpointConfigName: `${lower}-config-0123456789abcdef`,
    productionVariants: [{ variantName: 'AllTraffic', modelName: model.attrModelName, initialInstanceCount: n, instanceType: 'ml.m5.large' }],
    tags: [{ key: 'team', value: 'ml' }],
  });
  const alarms: string[] = [];
  if ((f.alarm ?? 'new') !== 'none') {
    const dims: { [k: string]: string } = { EndpointName: `${lower}-endpoint`, VariantName: 'AllTraffic' };
    if ((f.alarm ?? 'new') === 'new') {
      dims.EndpointConfigName = `${lower}-config-0123456789abcdef`;
    }
    const alarm = new cw.Alarm(stack, `${id}Errors`, {
      alarmName: `${lower}-errors`,
      metric: new cw.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap: dims, statistic: 'Average' }),
      threshold: 0.01,
      evaluationPeriods: 1,
    });
    alarms.push(alarm.alarmName);
  }
  new sm.CfnEndpoint(stack, id, {
    endpointName: `${lower}-endpoint`,
    endpointConfigName: config.attrEndpointConfigName,
    deploymentConfig: f.rawDeploymentConfig ?? (f.plan ? deploymentConfigOf(f.plan, alarms) : undefined),
  });
}

/** The DeploymentConfig SageMaker reads for a plan's settings, with the plan's maximumExecutionTimeout (given or default). */
function deploymentConfigOf(plan: DeploymentPlan, alarmNames: string[]): sm.CfnEndpoint.DeploymentConfigProperty {
  const size = (s: CapacitySize | undefined) => (s ? { type: s.type, value: s.value } : undefined);
  const autoRollbackConfiguration = alarmNames.length > 0 ? { alarms: alarmNames.map(alarmName => ({ alarmName })) } : undefined;
  const maximumExecutionTimeoutInSeconds = plan.maximumExecutionTimeout.toSeconds();
  if (plan.strategy === DeploymentStrategy.ROLLING) {
    return {
      rollingUpdatePolicy: {
        maximumBatchSize: size(plan.maximumBatchSize)!,
        waitIntervalInSeconds: plan.waitInterval.toSeconds(),
        rollbackMaximumBatchSize: size(plan.rollbackMaximumBatchSize),
        maximumExecutionTimeoutInSeconds,
      },
      autoRollbackConfiguration,
    };
  }
  const routing = plan.trafficRouting!;
  return {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: {
        type: routing.type,
        waitIntervalInSeconds: routing.waitInterval.toSeconds(),
        canarySize: size(routing.canarySize),
        linearStepSize: size(routing.linearStepSize),
      },
      terminationWaitInSeconds: plan.terminationWait.toSeconds(),
      maximumExecutionTimeoutInSeconds,
    },
    autoRollbackConfiguration,
  };
}

function synth(build: (app: App) => void): string {
  const outdir = tempDir();
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  build(app);
  app.synth();
  return outdir;
}

const env = { account: ACCOUNT, region: REGION };
const canaryPlan = () => DeploymentPlan.blueGreen({
  // 25 percent of 4 instances: exactly 1 instance, 25 percent of the traffic
  trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
  instanceCount: 4,
  terminationWait: Duration.minutes(5),
});

const assemblies = {
  canary: () => synth(app => endpoint(new Stack(app, 'Canary', { env }), 'Canary', { plan: canaryPlan() })),
  linear: () => synth(app => endpoint(new Stack(app, 'Linear', { env }), 'Linear', {
    alarm: 'both',
    plan: DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(20), waitInterval: Duration.minutes(5) }),
      instanceCount: 10,
    }),
  })),
  rolling: () => synth(app => endpoint(new Stack(app, 'Rolling', { env }), 'Rolling', {
    alarm: 'none',
    plan: DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(5),
      instanceCount: 8,
      rollbackMaximumBatchSize: CapacitySize.instances(2),
    }),
  })),
  allAtOnce: () => synth(app => endpoint(new Stack(app, 'AllAtOnce', { env }), 'Flip', {
    alarm: 'none', plan: DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 3 }),
  })),
  none: () => synth(app => endpoint(new Stack(app, 'Plain', { env }), 'Plain', { alarm: 'none' })),
  twoStacks: () => synth(app => {
    endpoint(new Stack(app, 'First', { env }), 'First', { plan: canaryPlan() });
    endpoint(new Stack(app, 'Second', { env }), 'Second', { alarm: 'none' });
  }),
  stage: () => synth(app => {
    const prod = new Stage(app, 'Prod', { env });
    endpoint(new Stack(prod, 'Service'), 'Service', { plan: canaryPlan() });
    new sns.Topic(new Stack(app, 'Tools', { env }), 'Topic');
  }),
  timeout: () => synth(app => endpoint(new Stack(app, 'Tight', { env }), 'Tight', {
    plan: DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(30) }),
      instanceCount: 2,
      maximumExecutionTimeout: Duration.minutes(45),
    }),
  })),
  raw: () => synth(app => endpoint(new Stack(app, 'Raw', { env }), 'Raw', {
    rawDeploymentConfig: {
      blueGreenUpdatePolicy: {
        trafficRoutingConfiguration: { type: 'LINEAR', waitIntervalInSeconds: 300, linearStepSize: { type: 'CAPACITY_PERCENT', value: 50 } },
        maximumExecutionTimeoutInSeconds: 3600,
      },
      autoRollbackConfiguration: { alarms: [{ alarmName: 'raw-errors' }] },
    },
  })),
  noSageMaker: () => synth(app => new sns.Topic(new Stack(app, 'Topics', { env }), 'Topic')),
  longNames: () => synth(app => {
    const stage = new Stage(app, 'ProductionEuropeWestOneStageWithAVeryLongName', { env });
    const stack = new Stack(stage, 'RecommendationServiceInferenceStackWithALongName');
    endpoint(stack, 'RecommendationEndpointLongIdForTesting', { plan: canaryPlan() });
  }),
};

type AssemblyName = keyof typeof assemblies;
const built: { [name: string]: string } = {};
function assembly(name: AssemblyName): string {
  built[name] = built[name] ?? assemblies[name]();
  return built[name];
}


function expectFits100Columns(text: string): void {
  for (const line of text.split('\n')) {
    expect(line.length).toBeLessThanOrEqual(100);
  }
}

function json(...args: string[]): any {
  const r = cli('plan', ...args, '--format', 'json');
  const report = JSON.parse(r.stdout);
  expect(validatePlanReport(report)).toEqual([]);
  return report;
}

// ---------- tests ----------

describe('plan', () => {
  test('a canary rollout shows its timeline, totals and new-fleet alarm in text', () => {
    const r = cli('plan', assembly('canary'));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Stack Canary (stack name Canary, aws://123456789012/eu-west-1)');
    expect(r.stdout).toContain('Endpoint canary-endpoint');
    expect(r.stdout).toContain('blue/green canary 25% of instances, then the rest, bake 10m, termination wait 5m, 4 instances');
    // 20 min provisioning, 10 min at 25 percent (1 of 4 instances), 10 min at 100 percent, 5 min termination wait
    expect(r.stdout).toMatch(/^ {4}\|\.+3+#+=+#\|$/m);
    expect(r.stdout).toContain('canary: new instances on 1/4, bake 10m       25%         3/4         1/4');
    // waits 2 x 10 + 5 = 25 min; worst case 20 + 25 = 45 min; timeout + 10 min margin; peak 2 x 4; extra 4 x 45 = 180
    expect(r.stdout).toContain('total wait 25m | worst case 45m | timeout 55m (default, 10m margin) | slack 10m');
    expect(r.stdout).toContain('peak 8 instances (fleet 4) | 180 extra instance-minutes');
    expect(r.stdout).toMatch(/new fleet +canary-errors/);
    expect(r.stdout).toContain('1 endpoint in 1 stack: 0 errors, 0 warnings');
    expect(r.stdout).not.toContain('\u001b[');
    expectFits100Columns(r.stdout);
  });

  test('a canary rollout renders markdown with tables and a mermaid chart', () => {
    const r = cli('plan', assembly('canary'), '--format', 'markdown');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('### `Canary` / `canary-endpoint`');
    expect(r.stdout).toContain('```mermaid\nxychart-beta');
    expect(r.stdout).toContain('x-axis "minutes from the start (worst case)" 0 --> 45');
    expect(r.stdout).toContain('| +20m | canary: new instances on 1/4, bake 10m | 25% | 3/4 | 1/4 |');
    expect(r.stdout).toContain('| `canary-errors` | new fleet | Average Invocation5XXErrors >= 0.01 on EndpointConfigName=canary-config-0123456789abcdef, VariantName=AllTraffic (window 5m) |');
  });

  test('a canary rollout renders JSON that matches the schema', () => {
    const report = json(assembly('canary'));
    expect(report.summary).toEqual({ stacks: 1, endpoints: 1, errors: 0, warnings: 0 });
    const [e] = report.endpoints;
    expect(e).toMatchObject({
      stack: 'Canary',
      path: 'Canary/Canary',
      endpointName: 'canary-endpoint',
      endpointConfigName: 'canary-config-0123456789abcdef',
      variantName: 'AllTraffic',
      source: 'deployment-config',
      strategy: 'BLUE_GREEN',
      trafficRouting: 'CANARY',
      instanceCount: 4,
      alarms: [{ alarmName: 'canary-errors', watches: 'new-fleet' }],
      findings: [],
    });
    // 1500 s of waits, 1200 s provisioning allowance -> 2700 s
    expect(e.plan).toMatchObject({ totalWaitSeconds: 1500, worstCaseDurationSeconds: 2700, peakInstanceCount: 8, extraInstanceMinutes: 180 });
  });

  test('a linear rollout has 5 steps of 20 percent and notes the alarm that watches both fleets', () => {
    const report = json(assembly('linear'));
    const [e] = report.endpoints;
    expect(e.plan.steps.filter((s: any) => s.kind === 'SHIFT_TRAFFIC').map((s: any) => s.newFleetTrafficPercent)).toEqual([20, 40, 60, 80, 100]);
    // 5 bakes x 300 = 1500; worst case 1200 + 1500 = 2700; peak 20
    expect(e.plan).toMatchObject({ totalWaitSeconds: 1500, worstCaseDurationSeconds: 2700, peakInstanceCount: 20 });
    expect(e.findings).toEqual([expect.objectContaining({ level: 'info', code: 'alarmWatchesBothFleets' })]);
    const text = cli('plan', assembly('linear'));
    expect(text.stdout).toMatch(/both fleets +linear-errors/);
    expectFits100Columns(text.stdout);
  });

  test('a rolling rollout without alarms warns that the bake only waits', () => {
    const r = cli('plan', assembly('rolling'));
    expect(r.status).toBe(0);
    // batch floor(8 x 25%) = 2 -> 4 batches; waits 4 x 5 = 20 min; worst 4 x (20 + 5) = 1h 40m; peak 8 + 2
    // rollback 2 per batch -> ceil(8 / 2) = 4 rounds x 20 min = 1h 20m, rollback peak 10
    expect(r.stdout).toContain('rolling, 2 instances per batch (4 batches), bake 5m, 8 instances, rollback 2 instances per batch');
    expect(r.stdout).toContain('total wait 20m | worst case 1h 40m | timeout 1h 50m (default, 10m margin) | slack 10m');
    expect(r.stdout).toContain('peak 10 instances (fleet 8) | 200 extra instance-minutes | rollback 1h 20m, peak 10');
    expect(r.stdout).toContain('rollback alarms: none');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('warning: the deployment bakes for 5m but has no rollback alarms, so the bake only waits: add rollback alarms (addErrorRateAlarm(), addLatencyAlarm() or addAlarm()) or set waitInterval to 0 [bakeWithoutAlarms]');
    expectFits100Columns(r.stdout);
    const report = json(assembly('rolling'));
    expect(report.endpoints[0]).toMatchObject({ strategy: 'ROLLING', trafficRouting: null, instanceCount: 8 });
    expect(report.summary.warnings).toBe(1);
  });

  test('an all-at-once rollout without a bake warns that nothing rolls back', () => {
    const report = json(assembly('allAtOnce'));
    const [e] = report.endpoints;
    // no waits; worst case = the 20 min provisioning allowance; + 10 min margin -> 30 min
    expect(e.plan).toMatchObject({ totalWaitSeconds: 0, worstCaseDurationSeconds: 1200, maximumExecutionTimeoutSeconds: 1800, peakInstanceCount: 6 });
    expect(e.findings.map((f: any) => f.code)).toEqual(['noAlarms']);
  });

  test('an endpoint with no deployment is listed with a note and no timeline', () => {
    const r = cli('plan', assembly('none'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Endpoint plain-endpoint');
    expect(r.stdout).toContain('info: no deployment configured');
    const [e] = json(assembly('none')).endpoints;
    expect(e).toMatchObject({ source: 'none', strategy: 'NONE', plan: null });
  });

  test('two stacks are both shown, and --stack selects one', () => {
    const all = json(assembly('twoStacks'));
    expect(all.endpoints.map((e: any) => e.stack)).toEqual(['First', 'Second']);
    const one = json(assembly('twoStacks'), '--stack', 'Sec*');
    expect(one.endpoints.map((e: any) => e.stack)).toEqual(['Second']);
    expect(one.stacks).toEqual([{ name: 'Second', stackName: 'Second', account: ACCOUNT, region: REGION }]);
  });

  test('the stacks of a nested Stage assembly are read', () => {
    const report = json(assembly('stage'));
    expect(report.stacks.map((s: any) => s.name).sort()).toEqual(['Prod/Service', 'Tools']);
    expect(report.endpoints).toHaveLength(1);
    expect(report.endpoints[0]).toMatchObject({ stack: 'Prod/Service', stackName: 'Prod-Service', endpointName: 'service-endpoint' });
    expect(json(assembly('stage'), '--stack', 'Prod/*').endpoints).toHaveLength(1);
    const text = cli('plan', assembly('stage'));
    expect(text.stdout).toContain('Stack Prod/Service (stack name Prod-Service');
  });

  test('long stack, endpoint and construct names still fit 100 columns', () => {
    const r = cli('plan', assembly('longNames'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Endpoint recommendationendpointlongidfortesting-endpoint');
    expectFits100Columns(r.stdout);
  });

  test('waits that reach the timeout are an error finding and exit with 1', () => {
    const r = cli('plan', assembly('timeout'));
    // 2 bakes x 30 min = 1h >= 45 min timeout
    expect(r.status).toBe(1);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('error: maximumExecutionTimeout must be longer than all waits (1h), got 45m: every rollout would time out and roll back [waitsExceedTimeout]');
    expect(json(assembly('timeout')).summary.errors).toBe(1);
  });

  test('a raw DeploymentConfig naming its alarm by literal name is planned with the same code', () => {
    const [e] = json(assembly('raw')).endpoints;
    // linear 50% of 4 -> 2 steps of 300 s; worst case 1200 + 600 = 1800; timeout given 3600
    expect(e).toMatchObject({ source: 'deployment-config', strategy: 'BLUE_GREEN', trafficRouting: 'LINEAR', variantName: 'AllTraffic' });
    expect(e.plan).toMatchObject({ totalWaitSeconds: 600, worstCaseDurationSeconds: 1800, maximumExecutionTimeoutSeconds: 3600, slackSeconds: 1800 });
    expect(e.alarms).toEqual([{
      alarmName: 'raw-errors',
      // found by its literal AlarmName; its EndpointConfigName dimension is the config being deployed
      watches: 'new-fleet',
      description: 'Average Invocation5XXErrors >= 0.01 on EndpointConfigName=raw-config-0123456789abcdef, VariantName=AllTraffic (window 5m)',
      windowSeconds: 300,
      path: 'Raw/RawErrors',
    }]);
  });

  test('a reader that closes the pipe early (plan | head) ends the command quietly', () => {
    // GIVEN a pipe whose reader is gone before the command writes (`true` exits at once)
    const command = `"${process.execPath}" "${BIN}" plan "${assembly('canary')}" | true; echo "exit \${PIPESTATUS[0]}" >&2`;
    // WHEN
    const r = spawnSync('bash', ['-c', command], { encoding: 'utf-8' });
    // THEN no EPIPE stack trace, and the command's own exit code is 0
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr.trim()).toBe('exit 0');
  });

  test('an assembly without SageMaker resources has nothing to show and exits with 0', () => {
    const r = cli('plan', assembly('noSageMaker'));
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('No SageMaker endpoints in');
    expect(r.stdout).toContain('nothing to show');
    expect(json(assembly('noSageMaker')).endpoints).toEqual([]);
  });
});

describe('bad input', () => {
  function expectUsageError(r: Result, pattern: RegExp): void {
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  test('a missing folder', () => {
    const missing = path.join(tmpRoot, 'does-not-exist');
    expectUsageError(cli('plan', missing), new RegExp(`${missing}: no such folder`));
  });

  test('an empty folder', () => {
    const dir = tempDir();
    expectUsageError(cli('plan', dir), new RegExp(`${dir}: not a cloud assembly \\(no manifest.json\\)`));
    expectUsageError(cli('policy', dir), /not a cloud assembly/);
  });

  test('a folder of random JSON', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ hello: 'world' }));
    fs.writeFileSync(path.join(dir, 'b.json'), '[1, 2, 3]');
    expectUsageError(cli('plan', dir), /not a cloud assembly \(no manifest.json\)/);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ hello: 'world' }));
    expectUsageError(cli('plan', dir), new RegExp(`${dir}/manifest.json: not a cloud assembly manifest`));
  });

  test('a truncated template', () => {
    const dir = tempDir();
    fs.cpSync(assembly('canary'), dir, { recursive: true });
    const template = path.join(dir, 'Canary.template.json');
    fs.writeFileSync(template, fs.readFileSync(template, 'utf-8').slice(0, 200));
    expectUsageError(cli('plan', dir), new RegExp(`${template}: not valid JSON`));
    expectUsageError(cli('policy', dir), /not valid JSON/);
  });

  test('a file that is not a template', () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'hello');
    expectUsageError(cli('plan', file), /notes\.txt: not a folder or a template file \(pass the cdk\.out folder of a synthesized app, or a CloudFormation template ending in \.json, \.yaml, \.yml or \.template\)/);
  });

  test('a YAML template that does not parse', () => {
    const file = path.join(tempDir(), 'broken.yaml');
    fs.writeFileSync(file, 'Resources:\n  A: [unclosed\n');
    expectUsageError(cli('plan', file), /broken\.yaml: not valid YAML \(/);
  });

  test('a template whose provisioning allowance metadata is not a number', () => {
    const dir = tempDir();
    fs.cpSync(assembly('canary'), dir, { recursive: true });
    const file = path.join(dir, 'Canary.template.json');
    const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
    template.Resources.Canary.Metadata[PROVISIONING_ALLOWANCE_METADATA_KEY] = 'ten minutes';
    fs.writeFileSync(file, JSON.stringify(template));
    expectUsageError(cli('plan', dir),
      /Resources\.Canary\.Metadata\["cdk-sagemaker-endpoint:provisioningAllowanceSeconds"\] must be a number of seconds >= 0, got "ten minutes"/);
  });

  test.each([
    [['plan', '--format', 'yaml'], /option --format must be one of text, markdown, json, got "yaml"/],
    [['plan', '--frobnicate'], /unknown option --frobnicate for plan \(see cdk-sagemaker-endpoint plan --help\)/],
    [['deploy'], /unknown command "deploy"/],
    [['plan', 'a', 'b'], /plan takes one cdk.out folder or template file, got 2/],
    [['plan', '--format'], /option --format needs a value/],
  ])('usage error %j', (args, pattern) => {
    expectUsageError(cli(...args), pattern);
  });

  test('a --stack glob that matches nothing', () => {
    expectUsageError(cli('plan', assembly('twoStacks'), '--stack', 'Nope*'), /no stack matches --stack Nope\* \(stacks: First, Second\)/);
  });
});

describe('help', () => {
  test.each([[['--help']], [['plan', '--help']], [['policy', '-h']], [['help', 'plan']]])('%j prints help within 100 columns', args => {
    const r = cli(...args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk-sagemaker-endpoint/);
    expectFits100Columns(r.stdout);
  });

  test('no command prints the help on stderr and exits with 2', () => {
    const r = cli();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Usage: cdk-sagemaker-endpoint <command>/);
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect(cli('--version').stdout.trim()).toBe(pkg.version);
  });
});

const arn = (type: string, name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/${name}`;
const SAGEMAKER_SERVICE = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };

async function decide(policy: unknown, action: string, resource: string, context: { [k: string]: string } = {}): Promise<string> {
  const result = await runSimulation({
    request: { principal: `arn:aws:iam::${ACCOUNT}:role/deployer`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
    identityPolicies: [{ name: 'generated', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation error for ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

describe('colour', () => {
  // `script` gives the command a pseudo-terminal, so stdout is a TTY
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf-8' }).status === 0;
  const inTerminal = (noColor: string | undefined): string => {
    const envVars = { ...process.env };
    delete envVars.NO_COLOR;
    if (noColor !== undefined) {
      envVars.NO_COLOR = noColor;
    }
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} plan ${JSON.stringify(assembly('rolling'))}`;
    return spawnSync('script', ['-q', '-e', '-c', command, '/dev/null'], { encoding: 'utf-8', env: envVars }).stdout;
  };

  (hasScript ? test : test.skip)('is used on a terminal and still fits 100 columns', () => {
    const out = inTerminal(undefined);
    expect(out).toContain('\u001b[1mStack Rolling');
    expect(out).toContain('\u001b[33m  warning: the deployment bakes for 5m');
    // eslint-disable-next-line no-control-regex
    expectFits100Columns(out.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, ''));
  });

  (hasScript ? test : test.skip)('is not used on a terminal when NO_COLOR is set', () => {
    const out = inTerminal('1');
    expect(out).toContain('Stack Rolling');
    expect(out).not.toContain('\u001b[');
  });

  test('is not used when stdout is not a terminal', () => {
    expect(cli('plan', assembly('rolling')).stdout).not.toContain('\u001b[');
  });
});

describe('policy', () => {
  function policyOf(dir: string): any {
    const r = cli('policy', dir);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout);
  }

  const SAGEMAKER = SAGEMAKER_SERVICE;

  test('allows what CloudFormation needs on the exact resources of the assembly', async () => {
    const policy = policyOf(assembly('canary'));
    const allowed: Array<[string, string, { [k: string]: string }?]> = [
      ['sagemaker:CreateModel', arn('model', 'canary-model-0123456789abcdef')],
      ['sagemaker:DescribeModel', arn('model', 'canary-model-0123456789abcdef')],
      ['sagemaker:DeleteModel', arn('model', 'canary-model-0123456789abcdef')],
      ['sagemaker:CreateEndpointConfig', arn('endpoint-config', 'canary-config-0123456789abcdef')],
      ['sagemaker:DescribeEndpointConfig', arn('endpoint-config', 'canary-config-0123456789abcdef')],
      ['sagemaker:DeleteEndpointConfig', arn('endpoint-config', 'canary-config-0123456789abcdef')],
      ['sagemaker:AddTags', arn('endpoint-config', 'canary-config-0123456789abcdef')],
      ['sagemaker:AddTags', arn('model', 'canary-model-0123456789abcdef')],
      ['sagemaker:AddTags', arn('endpoint', 'canary-endpoint')],
      ['sagemaker:CreateEndpoint', arn('endpoint', 'canary-endpoint')],
      ['sagemaker:CreateEndpoint', arn('endpoint-config', 'canary-config-0123456789abcdef')],
      ['sagemaker:UpdateEndpoint', arn('endpoint', 'canary-endpoint')],
      ['sagemaker:UpdateEndpoint', arn('endpoint-config', 'canary-config-0123456789abcdef')],
      ['sagemaker:DescribeEndpoint', arn('endpoint', 'canary-endpoint')],
      ['sagemaker:DeleteEndpoint', arn('endpoint', 'canary-endpoint')],
      // a rollback goes back to the PREVIOUS content-hashed config, and cleanup deletes the previous model
      ['sagemaker:UpdateEndpoint', arn('endpoint-config', 'canary-config-fedcba9876543210')],
      ['sagemaker:DeleteEndpointConfig', arn('endpoint-config', 'canary-config-fedcba9876543210')],
      ['sagemaker:DeleteModel', arn('model', 'canary-model-fedcba9876543210')],
      ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/canary-role`, SAGEMAKER],
      ['cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:canary-errors`],
    ];
    for (const [action, resource, context] of allowed) {
      expect(`${action} ${resource} ${await decide(policy, action, resource, context)}`).toBe(`${action} ${resource} Allowed`);
    }
  });

  test('denies the same actions on other resources and passing the role elsewhere', async () => {
    const policy = policyOf(assembly('canary'));
    const denied: Array<[string, string, { [k: string]: string }?]> = [
      ['sagemaker:CreateEndpoint', arn('endpoint', 'other-endpoint')],
      ['sagemaker:UpdateEndpoint', arn('endpoint', 'other-endpoint')],
      ['sagemaker:DeleteEndpoint', arn('endpoint', 'other-endpoint')],
      ['sagemaker:CreateEndpointConfig', arn('endpoint-config', 'other-config-0123456789abcdef')],
      ['sagemaker:DeleteEndpointConfig', arn('endpoint-config', 'other-config-0123456789abcdef')],
      ['sagemaker:CreateModel', arn('model', 'other-model-0123456789abcdef')],
      ['sagemaker:DeleteModel', arn('model', 'other-model-0123456789abcdef')],
      // tags only on the resources of the assembly (all of them: CloudFormation adds its aws:cloudformation:* tags)
      ['sagemaker:AddTags', arn('model', 'other-model-0123456789abcdef')],
      ['sagemaker:AddTags', arn('endpoint', 'other-endpoint')],
      ['sagemaker:CreateEndpoint', `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/canary-endpoint`], // another region
      ['sagemaker:InvokeEndpoint', arn('endpoint', 'canary-endpoint')],
      ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/canary-role`, { 'iam:PassedToService': 'ec2.amazonaws.com' }],
      ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, SAGEMAKER],
      ['cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:other-alarm`],
    ];
    for (const [action, resource, context] of denied) {
      expect(`${action} ${resource} ${await decide(policy, action, resource, context)}`).toBe(`${action} ${resource} ImplicitlyDenied`);
    }
  });

  test('lower-cases names inside ARNs', () => {
    const dir = synth(app => {
      const stack = new Stack(app, 'Mixed', { env });
      new sm.CfnEndpoint(stack, 'Endpoint', { endpointName: 'My-Endpoint', endpointConfigName: 'My-Config' });
    });
    const policy = policyOf(dir);
    expect(JSON.stringify(policy)).toContain(arn('endpoint', 'my-endpoint'));
    expect(JSON.stringify(policy)).not.toContain('My-Endpoint');
  });

  test('warns and uses the narrowest pattern for names generated by CloudFormation', () => {
    const dir = synth(app => {
      const stack = new Stack(app, 'Gen');
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
      new sm.CfnModel(stack, 'Model', { executionRoleArn: role.roleArn, primaryContainer: { image: 'x' } });
    });
    const r = cli('policy', dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: stack Gen has no account and region: its ARNs use *');
    const oneLine = r.stderr.replace(/\s+/g, ' ');
    expect(oneLine).toContain('Resources.Model: ModelName is generated by CloudFormation; the policy uses the pattern model*');
    expect(oneLine).toMatch(/execution role Role[0-9A-F]+ has a name generated by CloudFormation; iam:PassRole uses the pattern Gen-Role[0-9A-F]+-\*/);
    const policy = JSON.parse(r.stdout);
    const pass = policy.Statement.find((s: any) => s.Sid === 'PassModelRoles');
    expect(pass.Resource).toEqual([expect.stringMatching(/^arn:aws:iam::\*:role\/Gen-Role[0-9A-F]+-\*$/)]);
    expectFits100Columns(r.stderr);
  });

  test('--partition shapes every ARN; --account and --region do not override a stack that sets env, and say so', () => {
    const r = cli('policy', assembly('canary'), '--partition', 'aws-cn', '--account', '210987654321', '--region', 'cn-north-1');
    expect(r.status).toBe(0);
    const resources: string[] = JSON.parse(r.stdout).Statement.flatMap((s: any) => s.Resource);
    expect(resources).toContain(`arn:aws-cn:sagemaker:${REGION}:${ACCOUNT}:endpoint/canary-endpoint`);
    expect(resources.some(a => a.includes('210987654321') || a.includes('cn-north-1'))).toBe(false);
    expect(resources.every(a => a.startsWith('arn:aws-cn:'))).toBe(true);
    const oneLine = r.stderr.replace(/\s+/g, ' ');
    expect(oneLine).toContain(`sets its own account ${ACCOUNT}; --account 210987654321 applies only to stacks without one, so its ARNs keep ${ACCOUNT}`);
    expect(oneLine).toContain(`sets its own region ${REGION}; --region cn-north-1 applies only to stacks without one, so its ARNs keep ${REGION}`);
  });

  test('--account and --region fill in an environment-agnostic stack', () => {
    const dir = synth(app => {
      const stack = new Stack(app, 'Agnostic');
      new sm.CfnEndpoint(stack, 'Endpoint', { endpointName: 'agnostic-endpoint', endpointConfigName: 'agnostic-config' });
    });
    const r = cli('policy', dir, '--account', '210987654321', '--region', 'eu-west-1');
    expect(r.status).toBe(0);
    const resources: string[] = JSON.parse(r.stdout).Statement.flatMap((s: any) => s.Resource);
    expect(resources).toContain('arn:aws:sagemaker:eu-west-1:210987654321:endpoint/agnostic-endpoint');
    expect(r.stderr).not.toContain('sets its own');
  });

  test('an assembly without SageMaker resources has nothing to grant and exits with 0', () => {
    const r = cli('policy', assembly('noSageMaker'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no SageMaker resources in .*: nothing to grant/);
  });
});

describe('with the library constructs', () => {
  /** The README / examples/app.ts canary rollout, plus tags on the config, and a rolling endpoint with autoscaling. */
  function libraryApp(app: App): void {
    const stack = new Stack(app, 'Example', { env });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', 'fraud-detector');
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, 'v42') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
      tags: { team: 'ml' },
    });
    const canary = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: canary,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
      terminationWait: Duration.minutes(5),
    });
    deployment.addErrorRateAlarm();
    deployment.addLatencyAlarm({ threshold: Duration.millis(300) });

    const rollingConfig = new EndpointConfig(stack, 'RollingConfig', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 6 }],
    });
    const rolling = new Endpoint(stack, 'RollingEndpoint', { endpointConfig: rollingConfig });
    rolling.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 6, maxCapacity: 12 });
    new RollingDeployment(stack, 'Rolling', {
      endpoint: rolling, maximumBatchSize: CapacitySize.instances(2), waitInterval: Duration.minutes(5),
    });
  }

  let dir: string;
  let template: any;
  beforeAll(() => {
    dir = synth(libraryApp);
    template = JSON.parse(fs.readFileSync(path.join(dir, 'Example.template.json'), 'utf-8'));
  });

  function resourcesOf(type: string): Array<[string, any]> {
    return Object.entries(template.Resources).filter(([, r]: [string, any]) => r.Type === type) as Array<[string, any]>;
  }

  test('plan derives the plans of the deployment constructs from the template', () => {
    const report = json(dir);
    expect(report.summary).toMatchObject({ stacks: 1, endpoints: 2, errors: 0 });
    const [canaryEndpoint, rollingEndpoint] = report.endpoints;
    expect(canaryEndpoint).toMatchObject({
      source: 'deployment-config', strategy: 'BLUE_GREEN', trafficRouting: 'CANARY', instanceCount: 4, variantName: 'AllTraffic', findings: [],
    });
    expect(canaryEndpoint.alarms.map((a: any) => a.watches)).toEqual(['new-fleet', 'new-fleet']);
    expect(canaryEndpoint.endpointName).toBe(resourcesOf('AWS::SageMaker::Endpoint')[0][1].Properties.EndpointName);
    // 6 instances, 2 per batch -> 3 batches; waits 3 x 5 min = 15 min; worst 3 x (20 + 5) = 75 min; peak 6 + 2
    expect(rollingEndpoint).toMatchObject({ source: 'deployment-config', strategy: 'ROLLING', instanceCount: 6 });
    expect(rollingEndpoint.plan).toMatchObject({ totalWaitSeconds: 900, worstCaseDurationSeconds: 4500, peakInstanceCount: 8 });
    // autoscaled 6-12: at 12 instances the rollout takes 6 x 25 min = 2h 30m, while autoscaling is blocked
    expect(rollingEndpoint.findings.map((f: any) => f.code)).toEqual(['bakeWithoutAlarms', 'autoscalingSuspended']);
  });

  test('policy allows CloudFormation on the exact resources and denies everything next to them', async () => {
    const r = cli('policy', dir);
    expect(r.status).toBe(0);
    const policy = JSON.parse(r.stdout);
    const literal = (type: string, property: string) => resourcesOf(type).map(([, res]) => res.Properties[property] as string);
    const [modelName] = literal('AWS::SageMaker::Model', 'ModelName');
    const configNames = literal('AWS::SageMaker::EndpointConfig', 'EndpointConfigName');
    const endpointNames = literal('AWS::SageMaker::Endpoint', 'EndpointName');
    for (const name of [modelName, ...configNames, ...endpointNames]) {
      expect(typeof name).toBe('string'); // the library names everything at synth
    }
    const [roleId] = resourcesOf('AWS::IAM::Role').map(([id]) => id).filter(id => id.startsWith('ModelRole'));
    const [alarmId] = resourcesOf('AWS::CloudWatch::Alarm').map(([id]) => id);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/Example-${roleId}-A1B2C3D4E5F6`; // a name CloudFormation could generate
    const alarmArn = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:Example-${alarmId}-A1B2C3D4E5F6`;
    const previous = (name: string) => name.replace(/[0-9a-f]{16}$/, 'fedcba9876543210');

    const allowed: Array<[string, string, { [k: string]: string }?]> = [
      ...['CreateModel', 'DescribeModel', 'DeleteModel'].map(a => [`sagemaker:${a}`, arn('model', modelName.toLowerCase())] as [string, string]),
      ['sagemaker:DeleteModel', arn('model', previous(modelName.toLowerCase()))],
      ...configNames.flatMap(c => ['CreateEndpointConfig', 'DescribeEndpointConfig', 'DeleteEndpointConfig', 'CreateEndpoint', 'UpdateEndpoint']
        .map(a => [`sagemaker:${a}`, arn('endpoint-config', c.toLowerCase())] as [string, string])),
      ...configNames.map(c => ['sagemaker:UpdateEndpoint', arn('endpoint-config', previous(c.toLowerCase()))] as [string, string]),
      ...endpointNames.flatMap(e => ['CreateEndpoint', 'UpdateEndpoint', 'DescribeEndpoint', 'DeleteEndpoint']
        .map(a => [`sagemaker:${a}`, arn('endpoint', e.toLowerCase())] as [string, string])),
      ['sagemaker:AddTags', arn('endpoint-config', configNames[0].toLowerCase())],
      ['sagemaker:AddTags', arn('model', modelName.toLowerCase())], // CloudFormation tags every resource it creates
      ['sagemaker:UpdateEndpointWeightsAndCapacities', arn('endpoint', endpointNames[1].toLowerCase())],
      // the target-tracking alarms of the scaled endpoint (name as written)
      ['cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-endpoint/${endpointNames[1]}/variant/AllTraffic-AlarmHigh-1a2b`],
      ['iam:PassRole', roleArn, SAGEMAKER_SERVICE],
      ['cloudwatch:DescribeAlarms', alarmArn],
      ['application-autoscaling:RegisterScalableTarget', `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/abc123`,
        { 'application-autoscaling:service-namespace': 'sagemaker' }],
    ];
    const denied: Array<[string, string, { [k: string]: string }?]> = [
      ['sagemaker:CreateModel', arn('model', 'someone-elses-model')],
      ['sagemaker:DeleteEndpointConfig', arn('endpoint-config', 'someone-elses-config')],
      ['sagemaker:UpdateEndpoint', arn('endpoint', 'someone-elses-endpoint')],
      ['sagemaker:DeleteEndpoint', arn('endpoint', 'someone-elses-endpoint')],
      ['sagemaker:AddTags', arn('model', 'someone-elses-model')],
      ['sagemaker:UpdateEndpointWeightsAndCapacities', arn('endpoint', endpointNames[0].toLowerCase())], // not autoscaled
      ['cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-endpoint/${endpointNames[0]}/variant/AllTraffic-AlarmHigh-1a2b`],
      ['iam:PassRole', roleArn, { 'iam:PassedToService': 'lambda.amazonaws.com' }],
      ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/Admin`, SAGEMAKER_SERVICE],
      ['cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:unrelated`],
      ['application-autoscaling:RegisterScalableTarget', `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/abc123`,
        { 'application-autoscaling:service-namespace': 'ecs' }],
    ];
    for (const [action, resource, context] of allowed) {
      expect(`${action} ${resource} ${await decide(policy, action, resource, context)}`).toBe(`${action} ${resource} Allowed`);
    }
    for (const [action, resource, context] of denied) {
      expect(`${action} ${resource} ${await decide(policy, action, resource, context)}`).toBe(`${action} ${resource} ImplicitlyDenied`);
    }
  });
});
