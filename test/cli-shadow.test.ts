// The command on endpoints with a shadow variant: read from ShadowProductionVariants, in the fleet and the plan's
// peak, the same on a template of the constructs and on raw L1 constructs; the documented sample is real output.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as sm from 'aws-cdk-lib/aws-sagemaker';
import { expectPinnedBlock, runCli } from './util/cli-in-process';
import { validatePlanReport } from './util/plan-schema';
import { BlueGreenDeployment, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const REPO = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/fraud`;

let tmp: string;
let ours: string;
let l1: string;

/** The worked example of docs/deployments.md, step 1: production v1, shadow v2, all at once with an alarm. */
function shadowApp(outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'fraud-scoring', { env: { account: ACCOUNT, region: REGION } });
  const v1 = new Model(stack, 'ModelV1', { containers: [{ image: ContainerImage.fromImageUri(`${REPO}:v1`) }] });
  const v2 = new Model(stack, 'ModelV2', { containers: [{ image: ContainerImage.fromImageUri(`${REPO}:v2`) }] });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model: v1, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
    shadowProductionVariant: { variantName: 'Candidate', model: v2, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 2 },
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointName: 'fraud-scoring', endpointConfig: config });
  const deployment = new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(10) }),
  });
  deployment.addErrorRateAlarm({ alarmName: 'fraud-scoring-errors' });
  return app;
}

/** The same endpoint written with raw L1 constructs, from the values of our template. */
function l1App(outdir: string, template: any): void {
  const resources = Object.values(template.Resources) as any[];
  const config = resources.find(r => r.Type === 'AWS::SageMaker::EndpointConfig').Properties;
  const endpoint = resources.find(r => r.Type === 'AWS::SageMaker::Endpoint').Properties;
  const app = new App({ outdir });
  const stack = new Stack(app, 'fraud-scoring', { env: { account: ACCOUNT, region: REGION } });
  const cfnConfig = new sm.CfnEndpointConfig(stack, 'Config', {
    endpointConfigName: 'fraud-config-1',
    productionVariants: config.ProductionVariants.map((v: any) => ({
      variantName: v.VariantName,
      modelName: v.ModelName,
      instanceType: v.InstanceType,
      initialInstanceCount: v.InitialInstanceCount,
      initialVariantWeight: v.InitialVariantWeight,
    })),
    shadowProductionVariants: config.ShadowProductionVariants.map((v: any) => ({
      variantName: v.VariantName,
      modelName: v.ModelName,
      instanceType: v.InstanceType,
      initialInstanceCount: v.InitialInstanceCount,
      initialVariantWeight: v.InitialVariantWeight,
    })),
  });
  // the rollback alarm as the constructs wrote it, watching the new config's production variant
  const alarm = resources.find(r => r.Type === 'AWS::CloudWatch::Alarm').Properties;
  new CfnResource(stack, 'Errors', {
    type: 'AWS::CloudWatch::Alarm',
    properties: {
      ...alarm,
      Dimensions: alarm.Dimensions.map((d: any) => (d.Name === 'EndpointConfigName' ? { ...d, Value: 'fraud-config-1' } : d)),
    },
  });
  const dc = endpoint.DeploymentConfig;
  new sm.CfnEndpoint(stack, 'Endpoint', {
    endpointName: 'fraud-scoring',
    endpointConfigName: cfnConfig.attrEndpointConfigName,
    deploymentConfig: {
      blueGreenUpdatePolicy: {
        trafficRoutingConfiguration: {
          type: dc.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type,
          waitIntervalInSeconds: dc.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds,
        },
        terminationWaitInSeconds: dc.BlueGreenUpdatePolicy.TerminationWaitInSeconds,
        maximumExecutionTimeoutInSeconds: dc.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds,
      },
      autoRollbackConfiguration: { alarms: [{ alarmName: 'fraud-scoring-errors' }] },
    },
  });
  app.synth();
}

function json(target: string): any {
  return JSON.parse(runCli(['plan', target, '--format', 'json']).out);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-shadow-'));
  ours = path.join(tmp, 'ours');
  shadowApp(ours).synth();
  l1 = path.join(tmp, 'l1');
  l1App(l1, JSON.parse(fs.readFileSync(path.join(ours, 'fraud-scoring.template.json'), 'utf-8')));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('plan of an endpoint with a shadow variant', () => {
  test('the shadow is read from ShadowProductionVariants and shown in the fleet', () => {
    const report = json(ours);
    expect(validatePlanReport(report)).toEqual([]);
    const e = report.endpoints[0];
    expect(e.variants).toEqual([
      { variantName: 'AllTraffic', instanceType: 'ml.c5.xlarge', serverless: false, instanceCount: 4, maxInstanceCount: null, shadow: false },
      { variantName: 'Candidate', instanceType: 'ml.c5.xlarge', serverless: false, instanceCount: 2, maxInstanceCount: null, shadow: true },
    ]);
    expect(e.variantName).toBe('AllTraffic');
    expect(runCli(['plan', ours]).out).toContain('fleet: AllTraffic: 4 x ml.c5.xlarge, Candidate: 2 x ml.c5.xlarge (shadow)');
  });

  test('the shadow fleet counts in the peak and the extra instance-minutes, not in the fleet that takes traffic', () => {
    const plan = json(ours).endpoints[0].plan;
    expect(plan.instanceCount).toBe(4);
    expect(plan.shadowInstanceCount).toBe(2);
    expect(plan.peakInstanceCount).toBe(12);
    expect(plan.steps.every((s: any) => s.oldFleetInstances + s.newFleetInstances <= 8)).toBe(true);
  });

  test('a raw L1 template with the same settings plans the same', () => {
    const a = json(ours).endpoints[0];
    const b = json(l1).endpoints[0];
    expect(b.plan).toEqual(a.plan);
    expect(b.variants).toEqual(a.variants);
    expect(b.findings.map((f: any) => f.code)).toEqual(a.findings.map((f: any) => f.code));
  });

  test('a canary on a template with a shadow is an error finding with the constructs\' message', () => {
    // GIVEN: the L1 template with canary traffic routing
    const template = JSON.parse(fs.readFileSync(path.join(l1, 'fraud-scoring.template.json'), 'utf-8'));
    const endpoint = (Object.values(template.Resources) as any[]).find(r => r.Type === 'AWS::SageMaker::Endpoint');
    endpoint.Properties.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration = {
      Type: 'CANARY', WaitIntervalInSeconds: 600, CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 },
    };
    const file = path.join(tmp, 'canary.template.json');
    fs.writeFileSync(file, JSON.stringify(template));
    // WHEN
    const r = runCli(['plan', file, '--format', 'json']);
    // THEN
    const findings = JSON.parse(r.out).endpoints[0].findings;
    expect(findings).toContainEqual({
      level: 'error',
      code: 'guardrailExclusion',
      message: 'DeploymentConfig must not be canary for an endpoint config with the shadow variant "Candidate" (SageMaker documents no guarded update of an endpoint '
        + 'with a shadow variant, and what a canary update does to the shadow fleet is not documented: '
        + 'https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html; use all-at-once traffic routing, which replaces both fleets at once), got canary',
    });
    expect(r.code).toBe(1);
  });

  test('a shadow whose count is not literal leaves the plan unknown instead of guessing', () => {
    const template = JSON.parse(fs.readFileSync(path.join(l1, 'fraud-scoring.template.json'), 'utf-8'));
    const config = (Object.values(template.Resources) as any[]).find(r => r.Type === 'AWS::SageMaker::EndpointConfig');
    config.Properties.ShadowProductionVariants[0].InitialInstanceCount = { Ref: 'Count' };
    template.Parameters = { ...template.Parameters, Count: { Type: 'Number' } };
    const file = path.join(tmp, 'token.template.json');
    fs.writeFileSync(file, JSON.stringify(template));
    const e = json(file).endpoints[0];
    expect(e.plan).toBeNull();
    expect(e.findings.map((f: any) => f.code)).toContain('unknownFleetSize');
  });
});

describe('docs/deployments.md', () => {
  // regenerate with: CLI_DOC_UPDATE=1 npx jest test/cli-shadow.test.ts --coverage=false
  test('the plan of the shadow step is real output', () => {
    const body = `$ npx cdk-sagemaker-endpoint plan cdk.out\n${runCli(['plan', ours]).out.split(ours).join('cdk.out')}`;
    expectPinnedBlock(path.join(__dirname, '..', 'docs', 'deployments.md'),
      '<!-- sample:plan-shadow (generated by test/cli-shadow.test.ts) -->', '<!-- sample:plan-shadow:end -->',
      `\`\`\`text\n${body.replace(/\n$/, '')}\n\`\`\``);
  });
});
