// docs/cli.md shows real output: every sample between `<!-- sample:NAME -->` markers is regenerated here from
// apps synthesized in this test and compared to the doc, so the samples cannot drift from the command.
//
// Regenerate the samples after changing the output:
//   CLI_DOC_UPDATE=1 npx jest test/cli-docs.test.ts --coverage=false
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Size, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { CanaryRolloutStack } from '../examples/app';
import {
  BlueGreenDeployment, CapacitySize, ContainerImage, DeploymentPlan, Endpoint, EndpointConfig, InstanceType, Model, RollingDeployment, TrafficRouting,
} from '../src';
import { expectPinnedBlock, runCli } from './util/cli-in-process';

const DOC = path.join(__dirname, '..', 'docs', 'cli.md');
const HANDWRITTEN = path.join(__dirname, 'fixtures', 'templates', 'fraud-detector.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-docs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(argv: string[]): string {
  return runCli(argv).out;
}

function cliWithErr(argv: string[]): { out: string; err: string } {
  return runCli(argv);
}

function synthExample(): string {
  const dir = path.join(tmp, 'example');
  const app = new App({ outdir: dir });
  new CanaryRolloutStack(app, 'SageMakerCanaryRollout');
  app.synth();
  return dir;
}

/** Three endpoints the doc discusses: autoscaled rolling, a tight linear timeout without alarms, serverless. */
function synthDocs(): string {
  const dir = path.join(tmp, 'docs');
  const app = new App({ outdir: dir });
  const stack = new Stack(app, 'Docs', { env: { account: '123456789012', region: 'eu-west-1' } });
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.eu-west-1.amazonaws.com/ranker:7') }] });

  const rankerConfig = new EndpointConfig(stack, 'RankerConfig', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
  });
  const ranker = new Endpoint(stack, 'Ranker', { endpointConfig: rankerConfig, endpointName: 'ranker' });
  ranker.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
  const rolling = new RollingDeployment(stack, 'RankerRollout', {
    endpoint: ranker,
    maximumBatchSize: CapacitySize.percent(25),
    waitInterval: Duration.minutes(5),
    rollbackMaximumBatchSize: CapacitySize.percent(50),
  });
  rolling.addErrorRateAlarm();

  const searchConfig = new EndpointConfig(stack, 'SearchConfig', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_G5_XLARGE, initialInstanceCount: 4 }],
  });
  const search = new Endpoint(stack, 'Search', { endpointConfig: searchConfig, endpointName: 'search' });
  new BlueGreenDeployment(stack, 'SearchRollout', {
    endpoint: search,
    trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(10), waitInterval: Duration.minutes(15) }),
    maximumExecutionTimeout: Duration.minutes(70),
    alarms: [new cloudwatch.Alarm(stack, 'SearchLatency', {
      alarmName: 'search-p99-latency',
      metric: search.variant('AllTraffic').metricModelLatency({ statistic: 'p99', period: Duration.minutes(5) }),
      threshold: 800_000,
      evaluationPeriods: 4,
    })],
  });

  const faqConfig = new EndpointConfig(stack, 'FaqConfig', {
    serverlessProductionVariant: { variantName: 'AllTraffic', model, memorySize: Size.gibibytes(2), maxConcurrency: 5 },
  });
  const faq = new Endpoint(stack, 'Faq', { endpointConfig: faqConfig, endpointName: 'faq' });
  new BlueGreenDeployment(stack, 'FaqRollout', { endpoint: faq });
  app.synth();
  return dir;
}

let example: string;
let docs: string;
beforeAll(() => {
  example = synthExample();
  docs = synthDocs();
});

function samples(): { [name: string]: string } {
  const json = JSON.parse(cli(['plan', example, '--format', 'json']));
  json.assembly = 'cdk.out';
  return {
    'text-example': `$ npx cdk-sagemaker-endpoint plan\n${cli(['plan', example]).replace(example, 'cdk.out')}`,
    'text-docs': `$ npx cdk-sagemaker-endpoint plan\n${cli(['plan', docs]).replace(docs, 'cdk.out')}`,
    'markdown-example': cli(['plan', example, '--format', 'markdown']).replace(example, 'cdk.out'),
    'json-example': JSON.stringify(json, undefined, 2) + '\n',
    'yaml-handwritten': fs.readFileSync(HANDWRITTEN, 'utf-8'),
    'text-handwritten': `$ npx cdk-sagemaker-endpoint plan fraud-detector.yaml\n${cli(['plan', HANDWRITTEN])}`,
    'text-help': cli(['--help']),
    'text-policy-warnings': policyOfExample().err,
    'json-policy': policyOfExample().out,
  };
}

/** `policy` on the example app as the doc shows it: run from the app's folder, so paths read `cdk.out/...`. */
function policyOfExample(): { out: string; err: string } {
  // warnings are wrapped at 100 columns around the path they name: run it on `cdk.out` as a user would
  const link = path.join(tmp, 'cdk.out');
  if (!fs.existsSync(link)) {
    fs.symlinkSync(example, link);
  }
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    const { out, err } = cliWithErr(['policy', '--account', '123456789012', '--region', 'eu-west-1']);
    return { out, err: `$ npx cdk-sagemaker-endpoint policy --account 123456789012 --region eu-west-1 > deploy-policy.json\n${err}` };
  } finally {
    process.chdir(cwd);
  }
}

function marker(name: string): [string, string] {
  return [`<!-- sample:${name} (generated by test/cli-docs.test.ts) -->`, `<!-- sample:${name}:end -->`];
}

function fence(name: string, body: string): string {
  const lang = name.startsWith('text') ? 'text' : name.startsWith('markdown') ? 'markdown' : name.startsWith('yaml') ? 'yaml' : 'json';
  const ticks = lang === 'markdown' ? '````' : '```';
  return `${ticks}${lang}\n${body.replace(/\n$/, '')}\n${ticks}`;
}

describe('docs/cli.md samples are real output', () => {
  test.each([
    'text-help', 'text-example', 'text-docs', 'markdown-example', 'json-example', 'yaml-handwritten', 'text-handwritten', 'text-policy-warnings', 'json-policy',
  ])('%s', (name) => {
    const [start, end] = marker(name);
    expectPinnedBlock(DOC, start, end, fence(name, samples()[name]));
  });

  test('no sample line is wider than 100 columns and no default plan shows slack 0s', () => {
    for (const text of [samples()['text-example'], samples()['text-docs']]) {
      for (const line of text.split('\n')) {
        expect(line.length).toBeLessThanOrEqual(100);
      }
      expect(text).not.toContain('slack 0s');
    }
  });

  test('the CLI prints both ends of an autoscaled fleet, what each alarm measures, and no instances for serverless', () => {
    const text = samples()['text-docs'];
    expect(text).toContain('fleet: AllTraffic: 4-8 x ml.c5.xlarge (autoscaled)');
    expect(text).toContain('at the minimum, 4 instances:');
    expect(text).toContain('at the maximum, 8 instances:');
    expect(text).toContain('p99 ModelLatency >= 800000 on VariantName=AllTraffic (window 20m)');
    const faq = text.slice(text.indexOf('Endpoint faq'));
    expect(faq).toContain('fleet: AllTraffic: serverless');
    expect(faq.slice(faq.indexOf('blue/green'))).not.toMatch(/instance/);
    // the same warnings, ids and words as the constructs
    expect(text).toContain('[bakeShorterThanAlarmWindow]');
    expect(text).toContain('[autoscalingSuspended]');
  });

  test('the markdown prints the rollback line the text prints', () => {
    const md = cli(['plan', docs, '--format', 'markdown']);
    expect(md).toMatch(/Rollback: worst case \d+[hm]/);
    expect(cli(['plan', docs])).toMatch(/rollback \d+[hm]/);
  });
});

describe('docs/deployments.md timelines are real output', () => {
  const DEPLOYMENTS = path.join(__dirname, '..', 'docs', 'deployments.md');
  const plans: { [name: string]: () => DeploymentPlan } = {
    'all-at-once': () => DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(10) }), instanceCount: 4 }),
    'canary': () => DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
      instanceCount: 4,
      terminationWait: Duration.minutes(5),
    }),
    'linear': () => DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) }), instanceCount: 4 }),
    'rolling': () => DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.instances(1),
      waitInterval: Duration.minutes(5),
      instanceCount: 4,
      rollbackMaximumBatchSize: CapacitySize.instances(1),
    }),
  };

  test.each(Object.keys(plans))('%s', (name) => {
    expectPinnedBlock(DEPLOYMENTS, `<!-- plan:${name} (generated by test/cli-docs.test.ts) -->`, `<!-- plan:${name}:end -->`,
      `\`\`\`text\n${plans[name]().toString()}\n\`\`\``);
  });
});
