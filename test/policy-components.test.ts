// The command's `policy` over templates with inference components (issue 15): the component rows of the deploy
// table, the config role's PassRole and the copy autoscaling, read from the template alone, so a raw-L1 template
// gets the same component statements as ours.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import {
  CapacitySize, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InferenceComponentRollingDeployment,
  InstanceType,
} from '../src';
import { readAssembly } from '../src/cli/assembly';
import { buildPolicy, PolicyResult } from '../src/cli/policy';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:v1';
const SM = 'arn:aws:sagemaker:eu-west-1:123456789012';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-components-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function policyOf(name: string, build: (stack: Stack) => void): PolicyResult {
  const outdir = path.join(tmp, name);
  const app = new App({ outdir });
  build(new Stack(app, 'Components', { env: ENV }));
  app.synth();
  return buildPolicy(readAssembly(outdir));
}

function statement(result: PolicyResult, sid: string): any {
  return result.policy!.Statement.find(s => s.Sid === sid);
}

describe('policy over inference components', () => {
  let componentName = '';
  const ours = () => policyOf('ours', stack => {
    const config = new EndpointConfig(stack, 'Config', {
      componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'Llm' });
    const ic = new InferenceComponent(stack, 'Component', {
      endpoint,
      specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE) }),
      minMemoryRequired: Size.gibibytes(8),
    });
    ic.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 1 });
    componentName = ic.inferenceComponentName;
  });

  test('covers the component, its endpoint, the config role, the copy autoscaling and the scale-from-zero alarm', () => {
    // WHEN
    const result = ours();
    const rotated = componentName.replace(/-[0-9a-f]{16}$/, `-${'?'.repeat(16)}`);
    // THEN
    expect(result.warnings.filter(w => /not covered/.test(w))).toEqual([]);
    expect(statement(result, 'InferenceComponents')).toEqual({
      Sid: 'InferenceComponents',
      Effect: 'Allow',
      Action: [
        'sagemaker:CreateInferenceComponent', 'sagemaker:DeleteInferenceComponent', 'sagemaker:DescribeInferenceComponent',
        'sagemaker:UpdateInferenceComponent', 'sagemaker:UpdateInferenceComponentRuntimeConfig',
      ],
      Resource: [`${SM}:inference-component/${rotated}`],
    });
    expect(statement(result, 'EndpointsOfInferenceComponents').Resource).toEqual([`${SM}:endpoint/llm`]);
    expect(statement(result, 'Tags').Resource).toContain(`${SM}:inference-component/${rotated}`);
    expect(statement(result, 'PassEndpointConfigRoles')).toEqual({
      Sid: 'PassEndpointConfigRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [expect.stringMatching(/^arn:aws:iam::123456789012:role\/Components-ConfigExecutionRole[0-9A-F]{8}-\*$/)],
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    expect(statement(result, 'TargetTrackingAlarms').Resource)
      .toEqual([`arn:aws:cloudwatch:eu-west-1:123456789012:alarm:TargetTracking-inference-component/${componentName}-*`]);
    expect(statement(result, 'ScaleFromZeroAlarms').Resource)
      .toEqual([`arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${componentName}-NoCapacityInvocationFailures`]);
    // copies are scaled, not instances
    expect(statement(result, 'ScaledEndpoints')).toBeUndefined();
  });

  test('a raw L1 component (any name) gets the same component statements as ours', () => {
    // GIVEN our policy, then a hand-written template with the same names
    const mine = ours();
    const raw = policyOf('raw', stack => {
      new sagemaker.CfnInferenceComponent(stack, 'Component', {
        inferenceComponentName: componentName,
        endpointName: 'Llm',
        variantName: 'AllTraffic',
        specification: { container: { image: IMAGE }, computeResourceRequirements: { minMemoryRequiredInMb: 8192 } },
        runtimeConfig: { copyCount: 1 },
      });
    });
    // THEN
    for (const sid of ['InferenceComponents', 'EndpointsOfInferenceComponents']) {
      expect(statement(raw, sid)).toEqual(statement(mine, sid));
    }
    expect(raw.warnings.filter(w => /not covered/.test(w))).toEqual([]);
  });

  test('a component name CloudFormation generates gets a pattern and a warning', () => {
    // WHEN
    const result = policyOf('generated', stack => {
      new sagemaker.CfnInferenceComponent(stack, 'Generated', {
        endpointName: 'llm',
        specification: { container: { image: IMAGE }, computeResourceRequirements: { minMemoryRequiredInMb: 8192 } },
      });
    });
    // THEN
    expect(statement(result, 'InferenceComponents').Resource).toEqual([`${SM}:inference-component/generated*`]);
    expect(result.warnings.join('\n')).toMatch(/InferenceComponentName is generated by CloudFormation; the policy uses the pattern generated\*/);
  });

  test('covers the rollback alarms of a component rollout: read on every alarm, write on the alarms the template defines', () => {
    // WHEN
    const result = policyOf('rollout', stack => {
      const config = new EndpointConfig(stack, 'Config', {
        componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
      });
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'Llm' });
      const ic = new InferenceComponent(stack, 'Component', {
        endpoint,
        specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE) }),
        minMemoryRequired: Size.gibibytes(8),
        initialCopyCount: 4,
      });
      const rollout = new InferenceComponentRollingDeployment(stack, 'Rollout', {
        component: ic, maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(5),
      });
      rollout.addErrorRateAlarm({ alarmName: 'llm-errors' });
      rollout.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'TeamAlarm', 'team-alarm'));
    });
    // THEN
    const alarm = (name: string) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`;
    expect(statement(result, 'RollbackAlarms')).toEqual({
      Sid: 'RollbackAlarms', Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: [alarm('llm-errors'), alarm('team-alarm')],
    });
    expect(statement(result, 'RollbackAlarmsOfTheStacks')).toEqual({
      Sid: 'RollbackAlarmsOfTheStacks',
      Effect: 'Allow',
      Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
      Resource: [alarm('llm-errors')],
    });
  });
});
