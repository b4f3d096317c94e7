import { CfnParameter, Duration, Stack, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { IMAGE_URI, newEndpoint, newStack } from './blue-green-fixtures';
import { BlueGreenDeployment, CapacitySize, RollingDeployment } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { reportedAlarms, templateReports } from './util/template-plan';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

function endpointResource(stack: Stack): any {
  const endpoints = Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint');
  return Object.values(endpoints)[0] as any;
}

/** Whether the endpoint is ordered after the alarm: an explicit DependsOn, or a Ref to it in its properties. */
function endpointDependsOn(stack: Stack, alarm: cloudwatch.IAlarm): boolean {
  const resource = endpointResource(stack);
  const id = stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);
  return (resource.DependsOn ?? []).includes(id) || JSON.stringify(resource.Properties).includes(JSON.stringify({ Ref: id }));
}

function deploymentConfig(stack: Stack): any {
  return endpointResource(stack).Properties.DeploymentConfig;
}

describe('RollingDeployment rendering and defaults', () => {
  test('it renders RollingUpdatePolicy with the batch, the bake and the timeout, and no blue/green policy', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    // WHEN
    new RollingDeployment(stack, 'Deployment', {
      endpoint,
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(5),
      maximumExecutionTimeout: Duration.hours(3),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        RollingUpdatePolicy: {
          MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
          WaitIntervalInSeconds: 300,
          MaximumExecutionTimeoutInSeconds: 10800,
        },
        BlueGreenUpdatePolicy: Match.absent(),
        AutoRollbackConfiguration: Match.absent(),
      },
    });
  });

  test('the rollback batch size is rendered when given and absent by default', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    // WHEN
    new RollingDeployment(stack, 'Deployment', {
      endpoint,
      maximumBatchSize: CapacitySize.instances(1),
      waitInterval: Duration.minutes(2),
      rollbackMaximumBatchSize: CapacitySize.instances(2),
    });
    // THEN
    expect(deploymentConfig(stack).RollingUpdatePolicy.RollbackMaximumBatchSize).toEqual({ Type: 'INSTANCE_COUNT', Value: 2 });
  });

  test('the timeout defaults to every batch with its provisioning and bake: 4 batches of 20 + 5 minutes give 100 minutes plus a 10-minute margin', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    // WHEN
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint,
      maximumBatchSize: CapacitySize.instances(1),
      waitInterval: Duration.minutes(5),
    });
    // THEN (4 batches x (20 min provisioning + 5 min bake) = 100 min = 6000 s, + margin max(600, 600) = 6600 s)
    expect(deployment.maximumExecutionTimeout.toSeconds()).toBe(6600);
    expect(deploymentConfig(stack).RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(6600);
    expect(deploymentConfig(stack).RollingUpdatePolicy.RollbackMaximumBatchSize).toBeUndefined();
  });

  test('alarms added later render in AutoRollbackConfiguration and the endpoint depends on them', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) });
    // WHEN
    const errors = deployment.addErrorRateAlarm({ alarmName: 'errors' });
    const latency = deployment.addLatencyAlarm({ threshold: Duration.seconds(1), alarmName: 'latency' });
    // THEN
    expect(deploymentConfig(stack).AutoRollbackConfiguration).toEqual({ Alarms: [{ AlarmName: 'errors' }, { AlarmName: 'latency' }] });
    expect(endpointDependsOn(stack, errors)).toBe(true);
    expect(endpointDependsOn(stack, latency)).toBe(true);
  });

  test('the command derives the strategy, the plan and the alarms from the template, which holds no plan copy', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    const deployment = new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(5) });
    deployment.addErrorRateAlarm({ alarmName: 'errors' });
    expect(Object.keys(endpointResource(stack).Metadata ?? {}).filter(k => k.startsWith('cdk-sagemaker-endpoint'))).toEqual([]);
    const [report] = templateReports(stack);
    expect(report).toMatchObject({ strategy: 'ROLLING', variantName: 'AllTraffic', instanceCount: 4, plan: { strategy: 'ROLLING' } });
    expect(reportedAlarms(stack)).toEqual([{ alarmName: 'errors', watches: 'new-fleet' }]);
  });

  test('a bake without alarms warns with a stable id', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) });
    Annotations.fromStack(stack).hasWarning('/Stack/Deployment', Match.stringLikeRegexp('cdk-sagemaker-endpoint:bakeWithoutAlarms'));
  });

  test('a rolling deployment without a bake does not warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.seconds(0) });
    Annotations.fromStack(stack).hasNoWarning('/Stack/Deployment', Match.stringLikeRegexp('bakeWithoutAlarms'));
  });
});

describe('RollingDeployment validation', () => {
  test('a batch under 5 percent is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(4), waitInterval: Duration.minutes(1) }))
      .toThrow(/Stack\/Deployment: maximumBatchSize must be 5-50 percent of the fleet, got 4/);
  });

  test('a batch over 50 percent is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(60), waitInterval: Duration.minutes(1) }))
      .toThrow(/maximumBatchSize must be 5-50 percent of the fleet, got 60/);
  });

  test('a batch of more than half the instances is rejected with the allowed count range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(3), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow(/maximumBatchSize must be 1-2 instances for variant "AllTraffic" of 4 instances \(5-50 percent of the fleet\), got 3 instances/);
  });

  test('a batch below 5 percent of the instances is rejected with the allowed count range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 40 });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow(/maximumBatchSize must be 2-20 instances for variant "AllTraffic" of 40 instances/);
  });

  test('the batch count is checked against the autoscaling minimum', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(2), waitInterval: Duration.minutes(1) });
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 6 });
    expect(() => Template.fromStack(stack)).toThrow(/maximumBatchSize must be 1-1 instances for variant "AllTraffic" at the autoscaling minimum of 2 instances/);
  });

  test('a rollback batch larger than the fleet is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(1), rollbackMaximumBatchSize: CapacitySize.instances(5),
    });
    expect(() => Template.fromStack(stack)).toThrow(/rollbackMaximumBatchSize must be 1-4 instances for variant "AllTraffic" of 4 instances \(at most the whole fleet\), got 5 instances/);
  });

  test('a rollback batch under 5 percent is accepted: the API documents no minimum besides Value >= 1', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1), rollbackMaximumBatchSize: CapacitySize.percent(2),
    });
    expect(deploymentConfig(stack).RollingUpdatePolicy.RollbackMaximumBatchSize).toEqual({ Type: 'CAPACITY_PERCENT', Value: 2 });
    expect(deployment.plan.rollbackPeakInstanceCount).toBeGreaterThan(0);
  });

  test('a rollback batch of 0 percent is rejected (CapacitySize Value >= 1)', () => {
    expect(() => CapacitySize.percent(0)).toThrow('capacity percent must be a whole number in 1-100 percent, got 0');
  });

  test('a wait interval over 1 hour is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(61) }))
      .toThrow(/waitInterval must be 0-3600 seconds, got 3660/);
  });

  test('a wait interval that is not whole seconds is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.millis(2500) }))
      .toThrow(/waitInterval must be a whole number in 0-3600 seconds, got 2.5/);
  });

  test('a maximum execution timeout under 10 minutes is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1), maximumExecutionTimeout: Duration.minutes(9),
    })).toThrow(/maximumExecutionTimeout must be 600-28800 seconds, got 540/);
  });

  test('an endpoint with two production variants is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { secondVariant: true });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack))
      .toThrow(/the endpoint config must have exactly 1 production variant for a rolling deployment \(SageMaker rolls only single-variant endpoints\), got 2 \("AllTraffic", "Challenger"\)/);
  });

  test('a blue/green deployment after a rolling one on the same endpoint is rejected naming both paths', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new RollingDeployment(stack, 'Rolling', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    expect(() => new BlueGreenDeployment(stack, 'BlueGreen', { endpoint })).toThrow(/Stack\/Rolling[\s\S]*Stack\/BlueGreen|Stack\/BlueGreen[\s\S]*Stack\/Rolling/);
  });

  test('an imported endpoint config needs an explicit timeout, since the batch count depends on the fleet', () => {
    const stack = newStack();
    const config = EndpointConfig.fromEndpointConfigName(stack, 'Imported', 'existing-config');
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow(/maximumExecutionTimeout must be given when the fleet size is not known at synth \(an imported endpoint config, or an instance count that is a token\)/);
  });

  test('an instance count that is a token needs an explicit timeout too (it was planned at 1 instance)', () => {
    // GIVEN a config whose instance count is a template parameter (review finding: the default timeout was computed
    // for 1 instance and 1 batch, with no warning, while the parameter deploys 8)
    const stack = newStack();
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
    const count = new CfnParameter(stack, 'Count', { type: 'Number', default: 8 }).valueAsNumber;
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: count }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
    // WHEN
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Deployment\] maximumExecutionTimeout must be given when the fleet size is not known at synth \(an imported endpoint config, or an instance count that is a token\) and the rollout length depends on it \(rolling or linear\), got undefined/);
  });

  test('an imported endpoint config with a timeout renders and writes no plan into the metadata', () => {
    const stack = newStack();
    const config = EndpointConfig.fromEndpointConfigName(stack, 'Imported', 'existing-config');
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
    new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1), maximumExecutionTimeout: Duration.hours(2),
    });
    expect(deploymentConfig(stack).RollingUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(7200);
    const [report] = templateReports(stack);
    expect(report).toMatchObject({ strategy: 'ROLLING', endpointConfigName: 'existing-config', plan: null });
    expect(report.findings.map(f => f.code)).toContain('unknownFleetSize');
  });
});

describe('failure-modes row 4: rolling waits must fit the maximum execution timeout', () => {
  test('row 4: four 15-minute bakes do not fit a 1-hour timeout, and the error shows the plan', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(15), maximumExecutionTimeout: Duration.hours(1),
    });
    // 4 batches x 15 min = 60 min >= 60 min
    expect(() => Template.fromStack(stack)).toThrow(/maximumExecutionTimeout must be longer than all waits \(1h\), got 1h[\s\S]*batch 1\/4/);
  });
});

describe('failure-modes row 5: rolling guardrail exclusions are synth errors', () => {
  test('row 5: a rolling deployment on a serverless variant is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { serverless: true });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow(/deployment must not be rolling for the serverless variant "AllTraffic"/);
  });

  test('row 5: a rolling deployment on Inf1 instances is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceType: InstanceType.of('ml.inf1.2xlarge') });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow(/deployment must not be rolling for variant "AllTraffic" on ml.inf1.2xlarge/);
  });
});

describe('failure-modes row 6: rolling needs a stable variant name', () => {
  test('row 6: a token variant name is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { variantName: new CfnParameter(stack, 'VariantName').valueAsString });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow(/variantName must be a literal string for deployment guardrails \(rolling\)/);
  });
});

describe('failure-modes rows 7 and 8: rolling rollback alarms', () => {
  test('row 7: the helper alarms watch the new config only and treat missing data as not breaching', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
    deployment.addLatencyAlarm({ threshold: Duration.millis(800), statistic: 'p90' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ModelLatency',
      ExtendedStatistic: 'p90',
      Threshold: 800000,
      TreatMissingData: 'notBreaching',
      Dimensions: Match.arrayWith([{ Name: 'EndpointConfigName', Value: Match.anyValue() }, { Name: 'VariantName', Value: 'AllTraffic' }]),
    });
  });

  test('row 8: an alarm on the endpoint variant metric passed to the rolling deployment of the same endpoint synthesizes', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const alarm = endpoint.variant('AllTraffic').metricInvocation5XXErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1), alarms: [alarm] });
    expect(endpointDependsOn(stack, alarm)).toBe(true);
    expect(reportedAlarms(stack)[0].watches).toBe('both-fleets');
  });
});

describe('failure-modes row 18: rolling needs the fleet plus one batch', () => {
  test.each([
    // fleet, batch, peak = fleet + batch (hand-derived)
    [4, 1, 5],
    [10, 2, 12],
    [20, 10, 30],
  ])('row 18: a fleet of %d instances rolled %d at a time peaks at %d instances', (instances, batch, peak) => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: instances });
    const deployment = new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(batch), waitInterval: Duration.minutes(1) });
    expect(deployment.plan.peakInstanceCount).toBe(peak);
  });

  test('row 18: rolling peaks lower than blue/green on the same fleet', () => {
    const rollingStack = newStack();
    const rolling = new RollingDeployment(rollingStack, 'Deployment', {
      endpoint: newEndpoint(rollingStack, { instanceCount: 8 }).endpoint,
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(1),
    });
    const blueGreenStack = newStack();
    const blueGreen = new BlueGreenDeployment(blueGreenStack, 'Deployment', { endpoint: newEndpoint(blueGreenStack, { instanceCount: 8 }).endpoint });
    expect(rolling.plan.peakInstanceCount).toBe(10);
    expect(blueGreen.plan.peakInstanceCount).toBe(16);
  });
});

describe('rolling: one rule, one message; every problem of a synth at once', () => {
  const count = (text: string, phrase: string) => text.split(phrase).length - 1;
  const synthError = (stack: Stack): string => {
    try {
      Template.fromStack(stack);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the synth to fail');
  };

  test('a batch larger than half the fleet is reported once', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(3), waitInterval: Duration.minutes(1) });
    expect(count(synthError(stack), 'maximumBatchSize must be')).toBe(1);
  });

  test('two variants and a batch too large on one deployment are reported together, each once', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4, secondVariant: true });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(3), waitInterval: Duration.minutes(1) });
    const text = synthError(stack);
    expect(count(text, 'the endpoint config must have exactly 1 production variant for a rolling deployment')).toBe(1);
    expect(count(text, 'maximumBatchSize must be 1-2 instances for variant "AllTraffic" of 4 instances')).toBe(1);
  });
});
