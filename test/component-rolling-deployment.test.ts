// InferenceComponentRollingDeployment: the component's DeploymentConfig, its plan, its alarms and its rules.
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  CapacitySize, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InferenceComponentProps,
  InferenceComponentRollingDeployment, InferenceComponentRollingDeploymentProps, InstanceType,
} from '../src';
import { formatFindings, lintTemplates } from './util/cfn-lint';

const ENV = { account: '123456789012', region: 'us-east-1' };
const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

/**
 * A component with 2 accelerators per copy on ml.g5.12xlarge (4 GPUs: 2 copies per instance), 4 copies on 2 instances;
 * managed instance scaling up to 3 instances holds the peak of a batch of 1 copy.
 */
function component(stack: Stack, props: Partial<InferenceComponentProps> = {}): InferenceComponent {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{
      variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, initialInstanceCount: 2, managedInstanceScaling: { maxInstanceCount: 3 },
    }],
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
  return new InferenceComponent(stack, 'Llm', {
    endpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI) }),
    numberOfAcceleratorDevicesRequired: 2,
    minMemoryRequired: Size.gibibytes(32),
    modelDataDownloadTimeout: Duration.minutes(20),
    containerStartupHealthCheckTimeout: Duration.minutes(10),
    initialCopyCount: 4,
    ...props,
  });
}

function rollout(stack: Stack, props: Partial<InferenceComponentRollingDeploymentProps> = {}, componentProps: Partial<InferenceComponentProps> = {}) {
  const ic = props.component ?? component(stack, componentProps);
  const deployment = new InferenceComponentRollingDeployment(stack, 'Rollout', {
    component: ic,
    maximumBatchSize: CapacitySize.copies(1),
    waitInterval: Duration.minutes(10),
    ...props,
  });
  return { ic, deployment };
}

function deploymentConfig(stack: Stack): any {
  const components = Template.fromStack(stack).findResources('AWS::SageMaker::InferenceComponent');
  return (Object.values(components)[0] as any).Properties.DeploymentConfig;
}

describe('InferenceComponentRollingDeployment', () => {
  test('renders the component\'s RollingUpdatePolicy with the timeout of its plan', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const { deployment } = rollout(stack, { rollbackMaximumBatchSize: CapacitySize.percent(50) });
    // THEN
    expect(deploymentConfig(stack)).toEqual({
      RollingUpdatePolicy: {
        MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
        WaitIntervalInSeconds: 600,
        MaximumExecutionTimeoutInSeconds: deployment.plan.maximumExecutionTimeout.toSeconds(),
        RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 50 },
      },
    });
    expect(deployment.plan.isDefaultTimeout).toBe(true);
  });

  test('a component without a deployment renders no DeploymentConfig (SageMaker updates it blue/green)', () => {
    const stack = newStack();
    component(stack);
    expect(deploymentConfig(stack)).toBeUndefined();
  });

  test('the plan counts copies, uses the component\'s startup timeouts and reports the extra instances at peak', () => {
    // GIVEN 4 copies, 2 per instance on 2 instances: a batch of 1 copy needs a third instance
    const stack = newStack();
    // WHEN
    const { deployment } = rollout(stack);
    const plan = deployment.plan;
    // THEN
    expect(plan.copyCount).toBe(4);
    expect(plan.copiesPerInstance).toBe(2);
    expect(plan.peakCopyCount).toBe(5);
    expect(plan.extraInstanceCount).toBe(1);
    // 20 minutes of download + 10 of health check + 10 of instance start-up
    expect(plan.provisioningAllowance.toMinutes()).toBe(40);
    expect(plan.steps.filter(s => s.label.startsWith('batch'))).toHaveLength(4);
  });

  test('the given timeout is rendered as given', () => {
    const stack = newStack();
    rollout(stack, { maximumExecutionTimeout: Duration.hours(8) });
    expect(deploymentConfig(stack).RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(28800);
  });

  test('error-rate and latency alarms watch the component (InferenceComponentName) and roll the update back', () => {
    // GIVEN
    const stack = newStack();
    const { ic, deployment } = rollout(stack);
    // WHEN
    deployment.addErrorRateAlarm({ alarmName: 'llm-errors' });
    deployment.addLatencyAlarm({ threshold: Duration.seconds(5) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'llm-errors',
      MetricName: 'Invocation5XXErrors',
      Namespace: 'AWS/SageMaker',
      Statistic: 'Average',
      Dimensions: [{ Name: 'InferenceComponentName', Value: ic.inferenceComponentName }],
      AlarmDescription: `Rollback alarm (inference component ${ic.inferenceComponentName}): 5XX errors above 1% of invocations`,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ModelLatency',
      ExtendedStatistic: 'p99',
      Threshold: 5_000_000,
      Dimensions: [{ Name: 'InferenceComponentName', Value: ic.inferenceComponentName }],
    });
    const config = deploymentConfig(stack);
    expect(config.AutoRollbackConfiguration.Alarms).toHaveLength(2);
    expect(config.AutoRollbackConfiguration.Alarms[0]).toEqual({ AlarmName: 'llm-errors' });
    // the alarm with a literal name must exist before the component updates
    const [componentResource] = Object.values(template.findResources('AWS::SageMaker::InferenceComponent')) as any[];
    const alarmId = stack.getLogicalId(deployment.alarms[0].node.defaultChild as cloudwatch.CfnAlarm);
    expect(componentResource.DependsOn).toContain(alarmId);
  });

  test('alarms given in the props count like added ones', () => {
    const stack = newStack();
    rollout(stack, { alarms: [cloudwatch.Alarm.fromAlarmName(stack, 'Imported', 'imported-alarm')] });
    expect(deploymentConfig(stack).AutoRollbackConfiguration).toEqual({ Alarms: [{ AlarmName: 'imported-alarm' }] });
  });

  test('a bake without rollback alarms warns with the id and words plan uses', () => {
    const stack = newStack();
    rollout(stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Rollout', Match.stringLikeRegexp(
      'the deployment bakes for 10m but has no rollback alarms, so the bake only waits.*cdk-sagemaker-endpoint:bakeWithoutAlarms'));
  });

  describe('rules', () => {
    test('an alarm helper does not take a variant (component metrics have none)', () => {
      const stack = newStack();
      const { deployment } = rollout(stack);
      expect(() => deployment.addErrorRateAlarm({ variantName: 'AllTraffic' })).toThrow(
        /Stack\/Rollout: addErrorRateAlarm variantName must not be given for an inference component \(its metrics have the InferenceComponentName dimension only\), got "AllTraffic"/);
    });

    test('a component takes at most one deployment, naming both', () => {
      const stack = newStack();
      const { ic } = rollout(stack);
      expect(() => new InferenceComponentRollingDeployment(stack, 'Second', {
        component: ic, maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(1),
      })).toThrow(/Stack\/Llm: a component takes at most one deployment construct, got Stack\/Rollout and Stack\/Second/);
    });

    test('a batch larger than half the copies is a synth error with the plan\'s message', () => {
      const stack = newStack();
      rollout(stack, { maximumBatchSize: CapacitySize.copies(3) });
      expect(() => Template.fromStack(stack)).toThrow(
        /\[Stack\/Rollout\] maximumBatchSize must be 1-2 copies for a component of 4 copies \(5-50 percent of the copy count\), got 3 copies/);
    });

    test('an instance-count batch is rejected for a component', () => {
      const stack = newStack();
      rollout(stack, { maximumBatchSize: CapacitySize.instances(1) });
      expect(() => Template.fromStack(stack)).toThrow(/maximumBatchSize must be copies or a percentage for an inference component rollout, got 1 instance/);
    });

    test('a 1-copy component cannot roll (no whole batch is 5-50 percent of 1 copy)', () => {
      const stack = newStack();
      rollout(stack, {}, { initialCopyCount: 1 });
      expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Rollout\] copyCount must be at least 2 for a rolling update, got 1/);
    });

    test('waits that reach the given timeout are an error with the shared words', () => {
      const stack = newStack();
      rollout(stack, { waitInterval: Duration.minutes(50), maximumExecutionTimeout: Duration.hours(3) });
      expect(() => Template.fromStack(stack)).toThrow(
        /\[Stack\/Rollout\] maximumExecutionTimeout must be longer than all waits \(3h 20m\), got 3h: every rollout would time out and roll back/);
    });

    test.each([
      [{ waitInterval: Duration.hours(2) }, /Stack\/Rollout: waitInterval must be 0-3600 seconds, got 7200/],
      [{ maximumExecutionTimeout: Duration.minutes(5) }, /Stack\/Rollout: maximumExecutionTimeout must be 600-28800 seconds, got 300/],
      [{ provisioningAllowance: Duration.hours(4) }, /Stack\/Rollout: provisioningAllowance must be 0-10800 seconds, got 14400/],
      [{ maximumBatchSize: undefined }, /Stack\/Rollout: maximumBatchSize must be given \(copies, or 5-50 percent of the copy count\), got undefined/],
      [{ waitInterval: undefined }, /Stack\/Rollout: waitInterval must be given \(0-3600 seconds\), got undefined/],
    ])('rejects %p', (change, message) => {
      const stack = newStack();
      const ic = component(stack);
      expect(() => new InferenceComponentRollingDeployment(stack, 'Rollout', {
        component: ic, maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(10), ...change,
      } as InferenceComponentRollingDeploymentProps)).toThrow(message);
    });
  });

  test('the template passes cfn-lint', () => {
    const stack = newStack();
    const { deployment } = rollout(stack, { rollbackMaximumBatchSize: CapacitySize.copies(2) });
    deployment.addErrorRateAlarm();
    const result = lintTemplates([{ name: 'component-rollout', template: Template.fromStack(stack).toJSON() }]);
    expect(formatFindings(result.findings)).toEqual('');
  });
});
