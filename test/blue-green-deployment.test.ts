import { App, CfnParameter, Duration, Stack, aws_cloudwatch as cloudwatch, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { newEndpoint, newStack } from './blue-green-fixtures';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../src/deployment';
import { reportedAlarms, templateReports } from './util/template-plan';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';

const CANARY_10 = TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(10) });

function deploymentConfig(stack: Stack): any {
  const endpoints = Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint');
  const [resource] = Object.values(endpoints) as any[];
  return resource.Properties.DeploymentConfig;
}

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

function alarmLogicalId(stack: Stack, alarm: cloudwatch.IAlarm): string {
  return stack.getLogicalId(alarm.node.defaultChild as any);
}

describe('BlueGreenDeployment on a fleet whose size is not known at synth', () => {
  const importedEndpoint = (stack: Stack) => new Endpoint(stack, 'Endpoint', {
    endpointConfig: EndpointConfig.fromEndpointConfigName(stack, 'Imported', 'existing-config'),
    endpointName: 'my-endpoint',
  });

  test('linear by percent on an imported config needs an explicit timeout (its step count depends on the fleet)', () => {
    // review finding: the default timeout was computed for 1 instance (1 step), without an error
    const stack = newStack();
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: importedEndpoint(stack),
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Deployment\] maximumExecutionTimeout must be given when the fleet size is not known at synth \(an imported endpoint config, or an instance count that is a token\) and the rollout length depends on it \(rolling or linear\), got undefined/);
  });

  test('linear by percent on an imported config with a timeout renders it', () => {
    const stack = newStack();
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: importedEndpoint(stack),
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
      maximumExecutionTimeout: Duration.hours(2),
    });
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(7200);
  });

  test('a canary on an imported config needs no timeout (two shifts whatever the fleet size)', () => {
    const stack = newStack();
    new BlueGreenDeployment(stack, 'Deployment', { endpoint: importedEndpoint(stack), trafficRouting: CANARY_10 });
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toEqual(expect.any(Number));
  });
});

describe('BlueGreenDeployment defaults', () => {
  test('without traffic routing it renders all at once with a 0-second bake and no termination wait', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 },
          TerminationWaitInSeconds: 0,
        },
      },
    });
  });

  test('the maximum execution timeout defaults to the plan plus a margin: 20 minutes of provisioning and no waits give 1800 seconds', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // THEN (provision 20 min + bake 0 + termination 0 = 1200 s, + margin max(10 min, 10%) = 1800 s)
    expect(deployment.maximumExecutionTimeout.toSeconds()).toBe(1800);
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(1800);
  });

  test('a canary with a 10-minute bake and a 5-minute termination wait defaults the timeout to 55 minutes', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, terminationWait: Duration.minutes(5) });
    // THEN (provision 20 + canary bake 10 + final bake 10 + termination 5 = 45 min, + 10 min margin)
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(55 * 60);
  });

  test('without alarms no AutoRollbackConfiguration is rendered', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.allAtOnce() });
    // THEN
    expect(deploymentConfig(stack).AutoRollbackConfiguration).toBeUndefined();
  });

  test('a canary without a wait interval bakes 10 minutes', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25) }) });
    // THEN
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds).toBe(600);
  });
});

describe('BlueGreenDeployment rendering', () => {
  test('a canary renders CANARY with its size, the bake and the termination wait', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: CANARY_10,
      terminationWait: Duration.minutes(5),
      maximumExecutionTimeout: Duration.hours(1),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: {
            Type: 'CANARY',
            WaitIntervalInSeconds: 600,
            CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 },
          },
          TerminationWaitInSeconds: 300,
          MaximumExecutionTimeoutInSeconds: 3600,
        },
      },
    });
  });

  test('a linear rollout by instance count renders LINEAR with its step size', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(2), waitInterval: Duration.minutes(3) }),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: {
            Type: 'LINEAR',
            WaitIntervalInSeconds: 180,
            LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 2 },
          },
        },
      },
    });
  });

  test('alarms given in props and added later all render in AutoRollbackConfiguration', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const first = new cloudwatch.Alarm(stack, 'First', { metric: endpoint.variant('AllTraffic').metricInvocations(), threshold: 1, evaluationPeriods: 1 });
    const later = new cloudwatch.Alarm(stack, 'Later', { metric: endpoint.variant('AllTraffic').metricInvocations(), threshold: 1, evaluationPeriods: 1, alarmName: 'later-alarm' });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [first] });
    deployment.addAlarm(later);
    // THEN
    expect(deploymentConfig(stack).AutoRollbackConfiguration).toEqual({
      Alarms: [
        { AlarmName: { Ref: alarmLogicalId(stack, first) } },
        { AlarmName: 'later-alarm' },
      ],
    });
  });

  test('the endpoint depends on every rollback alarm', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const named = new cloudwatch.Alarm(stack, 'Named', { metric: endpoint.variant('AllTraffic').metricInvocations(), threshold: 1, evaluationPeriods: 1, alarmName: 'named' });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [named] });
    const errors = deployment.addErrorRateAlarm();
    // THEN
    expect(endpointResource(stack).DependsOn).toContain(alarmLogicalId(stack, named));
    expect(endpointDependsOn(stack, named)).toBe(true);
    expect(endpointDependsOn(stack, errors)).toBe(true);
    // a Ref already orders the generated-name alarm: no redundant DependsOn (cfn-lint W3005)
    expect(endpointResource(stack).DependsOn).not.toContain(alarmLogicalId(stack, errors));
  });

  test('the same alarm added twice is rendered once', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const alarm = new cloudwatch.Alarm(stack, 'Alarm', { metric: endpoint.variant('AllTraffic').metricInvocations(), threshold: 1, evaluationPeriods: 1 });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [alarm] });
    deployment.addAlarm(alarm);
    // THEN
    expect(deploymentConfig(stack).AutoRollbackConfiguration.Alarms).toHaveLength(1);
  });

  test('no plan copy is written: the command derives the strategy, the plan and every alarm from the template', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    deployment.addErrorRateAlarm({ alarmName: 'new-fleet-errors' });
    // THEN
    // no plan copy in the template: the command derives it from the resources
    expect(Object.keys(endpointResource(stack).Metadata ?? {}).filter(k => k.startsWith('cdk-sagemaker-endpoint'))).toEqual([]);
    const [report] = templateReports(stack);
    expect(report).toMatchObject({ endpointName: 'my-endpoint', strategy: 'BLUE_GREEN', plan: { peakInstanceCount: 8, instanceCount: 4 } });
    expect(reportedAlarms(stack)).toEqual([{ alarmName: 'new-fleet-errors', watches: 'new-fleet' }]);
  });
});

describe('BlueGreenDeployment and endpoint grants', () => {
  test('grants.deploy allows cloudwatch:DescribeAlarms on rollback alarms added after the grant', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const role = new iam.Role(stack, 'PipelineRole', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    endpoint.grants.deploy(role);
    // WHEN
    const alarm = deployment.addErrorRateAlarm();
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'cloudwatch:DescribeAlarms',
          Resource: Stack.of(stack).resolve(alarm.alarmArn),
        })]),
      },
    });
  });
});

describe('BlueGreenDeployment validation', () => {
  test('a termination wait over 1 hour is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new BlueGreenDeployment(stack, 'Deployment', { endpoint, terminationWait: Duration.seconds(3601) }))
      .toThrow(/Stack\/Deployment: terminationWait must be 0-3600 seconds, got 3601/);
  });

  test('a termination wait that is not whole seconds is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new BlueGreenDeployment(stack, 'Deployment', { endpoint, terminationWait: Duration.millis(1500) }))
      .toThrow(/terminationWait must be a whole number in 0-3600 seconds, got 1.5/);
  });

  test('a maximum execution timeout under 10 minutes is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new BlueGreenDeployment(stack, 'Deployment', { endpoint, maximumExecutionTimeout: Duration.minutes(5) }))
      .toThrow(/maximumExecutionTimeout must be 600-28800 seconds, got 300/);
  });

  test('a maximum execution timeout over 8 hours is rejected with the value and the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    expect(() => new BlueGreenDeployment(stack, 'Deployment', { endpoint, maximumExecutionTimeout: Duration.hours(9) }))
      .toThrow(/maximumExecutionTimeout must be 600-28800 seconds, got 32400/);
  });

  test('a canary percentage over 50 is rejected with the value and the range', () => {
    expect(() => TrafficRouting.canary({ size: CapacitySize.percent(60) })).toThrow(/canary size must be 1-50 percent of the fleet, got 60/);
  });

  test('a linear step under 10 percent is rejected with the value and the range', () => {
    expect(() => TrafficRouting.linear({ stepSize: CapacitySize.percent(5) })).toThrow(/linear step size must be 10-50 percent of the fleet, got 5/);
  });

  test('a canary of more than half the instances is rejected at synth with the variant and its count', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(3) }) });
    // THEN
    expect(() => Template.fromStack(stack))
      .toThrow(/trafficRouting canary size must be 1-2 instances for variant "AllTraffic" of 4 instances \(at most half of the fleet\), got 3 instances/);
  });

  test('the canary count is checked against the autoscaling minimum, not the initial count', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(2) }) });
    // WHEN autoscaling is attached after the deployment
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 8 });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/canary size must be 1-1 instances for variant "AllTraffic" at the autoscaling minimum of 2 instances/);
  });

  test('a canary by count on a single instance is rejected as impossible', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 1 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1) }) });
    expect(() => Template.fromStack(stack)).toThrow(/canary size must be a percentage for variant "AllTraffic" of 1 instance \(an instance count needs a larger fleet: at most half of the fleet\), got 1 instance$/);
  });

  test('a linear step above half the instances is rejected with the allowed count range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 10 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(6) }) });
    expect(() => Template.fromStack(stack)).toThrow(/linear step size must be 1-5 instances for variant "AllTraffic" of 10 instances \(10-50 percent of the fleet\), got 6 instances/);
  });

  test('a linear step below 10 percent of the instances is rejected with the allowed count range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 20 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(1) }) });
    expect(() => Template.fromStack(stack)).toThrow(/linear step size must be 2-10 instances for variant "AllTraffic" of 20 instances/);
  });

  test('an eleventh alarm is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    for (let i = 0; i < 10; i++) {
      deployment.addAlarm(new cloudwatch.Alarm(stack, `Alarm${i}`, { metric: endpoint.variant('AllTraffic').metricInvocations(), threshold: 1, evaluationPeriods: 1 }));
    }
    const eleventh = new cloudwatch.Alarm(stack, 'Alarm10', { metric: endpoint.variant('AllTraffic').metricInvocations(), threshold: 1, evaluationPeriods: 1 });
    expect(() => deployment.addAlarm(eleventh)).toThrow(/alarms must be at most 10 \(the SageMaker AutoRollbackConfiguration limit\), got 11/);
  });

  test('two different alarms with the same name are rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'A', 'same-name'));
    deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'B', 'same-name'));
    expect(() => Template.fromStack(stack)).toThrow(/alarms must be unique, got the alarm name "same-name" twice/);
  });

  test('an alarm name over 255 characters is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'Long', 'a'.repeat(256)));
    expect(() => Template.fromStack(stack)).toThrow(/alarm names must be 1-255 characters and not blank, got "a{256}"/);
  });

  test('a second deployment on the same endpoint is rejected naming both paths', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new BlueGreenDeployment(stack, 'First', { endpoint });
    expect(() => new BlueGreenDeployment(stack, 'Second', { endpoint })).toThrow(/Stack\/First[\s\S]*Stack\/Second|Stack\/Second[\s\S]*Stack\/First/);
  });

  test('an error-rate threshold over 100 percent is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => deployment.addErrorRateAlarm({ thresholdPercent: 150 })).toThrow(/addErrorRateAlarm thresholdPercent must be more than 0 and at most 100 percent, got 150/);
  });

  test('a latency threshold of 0 is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => deployment.addLatencyAlarm({ threshold: Duration.millis(0) })).toThrow(/addLatencyAlarm threshold must be more than 0 and at most 1 hour, got 0 millis/);
  });

  test('an alarm period that is not 10 s, 30 s or whole minutes is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => deployment.addErrorRateAlarm({ period: Duration.seconds(45) })).toThrow(/addErrorRateAlarm period must be 10 seconds, 30 seconds or a multiple of 60 seconds, got 45 seconds/);
  });

  test('more datapoints to alarm than evaluation periods are rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => deployment.addLatencyAlarm({ threshold: Duration.millis(100), evaluationPeriods: 2, datapointsToAlarm: 3 }))
      .toThrow(/addLatencyAlarm datapointsToAlarm must be 1-2, got 3/);
  });

  test('the alarm helpers need a variant name when the config has several variants', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { secondVariant: true });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => deployment.addErrorRateAlarm()).toThrow(/addErrorRateAlarm variantName must be given when the endpoint config has 2 variants \("AllTraffic", "Challenger"\), got undefined/);
  });

  test('the alarm helpers reject a variant the config does not have', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => deployment.addLatencyAlarm({ threshold: Duration.millis(100), variantName: 'Other' }))
      .toThrow(/addLatencyAlarm variantName must be one of the endpoint config's variants \("AllTraffic"\), got "Other"/);
  });
});

describe('BlueGreenDeployment warnings', () => {
  test('a bake without alarms warns with a stable id', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    Annotations.fromStack(stack).hasWarning('/Stack/Deployment', Match.stringLikeRegexp('the deployment bakes for 10m but has no rollback alarms.*cdk-sagemaker-endpoint:bakeWithoutAlarms'));
  });

  test('an alarm added after the deployment silences the bake warning', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    deployment.addErrorRateAlarm();
    Annotations.fromStack(stack).hasNoWarning('/Stack/Deployment', Match.stringLikeRegexp('bakeWithoutAlarms'));
  });

  test('all at once without a bake does not warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    Annotations.fromStack(stack).hasNoWarning('/Stack/Deployment', Match.anyValue());
  });
});

describe('BlueGreenDeployment alarm classification', () => {
  test('a math expression over new-fleet metrics counts as new-fleet', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint, config } = newEndpoint(stack);
    const dims = { EndpointName: endpoint.endpointName, VariantName: 'AllTraffic', EndpointConfigName: config.endpointConfigName };
    const errors = new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap: dims, statistic: 'Sum' });
    const calls = new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensionsMap: dims, statistic: 'Sum' });
    const rate = new cloudwatch.MathExpression({ expression: 'errors / calls', usingMetrics: { errors, calls } });
    const alarm = rate.createAlarm(stack, 'Rate', { threshold: 0.05, evaluationPeriods: 1, alarmName: 'rate' });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [alarm] });
    // THEN
    expect(reportedAlarms(stack)).toEqual([{ alarmName: 'rate', watches: 'new-fleet' }]);
  });

  test('a math expression mixing new-fleet and both-fleet metrics is unknown', () => {
    const stack = newStack();
    const { endpoint, config } = newEndpoint(stack);
    const newFleet = new cloudwatch.Metric({
      namespace: 'AWS/SageMaker',
      metricName: 'Invocation5XXErrors',
      dimensionsMap: { EndpointName: endpoint.endpointName, VariantName: 'AllTraffic', EndpointConfigName: config.endpointConfigName },
    });
    const bothFleets = endpoint.variant('AllTraffic').metricInvocations();
    const alarm = new cloudwatch.MathExpression({ expression: 'a / b', usingMetrics: { a: newFleet, b: bothFleets } })
      .createAlarm(stack, 'Mixed', { threshold: 0.05, evaluationPeriods: 1, alarmName: 'mixed' });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [alarm] });
    expect(reportedAlarms(stack)).toEqual([{ alarmName: 'mixed', watches: 'unknown' }]);
  });

  test('an alarm pinned to another endpoint config warns that it will not see the new fleet', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const pinned = new cloudwatch.Metric({
      namespace: 'AWS/SageMaker',
      metricName: 'Invocation5XXErrors',
      dimensionsMap: { EndpointName: endpoint.endpointName, VariantName: 'AllTraffic', EndpointConfigName: 'old-config' },
    }).createAlarm(stack, 'Pinned', { threshold: 1, evaluationPeriods: 1 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [pinned] });
    Annotations.fromStack(stack).hasWarning('/Stack/Deployment',
      Match.stringLikeRegexp('watches EndpointConfigName "old-config", which is not the config being deployed.*alarmWatchesOtherConfig'));
  });

  test('an alarm on another endpoint is unknown', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const other = new cloudwatch.Metric({
      namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap: { EndpointName: 'other', VariantName: 'AllTraffic' },
    }).createAlarm(stack, 'Other', { threshold: 1, evaluationPeriods: 1, alarmName: 'other' });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [other] });
    expect(reportedAlarms(stack)).toEqual([{ alarmName: 'other', watches: 'unknown' }]);
  });

  test('all at once with a bake on Inf1 warns that SageMaker ignores the bake', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceType: InstanceType.of('ml.inf1.xlarge') });
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(5) }),
      alarms: [cloudwatch.Alarm.fromAlarmName(stack, 'Imported', 'imported')],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Deployment', Match.stringLikeRegexp('cdk-sagemaker-endpoint:guardrailsNotApplied'));
  });

  test('alarms added after the helper alarms get distinct ids per variant', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { secondVariant: true });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    const a = deployment.addErrorRateAlarm({ variantName: 'AllTraffic' });
    const b = deployment.addErrorRateAlarm({ variantName: 'Challenger' });
    const c = deployment.addErrorRateAlarm({ variantName: 'Challenger', thresholdPercent: 5 });
    expect(new Set([a.node.id, b.node.id, c.node.id]).size).toBe(3);
    expect(deploymentConfig(stack).AutoRollbackConfiguration.Alarms).toHaveLength(3);
  });
});

describe('failure-modes row 4: waits must fit the maximum execution timeout', () => {
  test('row 4: bakes of 15 + 15 minutes and a 15-minute termination wait do not fit a 30-minute timeout, and the error shows the plan', () => {
    // GIVEN (terraform-provider-aws #39040: waits of 900 s + 900 s)
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(15) }),
      terminationWait: Duration.minutes(15),
      maximumExecutionTimeout: Duration.minutes(30),
    });
    // THEN (waits: 15 + 15 + 15 = 45 minutes >= 30 minutes)
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Deployment\] maximumExecutionTimeout must be longer than all waits \(45m\), got 30m/);
    expect(() => Template.fromStack(stack)).toThrow(/provision the new fleet/);
  });

  test('row 4: without a timeout the default covers every wait plus provisioning', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(15) }),
      terminationWait: Duration.minutes(15),
    });
    // THEN (20 provisioning + 15 + 15 + 15 = 65 minutes = 3900 s, + margin max(600, 390) = 4500 s)
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(4500);
  });

  test('row 4: a timeout that fits the waits but not the worst case warns', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
      maximumExecutionTimeout: Duration.minutes(25),
      alarms: [cloudwatch.Alarm.fromAlarmName(stack, 'Imported', 'imported')],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Deployment', Match.stringLikeRegexp('cdk-sagemaker-endpoint:worstCaseExceedsTimeout'));
  });
});

describe('failure-modes row 5: guardrail exclusions are synth errors', () => {
  test('row 5: a canary on a serverless variant is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { serverless: true });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    expect(() => Template.fromStack(stack)).toThrow(/trafficRouting must not be canary for the serverless variant "AllTraffic"/);
  });

  test('row 5: a linear rollout on Inf1 instances is rejected', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceType: InstanceType.of('ml.inf1.xlarge') });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25) }) });
    expect(() => Template.fromStack(stack)).toThrow(/trafficRouting must not be linear for variant "AllTraffic" on ml.inf1.xlarge \(SageMaker does not run deployment guardrails on Inf1 instances/);
  });

  test('row 5: all at once on a serverless variant is allowed', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { serverless: true });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' } } },
    });
  });
});

describe('failure-modes row 6: variant names must be stable', () => {
  test('row 6: a token variant name is rejected for a guarded deployment', () => {
    // GIVEN (the CloudFormation docs example names the variant after the model: a new name on every deploy)
    const stack = newStack();
    const variantName = new CfnParameter(stack, 'VariantName').valueAsString;
    const { endpoint } = newEndpoint(stack, { variantName });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/the endpoint config's variantName must be a literal string for deployment guardrails \(canary\)/);
  });

  test('row 6: a token variant name is rejected even for all at once', () => {
    const stack = newStack();
    const variantName = new CfnParameter(stack, 'VariantName').valueAsString;
    const { endpoint } = newEndpoint(stack, { variantName });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    expect(() => Template.fromStack(stack)).toThrow(/variantName must be a literal string for deployment guardrails \(all-at-once\)/);
  });
});

describe('failure-modes row 6: renamed variants', () => {
  test('row 6: autoscaling on a variant the config no longer has is rejected as a rename', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { variantName: 'Primary' });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 4 });
    expect(() => Template.fromStack(stack)).toThrow(/variant was renamed or removed/);
  });
});

describe('failure-modes row 7: rollback alarms watch the right fleet', () => {
  test('row 7: the error-rate helper watches only the new config, averages 5XX errors and ignores missing data', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint, config } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    // WHEN
    deployment.addErrorRateAlarm();
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker',
      MetricName: 'Invocation5XXErrors',
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 0.01,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Dimensions: Match.arrayEquals([
        { Name: 'EndpointConfigName', Value: Stack.of(stack).resolve(config.endpointConfigName) },
        { Name: 'EndpointName', Value: 'my-endpoint' },
        { Name: 'VariantName', Value: 'AllTraffic' },
      ]),
    });
  });

  test('row 7: the latency helper converts the threshold to microseconds and uses p99', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    deployment.addLatencyAlarm({ threshold: Duration.millis(250) });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ModelLatency',
      ExtendedStatistic: 'p99',
      Threshold: 250000,
      TreatMissingData: 'notBreaching',
      Dimensions: Match.arrayWith([{ Name: 'EndpointConfigName', Value: Match.anyValue() }]),
    });
  });

  test('row 7: the command tells new-fleet, both-fleet and unknown alarms apart from the template', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const bothFleets = endpoint.variant('AllTraffic').metricInvocation5XXErrors().createAlarm(stack, 'BothFleets', { threshold: 1, evaluationPeriods: 1, alarmName: 'both' });
    const imported = cloudwatch.Alarm.fromAlarmName(stack, 'Imported', 'imported');
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [bothFleets, imported] });
    deployment.addLatencyAlarm({ threshold: Duration.millis(100), alarmName: 'latency' });
    // THEN
    expect(reportedAlarms(stack)).toEqual([
      { alarmName: 'both', watches: 'both-fleets' },
      { alarmName: 'imported', watches: 'unknown' },
      { alarmName: 'latency', watches: 'new-fleet' },
    ]);
  });

  test('row 7: an alarm on a variant the config no longer has is rejected (it would watch nothing)', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const stale = endpoint.variant('OldName').metricInvocation5XXErrors().createAlarm(stack, 'Stale', { threshold: 1, evaluationPeriods: 1 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [stale] });
    expect(() => Template.fromStack(stack)).toThrow(/rollback alarm Stack\/Stale must watch a variant of the endpoint config \("AllTraffic"\), got VariantName "OldName"/);
  });
});

describe('failure-modes row 8: no dependency cycle between the endpoint and its alarms', () => {
  test('row 8: an alarm on the endpoint variant metric passed to the deployment of the same endpoint synthesizes', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const alarm = endpoint.variant('AllTraffic').metricInvocation5XXErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10, alarms: [alarm] });
    // THEN
    const template = Template.fromStack(stack);
    expect(endpointDependsOn(stack, alarm)).toBe(true);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: Match.arrayWith([{ Name: 'EndpointName', Value: 'my-endpoint' }]),
    });
  });

  test('row 8: the canonical canary example with both helper alarms synthesizes without a cycle', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_10 });
    deployment.addErrorRateAlarm();
    deployment.addLatencyAlarm({ threshold: Duration.millis(500) });
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(deploymentConfig(stack).AutoRollbackConfiguration.Alarms).toHaveLength(2);
  });
});

describe('failure-modes row 18: blue/green doubles the fleet', () => {
  test.each([
    [1, 2],
    [4, 8],
    [10, 20],
  ])('row 18: a fleet of %d instances peaks at %d instances', (instances, peak) => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: instances });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    expect(deployment.plan.peakInstanceCount).toBe(peak);
  });

  test('row 18: the peak counts every instance variant of the config', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4, secondVariant: true });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // 4 + 2 instances, twice
    expect(deployment.plan.peakInstanceCount).toBe(12);
  });
});

describe('one rule, one message; every problem of a synth at once', () => {
  const count = (text: string, phrase: string) => text.split(phrase).length - 1;
  const synthError = (build: (app: App) => void): string => {
    const app = new App();
    build(app);
    try {
      app.synth();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the synth to fail');
  };
  const stackIn = (app: App, id: string) => new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });

  test('a canary larger than half the fleet is reported once', () => {
    const text = synthError(app => {
      const { endpoint } = newEndpoint(stackIn(app, 'Stack'), { instanceCount: 4 });
      new BlueGreenDeployment(endpoint.stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(3) }) });
    });
    expect(count(text, 'canary size must be')).toBe(1);
  });

  test('a linear step larger than half the fleet is reported once', () => {
    const text = synthError(app => {
      const { endpoint } = newEndpoint(stackIn(app, 'Stack'), { instanceCount: 4 });
      new BlueGreenDeployment(endpoint.stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(3) }) });
    });
    expect(count(text, 'linear step size must be')).toBe(1);
  });

  test('waits longer than the timeout are reported once', () => {
    const text = synthError(app => {
      const { endpoint } = newEndpoint(stackIn(app, 'Stack'));
      new BlueGreenDeployment(endpoint.stack, 'Deployment', {
        endpoint,
        trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(15) }),
        terminationWait: Duration.minutes(15),
        maximumExecutionTimeout: Duration.minutes(30),
      });
    });
    expect(count(text, 'maximumExecutionTimeout must be longer than all waits')).toBe(1);
  });

  test('one synth reports two independent errors together', () => {
    const text = synthError(app => {
      const one = newEndpoint(stackIn(app, 'One'), { instanceCount: 4 }).endpoint;
      new BlueGreenDeployment(one.stack, 'Deployment', { endpoint: one, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(3) }) });
      const two = newEndpoint(stackIn(app, 'Two')).endpoint;
      new BlueGreenDeployment(two.stack, 'Deployment', {
        endpoint: two,
        trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(15) }),
        terminationWait: Duration.minutes(15),
        maximumExecutionTimeout: Duration.minutes(30),
      });
    });
    expect(text).toContain('[One/Deployment] trafficRouting canary size must be 1-2 instances for variant "AllTraffic" of 4 instances');
    expect(text).toContain('[Two/Deployment] maximumExecutionTimeout must be longer than all waits (45m), got 30m');
  });
});
