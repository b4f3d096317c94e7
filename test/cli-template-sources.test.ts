/**
 * Issue 14 item 4: the template is the only source of truth. `plan` derives every plan from the CloudFormation
 * resources (DeploymentConfig, ProductionVariants, scalable targets, alarms), so the library's own app, an app of
 * raw aws-cdk-lib L1 constructs and hand-written templates (JSON and YAML, test/fixtures/templates) with the
 * same settings print the same timelines and findings; and no template carries a copy of a computed plan.
 *
 * Runs the command in process (src/cli/run.ts), like test/cli-docs.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App, Duration, Size, Stack, aws_applicationautoscaling as appscaling, aws_cloudwatch as cloudwatch, aws_sagemaker as sm,
} from 'aws-cdk-lib';
import {
  BlueGreenDeployment, CapacitySize, ContainerImage, Endpoint, EndpointConfig, InstanceType, Model, RollingDeployment, TrafficRouting,
} from '../src';
import { runCli } from './util/cli-in-process';
import { PROVISIONING_ALLOWANCE_METADATA_KEY } from '../src/deployment/plan-metadata';

const FIXTURES = path.join(__dirname, 'fixtures', 'templates');
const env = { account: '123456789012', region: 'eu-west-1' };
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/fraud-detector:v42';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-template-sources-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cli = runCli;

function synth(name: string, build: (stack: Stack) => void): string {
  const outdir = path.join(tmp, name);
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  build(new Stack(app, 'Fraud', { env }));
  app.synth();
  return outdir;
}

/**
 * The library's app: a canary of 25 percent of 4 instances with a 10-minute bake, a 5-minute termination wait and
 * two rollback alarms; a rolling endpoint of 6-12 autoscaled instances, 2 per batch, 5-minute bake, no alarm.
 */
function libraryApp(stack: Stack): void {
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
  });
  const canary = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'fraud-canary' });
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
  const rolling = new Endpoint(stack, 'RollingEndpoint', { endpointConfig: rollingConfig, endpointName: 'fraud-rolling' });
  rolling.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 6, maxCapacity: 12 });
  new RollingDeployment(stack, 'Rolling', { endpoint: rolling, maximumBatchSize: CapacitySize.instances(2), waitInterval: Duration.minutes(5) });
}

/** The same two endpoints with raw aws-cdk-lib L1 constructs only (the timeouts written as the library computes them). */
function l1App(stack: Stack): void {
  const model = new sm.CfnModel(stack, 'Model', {
    modelName: 'fraud-detector-v42', executionRoleArn: 'arn:aws:iam::123456789012:role/fraud-detector-model', primaryContainer: { image: IMAGE },
  });
  const config = new sm.CfnEndpointConfig(stack, 'CanaryConfig', {
    endpointConfigName: 'fraud-canary-config-v42',
    productionVariants: [{ variantName: 'AllTraffic', modelName: model.attrModelName, instanceType: 'ml.c5.xlarge', initialInstanceCount: 4 }],
  });
  const alarm = (id: string, props: Partial<cloudwatch.CfnAlarmProps>) => new cloudwatch.CfnAlarm(stack, id, {
    namespace: 'AWS/SageMaker',
    dimensions: [
      { name: 'EndpointName', value: 'fraud-canary' },
      { name: 'EndpointConfigName', value: config.attrEndpointConfigName },
      { name: 'VariantName', value: 'AllTraffic' },
    ],
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    ...props,
  });
  const errors = alarm('ErrorRateAlarm', { metricName: 'Invocation5XXErrors', statistic: 'Average', threshold: 0.01 });
  const latency = alarm('LatencyAlarm', { metricName: 'ModelLatency', extendedStatistic: 'p99', unit: 'Microseconds', threshold: 300_000 });
  new sm.CfnEndpoint(stack, 'CanaryEndpoint', {
    endpointName: 'fraud-canary',
    endpointConfigName: config.attrEndpointConfigName,
    deploymentConfig: {
      blueGreenUpdatePolicy: {
        trafficRoutingConfiguration: { type: 'CANARY', canarySize: { type: 'CAPACITY_PERCENT', value: 25 }, waitIntervalInSeconds: 600 },
        terminationWaitInSeconds: 300,
        maximumExecutionTimeoutInSeconds: 3300,
      },
      autoRollbackConfiguration: { alarms: [{ alarmName: errors.ref }, { alarmName: latency.ref }] },
    },
  });

  const rollingConfig = new sm.CfnEndpointConfig(stack, 'RollingConfig', {
    endpointConfigName: 'fraud-rolling-config-v42',
    productionVariants: [{ variantName: 'AllTraffic', modelName: model.attrModelName, instanceType: 'ml.c5.xlarge', initialInstanceCount: 6 }],
  });
  const rolling = new sm.CfnEndpoint(stack, 'RollingEndpoint', {
    endpointName: 'fraud-rolling',
    endpointConfigName: rollingConfig.attrEndpointConfigName,
    retainAllVariantProperties: true,
    deploymentConfig: {
      rollingUpdatePolicy: { maximumBatchSize: { type: 'INSTANCE_COUNT', value: 2 }, waitIntervalInSeconds: 300, maximumExecutionTimeoutInSeconds: 9900 },
    },
  });
  new appscaling.CfnScalableTarget(stack, 'RollingScalableTarget', {
    serviceNamespace: 'sagemaker',
    scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    resourceId: `endpoint/${rolling.endpointName}/variant/AllTraffic`,
    minCapacity: 6,
    maxCapacity: 12,
  });
}

/** What must be the same whatever wrote the template (names of configs and alarms may differ). */
function comparable(source: string): unknown[] {
  const r = cli(['plan', source, '--format', 'json']);
  expect(r.err).toBe('');
  const report = JSON.parse(r.out);
  return report.endpoints.map((e: any) => ({
    endpointName: e.endpointName,
    source: e.source,
    strategy: e.strategy,
    trafficRouting: e.trafficRouting,
    instanceCount: e.instanceCount,
    variantName: e.variantName,
    variants: e.variants,
    plan: e.plan,
    alarms: e.alarms.map((a: any) => ({
      watches: a.watches,
      windowSeconds: a.windowSeconds,
      description: a.description?.replace(/EndpointConfigName=[^,]+/, 'EndpointConfigName=<config>'),
    })),
    findings: e.findings,
  }));
}

/** The timeline part of the text output: from each endpoint's fleet line to its rollback alarms. */
function timelines(source: string): string[] {
  const text = cli(['plan', source]).out;
  return text.split(/\n {2}Endpoint /).slice(1).map(block => {
    const lines = block.split('\n');
    const from = lines.findIndex(l => l.startsWith('  fleet:'));
    const to = lines.findIndex(l => l.startsWith('  rollback alarms'));
    return [lines[0].split(' ')[0], ...lines.slice(from, to)].join('\n');
  });
}

describe('plan prints the same timelines whatever wrote the template', () => {
  let library: string;
  let l1: string;
  beforeAll(() => {
    library = synth('library', libraryApp);
    l1 = synth('l1', l1App);
  });

  test('the library app has a canary and an autoscaled rolling endpoint with timelines', () => {
    const [canary, rolling] = comparable(library) as any[];
    expect(canary).toMatchObject({ endpointName: 'fraud-canary', source: 'deployment-config', trafficRouting: 'CANARY', findings: [] });
    expect(canary.plan).toMatchObject({ totalWaitSeconds: 1500, worstCaseDurationSeconds: 2700, isDefaultTimeout: true });
    expect(canary.alarms.map((a: any) => a.watches)).toEqual(['new-fleet', 'new-fleet']);
    expect(rolling).toMatchObject({ strategy: 'ROLLING', instanceCount: 6, variants: [{ instanceCount: 6, maxInstanceCount: 12 }] });
    expect(rolling.findings.map((f: any) => f.code)).toEqual(['bakeWithoutAlarms', 'autoscalingSuspended']);
    expect(timelines(library)).toHaveLength(2);
  });

  test.each([
    ['an app of raw L1 constructs', () => l1],
    ['a hand-written JSON template', () => path.join(FIXTURES, 'fraud-detector.template.json')],
    ['a hand-written YAML template with short-form intrinsics', () => path.join(FIXTURES, 'fraud-detector.yaml')],
  ])('%s', (_name, source) => {
    expect(comparable(source())).toEqual(comparable(library));
    expect(timelines(source())).toEqual(timelines(library));
    expect(cli(['plan', source()]).code).toBe(0);
  });

  test('alarm dimensions given by Fn::GetAtt are described by the name they resolve to', () => {
    const report = JSON.parse(cli(['plan', path.join(FIXTURES, 'fraud-detector.template.json'), '--format', 'json']).out);
    expect(report.endpoints[0].alarms.map((a: any) => [a.alarmName, a.watches, a.description])).toEqual([
      ['fraud-canary-errors', 'new-fleet', 'Average Invocation5XXErrors > 0.01 on EndpointConfigName=fraud-canary-config-v42, VariantName=AllTraffic (window 3m)'],
      ['fraud-canary-latency', 'new-fleet', 'p99 ModelLatency > 300000 on EndpointConfigName=fraud-canary-config-v42, VariantName=AllTraffic (window 3m)'],
    ]);
  });

  test('the library app matches the library plans exactly (the deployment constructs compute the same)', () => {
    const app = new App({ outdir: path.join(tmp, 'library-plans') });
    const stack = new Stack(app, 'Fraud', { env });
    libraryApp(stack);
    const deployments = stack.node.findAll().filter((c): c is BlueGreenDeployment | RollingDeployment =>
      c instanceof BlueGreenDeployment || c instanceof RollingDeployment);
    const plans = deployments.map(d => JSON.parse(d.plan.toJson()));
    app.synth();
    const reported = (comparable(path.join(tmp, 'library-plans')) as any[]).map(e => e.plan);
    expect(reported).toEqual(plans);
  });
});

describe('no copy of a computed plan in the template', () => {
  function templateOf(build: (stack: Stack) => void): any {
    const dir = synth(`metadata-${Math.random().toString(36).slice(2)}`, build);
    return JSON.parse(fs.readFileSync(path.join(dir, 'Fraud.template.json'), 'utf-8'));
  }

  test('no resource Metadata key holds plan inputs or a computed plan', () => {
    const template = templateOf(libraryApp);
    for (const [id, resource] of Object.entries<any>(template.Resources)) {
      for (const [key, value] of Object.entries<any>(resource.Metadata ?? {})) {
        expect(`${id} ${key} ${JSON.stringify(value)}`).not.toMatch(/steps|worstCase|inputs|trafficRouting|instanceCount|cdk-sagemaker-endpoint:/);
        if (resource.Type === 'AWS::SageMaker::Endpoint') {
          expect(`${id} ${key}`).toMatch(/ aws:cdk:path$/);
        }
      }
    }
  });

  test('a provisioningAllowance that differs from the default is the only key kept, as a number of seconds', () => {
    const plan = (allowance: Duration) => {
      let deployment!: BlueGreenDeployment;
      const template = templateOf(stack => {
        const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
        const config = new EndpointConfig(stack, 'Config', {
          instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
        });
        const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'fraud-canary' });
        deployment = new BlueGreenDeployment(stack, 'Deployment', {
          endpoint,
          trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
          provisioningAllowance: allowance,
        });
        deployment.addErrorRateAlarm();
      });
      return { template, deployment };
    };
    const endpointOf = (template: any) => Object.values<any>(template.Resources).find(r => r.Type === 'AWS::SageMaker::Endpoint');

    // 30 minutes differs from the 20-minute default of variants without timeouts: kept, and the command uses it
    const custom = plan(Duration.minutes(30));
    expect(endpointOf(custom.template).Metadata[PROVISIONING_ALLOWANCE_METADATA_KEY]).toBe(1800);
    const dir = path.join(tmp, 'allowance.template.json');
    fs.writeFileSync(dir, JSON.stringify(custom.template));
    const [report] = JSON.parse(cli(['plan', dir, '--format', 'json']).out).endpoints;
    expect(report.plan).toEqual(JSON.parse(custom.deployment.plan.toJson()));
    expect(report.plan).toMatchObject({ provisioningAllowanceSeconds: 1800, isDefaultTimeout: true });

    // the default itself is not written: the variants' timeouts say it
    const same = plan(Duration.minutes(20));
    expect(Object.keys(endpointOf(same.template).Metadata)).toEqual(['aws:cdk:path']);
  });

  test('a given maximumExecutionTimeout is reported as given, one equal to the computed default as the default', () => {
    const build = (timeout?: Duration) => (stack: Stack) => {
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
      });
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'fraud-linear' });
      new BlueGreenDeployment(stack, 'Deployment', {
        endpoint,
        trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(50), waitInterval: Duration.minutes(5) }),
        maximumExecutionTimeout: timeout,
      }).addErrorRateAlarm();
    };
    const report = (timeout?: Duration) => {
      const dir = synth(`timeout-${timeout?.toMinutes() ?? 'default'}`, build(timeout));
      return JSON.parse(cli(['plan', dir, '--format', 'json']).out).endpoints[0];
    };
    expect(report(Duration.hours(1)).plan).toMatchObject({ maximumExecutionTimeoutSeconds: 3600, isDefaultTimeout: false });
    const computed = report();
    expect(computed.plan.isDefaultTimeout).toBe(true);
    expect(report(Duration.seconds(computed.plan.maximumExecutionTimeoutSeconds)).plan).toEqual(computed.plan);
  });
});

describe('one rule, one message: the constructs and the command word a rule alike', () => {
  /** A hand-written template: one endpoint config with the given variant and an endpoint with this DeploymentConfig. */
  function handWritten(name: string, variant: object, deploymentConfig: object): string {
    const file = path.join(tmp, `${name}.template.json`);
    fs.writeFileSync(file, JSON.stringify({
      Resources: {
        Config: { Type: 'AWS::SageMaker::EndpointConfig', Properties: { EndpointConfigName: 'config', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm', ...variant }] } },
        Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointName: 'ep', EndpointConfigName: { 'Fn::GetAtt': ['Config', 'EndpointConfigName'] }, DeploymentConfig: deploymentConfig } },
      },
    }));
    return file;
  }

  function synthError(build: (stack: Stack) => void): string {
    try {
      synth(`error-${Math.random().toString(36).slice(2)}`, build);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the synth to fail');
  }

  function findings(file: string): Array<{ level: string; code: string; message: string }> {
    return JSON.parse(cli(['plan', file, '--format', 'json']).out).endpoints[0].findings;
  }

  test('a canary on a serverless variant: the same exclusion message, naming the property each side sets', () => {
    // GIVEN the construct's error
    const error = synthError(stack => {
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
      const config = new EndpointConfig(stack, 'Config', { serverlessProductionVariant: { variantName: 'AllTraffic', model, memorySize: Size.gibibytes(2), maxConcurrency: 5 } });
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'ep' });
      new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }) });
    });
    // WHEN the command reads a template with the same settings
    const file = handWritten('serverless-canary', { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }, {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 }, WaitIntervalInSeconds: 600 },
      },
    });
    const exclusion = findings(file).find(f => f.code === 'guardrailExclusion');
    // THEN
    const words = 'must not be canary for the serverless variant "AllTraffic" (SageMaker supports canary deployments only on instance-based variants; use all-at-once traffic routing), got canary';
    expect(error).toContain(`trafficRouting ${words}`);
    expect(exclusion).toEqual({ level: 'error', code: 'guardrailExclusion', message: `DeploymentConfig ${words}` });
  });

  test('a canary on Inf1 is the same error in the command as in the construct', () => {
    const file = handWritten('inf1-canary', { InstanceType: 'ml.inf1.xlarge', InitialInstanceCount: 4 }, {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 },
      },
    });
    expect(findings(file).filter(f => f.code === 'guardrailExclusion').map(f => f.message)).toEqual([
      'DeploymentConfig must not be canary for variant "AllTraffic" on ml.inf1.xlarge (SageMaker does not run deployment guardrails on Inf1 instances and silently falls back to all at once), got canary',
    ]);
  });

  test('waits that reach the timeout: the construct error and the command finding have the same words', () => {
    // GIVEN canary 1 of 4 instances, 15-minute bakes, a 15-minute termination wait and a 30-minute timeout
    const error = synthError(stack => {
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
      });
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'ep' });
      new BlueGreenDeployment(stack, 'Deployment', {
        endpoint,
        trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(15) }),
        terminationWait: Duration.minutes(15),
        maximumExecutionTimeout: Duration.minutes(30),
      });
    });
    const file = handWritten('waits', { InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 4 }, {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 900 },
        TerminationWaitInSeconds: 900,
        MaximumExecutionTimeoutInSeconds: 1800,
      },
    });
    // THEN
    const message = 'maximumExecutionTimeout must be longer than all waits (45m), got 30m: every rollout would time out and roll back';
    expect(error).toContain(`[Fraud/Deployment] ${message}`);
    expect(findings(file).filter(f => f.level === 'error')).toEqual([{ level: 'error', code: 'waitsExceedTimeout', message }]);
  });
});
