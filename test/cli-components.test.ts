/**
 * `plan` reads inference components from the template alone: an app of raw L1 constructs (CfnEndpointConfig
 * without a model, CfnInferenceComponent with a RollingUpdatePolicy, a copy scalable target, a rollback alarm) and
 * a hand-written JSON template with the same settings (test/fixtures/templates/llm-components.template.json)
 * print the same timeline and findings.
 *
 * Runs the command in process (src/cli/run.ts), like test/cli-template-sources.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_applicationautoscaling as appscaling, aws_cloudwatch as cloudwatch, aws_sagemaker as sm } from 'aws-cdk-lib';
import { expectPinnedBlock, runCli } from './util/cli-in-process';
import { validatePlanReport } from './util/plan-schema';

const FIXTURE = path.join(__dirname, 'fixtures', 'templates', 'llm-components.template.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-components-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cli = runCli;

function json(target: string): any {
  const r = cli(['plan', target, '--format', 'json']);
  return JSON.parse(r.out);
}

/** The fixture's resources with `change` applied, written as a template file. */
function variant(name: string, change: (resources: any) => void): string {
  const template = JSON.parse(fs.readFileSync(FIXTURE, 'utf-8'));
  change(template.Resources);
  const file = path.join(tmp, `${name}.template.json`);
  fs.writeFileSync(file, JSON.stringify(template, undefined, 2));
  return file;
}

/** The fixture's settings with raw aws-cdk-lib L1 constructs only. */
function l1App(): string {
  const outdir = path.join(tmp, 'l1');
  const app = new App({ outdir });
  const stack = new Stack(app, 'llm-components');
  const config = new sm.CfnEndpointConfig(stack, 'HostConfig', {
    endpointConfigName: 'llm-host-config-v1',
    executionRoleArn: 'arn:aws:iam::123456789012:role/llm-host',
    productionVariants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.12xlarge', initialInstanceCount: 2 }],
  });
  const host = new sm.CfnEndpoint(stack, 'Host', { endpointName: 'llm-host', endpointConfigName: config.attrEndpointConfigName });
  new cloudwatch.CfnAlarm(stack, 'ErrorsAlarm', {
    alarmName: 'llm-base-errors',
    namespace: 'AWS/SageMaker',
    metricName: 'Invocation5XXErrors',
    dimensions: [{ name: 'InferenceComponentName', value: 'llm-base' }],
    statistic: 'Average',
    period: 60,
    evaluationPeriods: 5,
    threshold: 0.01,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
  const base = new sm.CfnInferenceComponent(stack, 'Base', {
    inferenceComponentName: 'llm-base',
    endpointName: host.attrEndpointName,
    variantName: 'AllTraffic',
    specification: {
      container: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:v2' },
      startupParameters: { modelDataDownloadTimeoutInSeconds: 1200, containerStartupHealthCheckTimeoutInSeconds: 600 },
      computeResourceRequirements: { numberOfAcceleratorDevicesRequired: 1, minMemoryRequiredInMb: 16384 },
    },
    runtimeConfig: { copyCount: 4 },
    deploymentConfig: {
      rollingUpdatePolicy: {
        maximumBatchSize: { type: 'COPY_COUNT', value: 1 },
        waitIntervalInSeconds: 600,
        rollbackMaximumBatchSize: { type: 'CAPACITY_PERCENT', value: 50 },
      },
      autoRollbackConfiguration: { alarms: [{ alarmName: 'llm-base-errors' }] },
    },
  });
  const copies = new appscaling.CfnScalableTarget(stack, 'BaseCopies', {
    serviceNamespace: 'sagemaker',
    resourceId: 'inference-component/llm-base',
    scalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
    minCapacity: 4,
    maxCapacity: 8,
  });
  copies.addDependency(base);
  new sm.CfnInferenceComponent(stack, 'Embedder', {
    inferenceComponentName: 'llm-embedder',
    endpointName: 'llm-host',
    variantName: 'AllTraffic',
    specification: {
      container: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/embedder:v1' },
      computeResourceRequirements: { numberOfAcceleratorDevicesRequired: 1, minMemoryRequiredInMb: 4096 },
    },
    runtimeConfig: { copyCount: 2 },
  });
  app.synth();
  return outdir;
}

let l1: string;
beforeAll(() => {
  l1 = l1App();
});

/** The report of the components without where they were read from. */
function comparable(report: any): any[] {
  return report.components.map(({ stack, stackName, path: _path, ...rest }: any) => rest);
}

describe('plan reads inference components from the template', () => {
  test('an L1 app and a hand-written template with the same settings print the same timelines and findings', () => {
    // GIVEN / WHEN
    const fromL1 = cli(['plan', l1]);
    const fromFile = cli(['plan', FIXTURE]);
    // THEN: identical after the stack line
    expect(fromL1.code).toBe(0);
    expect(fromFile.code).toBe(0);
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(fromL1.out)).toBe(body(fromFile.out));
    expect(comparable(json(l1))).toEqual(comparable(json(FIXTURE)));
  });

  test('a component with a rolling update policy shows its copies, its timeline at both ends and its alarm', () => {
    // GIVEN / WHEN
    const { out } = cli(['plan', FIXTURE]);
    // THEN
    expect(out).toContain('  Inference component llm-base\n');
    expect(out).toContain('endpoint llm-host, variant AllTraffic, image');
    expect(out).toContain('copies 4-8 (autoscaled)');
    expect(out).toContain('rolling, 1 copy per batch (4 batches), bake 10m, 4 copies, rollback 2 copies per batch');
    expect(out).toContain('copies autoscaled: planned at the minimum (4) and at the maximum (8) copies');
    // allowance 20m download + 10m health check + 10m instance start-up; 8 batches of 50m at the maximum
    expect(out).toContain('total wait 40m | worst case 3h 20m | timeout 7h 20m (default, 40m margin) | slack 4h');
    expect(out).toContain('total wait 1h 20m | worst case 6h 40m | timeout 7h 20m (default, 40m margin) | slack 40m');
    expect(out).toContain('peak 9 copies (copies 8) | 1 extra instance at peak (4 copies per instance)');
    expect(out).toMatch(/all copies +llm-base-errors/);
    expect(out).toContain('Average Invocation5XXErrors >= 0.01 on InferenceComponentName=llm-base (window 5m)');
    expect(out).toContain('[alarmsCannotIsolateNewCopies]');
    expect(out).toContain('1 endpoint, 2 inference components in 1 stack: 0 errors, 0 warnings');
    for (const line of out.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(100);
    }
  });

  test('a component without DeploymentConfig is updated blue/green with a full second set of copies', () => {
    const report = json(FIXTURE);
    const embedder = report.components.find((c: any) => c.inferenceComponentName === 'llm-embedder');
    expect(embedder).toMatchObject({ strategy: 'BLUE_GREEN', plan: null, copyCount: 2, maxCopyCount: null, endpointLogicalId: 'Host' });
    expect(embedder.findings).toEqual([{
      level: 'info',
      code: 'componentBlueGreen',
      message: 'no rolling update policy: SageMaker updates the component blue/green, with a full second set of 2 copies beside the old ones '
        + '(peak 4 copies, and the instances they need); set DeploymentConfig.RollingUpdatePolicy to update it in batches',
    }]);
  });

  test('the JSON lists the components with their plans and matches the schema', () => {
    const report = json(FIXTURE);
    expect(validatePlanReport(report)).toEqual([]);
    const base = report.components[0];
    expect(base).toMatchObject({
      inferenceComponentName: 'llm-base',
      endpointName: 'llm-host',
      endpointLogicalId: 'Host',
      variantName: 'AllTraffic',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:v2',
      model: null,
      copyCount: 4,
      maxCopyCount: 8,
      strategy: 'ROLLING',
    });
    expect(base.plan).toMatchObject({ unit: 'copies', copyCount: 4, peakCopyCount: 5, instanceCount: 2, provisioningAllowanceSeconds: 2400 });
    expect(base.plan.atMaximum).toMatchObject({ copyCount: 8, peakCopyCount: 9 });
    expect(base.alarms).toEqual([expect.objectContaining({ alarmName: 'llm-base-errors', watches: 'both-fleets' })]);
    expect(report.summary).toEqual({ stacks: 1, endpoints: 1, errors: 0, warnings: 0 });
  });

  test('the markdown has a section per component with its step table', () => {
    const { out } = cli(['plan', FIXTURE, '--format', 'markdown']);
    expect(out).toContain('### `llm-components` / inference component `llm-base`');
    expect(out).toContain('| +40m | batch 1/4: new copies on 1/4, bake 10m | 25% | 3/4 | 1/1 |');
    expect(out).toContain('| `llm-base-errors` | all copies | Average Invocation5XXErrors >= 0.01 on InferenceComponentName=llm-base (window 5m) |');
    expect(out).toContain('(`componentBlueGreen`)');
  });

  test('a component whose endpoint is not in the template is listed on its own', () => {
    const file = variant('external', r => {
      delete r.Host;
      delete r.HostConfig;
      r.Base.Properties.EndpointName = 'shared-llm-host';
    });
    const { out, code } = cli(['plan', file]);
    expect(code).toBe(0);
    expect(out).toContain('endpoint shared-llm-host (not in this template), variant AllTraffic');
    expect(out).toContain('0 endpoints, 2 inference components in 1 stack');
    expect(json(file).components[0].plan.instanceCount).toBeNull();
  });
});

describe('errors exit with 1', () => {
  test('a rolling update of a 1-copy component is an error that says why and how to fix it', () => {
    const file = variant('one-copy', r => {
      r.Base.Properties.RuntimeConfig.CopyCount = 1;
      delete r.BaseCopies;
    });
    const r = cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[invalidDeploymentConfig]');
    expect(json(file).components[0].findings[0]).toEqual({
      level: 'error',
      code: 'invalidDeploymentConfig',
      message: 'DeploymentConfig: copyCount must be at least 2 for a rolling update, got 1: a batch must be 5-50 percent of the copy count, and no '
        + 'whole number of copies is 5-50 percent of 1 copy; use 2 or more copies, or no deployment config (SageMaker then updates the component blue/green)',
    });
  });

  test('waits that reach the timeout are the same error as for endpoints', () => {
    const file = variant('timeout', r => {
      delete r.BaseCopies;
      r.Base.Properties.DeploymentConfig.RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds = 2400;
    });
    const r = cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(json(file).components[0].findings).toContainEqual({
      level: 'error',
      code: 'waitsExceedTimeout',
      message: 'maximumExecutionTimeout must be longer than all waits (40m), got 40m: every rollout would time out and roll back',
    });
    expect(json(file).summary.errors).toBe(1);
  });

  test('an instance-count batch is an error with the library\'s message', () => {
    const file = variant('instances', r => {
      r.Base.Properties.DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize = { Type: 'INSTANCE_COUNT', Value: 1 };
    });
    const r = cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(json(file).components[0].findings[0].message)
      .toBe('DeploymentConfig: RollingUpdatePolicy.MaximumBatchSize.Type must be COPY_COUNT or CAPACITY_PERCENT, got "INSTANCE_COUNT"');
  });

  test('a batch above half the copies at the autoscaling minimum is the plan\'s rule', () => {
    const file = variant('large-batch', r => {
      r.Base.Properties.DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize = { Type: 'COPY_COUNT', Value: 3 };
    });
    expect(cli(['plan', file]).code).toBe(1);
    expect(json(file).components[0].findings[0].message).toBe('DeploymentConfig: maximumBatchSize must be 1-2 copies for a component at the '
      + 'autoscaling minimum of 4 copies (5-50 percent of the copy count), got 3 copies: use CapacitySize.percent() so the batch follows the copy count, '
      + 'or raise minCapacity');
  });
});

describe('copies are not an endpoint unit', () => {
  test('an endpoint rolling update with a COPY_COUNT batch is an error with the library\'s message', () => {
    // GIVEN: the host endpoint itself given a rolling policy in copies
    const file = variant('endpoint-copies', r => {
      r.Host.Properties.DeploymentConfig = {
        RollingUpdatePolicy: { MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 },
      };
    });
    // WHEN
    const r = cli(['plan', file]);
    // THEN
    expect(r.code).toBe(1);
    expect(json(file).endpoints[0].findings).toContainEqual({
      level: 'error',
      code: 'invalidDeploymentConfig',
      message: 'DeploymentConfig: maximumBatchSize must be instances or a percentage for an endpoint rollout, got 1 copy',
    });
  });
});

describe('shared rollout findings', () => {
  test('a bake without alarms gets the endpoint plans\' warning, with the same id and words', () => {
    const file = variant('no-alarms', r => {
      delete r.Base.Properties.DeploymentConfig.AutoRollbackConfiguration;
    });
    const base = json(file).components[0];
    expect(base.findings.map((f: any) => f.code)).toEqual(['bakeWithoutAlarms']);
    expect(base.alarms).toEqual([]);
    expect(cli(['plan', file]).out).toContain('rollback alarms: none');
  });

  test('a copy count the template does not determine leaves the timeline out with a warning', () => {
    const file = variant('unknown-copies', r => {
      delete r.BaseCopies;
      r.Base.Properties.RuntimeConfig.CopyCount = { Ref: 'Copies' };
    });
    const base = json(file).components[0];
    expect(base.plan).toBeNull();
    expect(base.findings[0]).toEqual({
      level: 'warning', code: 'unknownCopyCount', message: 'the copy count or the RollingUpdatePolicy is not known from the template, so there is no timeline',
    });
  });
});

describe('docs/cli.md', () => {
  // regenerate with: CLI_DOC_UPDATE=1 npx jest test/cli-components.test.ts --coverage=false
  test('the inference-component sample is real output', () => {
    const body = `$ npx cdk-sagemaker-endpoint plan llm-components.template.json\n${cli(['plan', FIXTURE]).out}`;
    expectPinnedBlock(path.join(__dirname, '..', 'docs', 'cli.md'),
      '<!-- sample:text-components (generated by test/cli-components.test.ts) -->', '<!-- sample:text-components:end -->',
      `\`\`\`text\n${body.replace(/\n$/, '')}\n\`\`\``);
  });
});

describe('docs/inference-components.md', () => {
  // regenerate with: CLI_DOC_UPDATE=1 npx jest test/cli-components.test.ts --coverage=false
  test('the plan of the integ example is real output', () => {
    const TEMPLATE = path.join(__dirname, 'integ.inference-components.ts.snapshot', 'SageMakerInferenceComponents.template.json');
    const body = `$ npx cdk-sagemaker-endpoint plan SageMakerInferenceComponents.template.json\n${cli(['plan', TEMPLATE]).out}`;
    expectPinnedBlock(path.join(__dirname, '..', 'docs', 'inference-components.md'),
      '<!-- sample:plan-integ (generated by test/cli-components.test.ts) -->', '<!-- sample:plan-integ:end -->',
      `\`\`\`text\n${body.replace(/\n$/, '')}\n\`\`\``);
  });
});

