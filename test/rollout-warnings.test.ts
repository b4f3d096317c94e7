// Issue 12: the rollout warnings (stable ids, one wording shared with the `plan` command), the default
// provisioning allowance derived from the variants, and autoscaled ranges on the constructs.
import { App, Duration, Size, Stack, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { newEndpoint, newStack } from './blue-green-fixtures';
import { BlueGreenDeployment, CapacitySize, RollingDeployment, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

function allWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));
}

/** The warnings of a stack with this id (the message ends with `[ack: cdk-sagemaker-endpoint:<id>]`). */
function warnings(stack: Stack, id: string): string[] {
  return allWarnings(stack).filter(d => d.includes(`[ack: cdk-sagemaker-endpoint:${id}]`));
}

function withIds(stack: Stack): string[] {
  return allWarnings(stack).map(w => /\[ack: (cdk-sagemaker-endpoint:[A-Za-z]+)\]/.exec(w)?.[1] ?? w);
}

function alarm(stack: Stack, periodMinutes: number, evaluationPeriods: number): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, `Alarm${periodMinutes}x${evaluationPeriods}`, {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', period: Duration.minutes(periodMinutes) }),
    threshold: 1,
    evaluationPeriods,
  });
}

describe('alarmsWithoutBake', () => {
  test('rollback alarms with a 0-second bake warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    deployment.addErrorRateAlarm();
    expect(warnings(stack, 'alarmsWithoutBake')).toEqual([
      'the deployment has 1 rollback alarm but no bake (waitInterval 0): SageMaker monitors the alarms during the baking period, so with no bake there is no documented moment they are evaluated; set waitInterval to at least the alarms\' evaluation window [ack: cdk-sagemaker-endpoint:alarmsWithoutBake]',
    ]);
  });

  test('alarms with a bake do not warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(5) }) });
    deployment.addErrorRateAlarm();
    expect(withIds(stack)).not.toContain('cdk-sagemaker-endpoint:alarmsWithoutBake');
  });
});

describe('bakeShorterThanAlarmWindow', () => {
  test('a 5-minute bake with a 3 x 5-minute alarm warns, naming the alarm and the window', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5), alarms: [alarm(stack, 5, 3)],
    });
    expect(warnings(stack, 'bakeShorterThanAlarmWindow')).toEqual([
      'the 5m bake is shorter than the 15m evaluation window of rollback alarm Stack/Alarm5x3: it cannot go into ALARM before the bake ends; set waitInterval to at least 15m or shorten the alarm\'s period x evaluationPeriods [ack: cdk-sagemaker-endpoint:bakeShorterThanAlarmWindow]',
    ]);
  });

  test('the library\'s default alarms (3 x 1 minute) fit a 10-minute bake', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25) }) });
    deployment.addErrorRateAlarm();
    deployment.addLatencyAlarm({ threshold: Duration.millis(500) });
    expect(withIds(stack)).not.toContain('cdk-sagemaker-endpoint:bakeShorterThanAlarmWindow');
  });
});

describe('serverlessGuardrails', () => {
  test('a serverless endpoint with a bake and alarms warns', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { serverless: true });
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint, trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(10) }), alarms: [alarm(stack, 1, 3)],
    });
    expect(warnings(stack, 'serverlessGuardrails')).toEqual([
      'the endpoint is serverless, and SageMaker documents deployment guardrails (bakes, alarm rollback) for instance-based variants only: the 10m bake and 1 rollback alarm may be ignored; remove them or use an instance-based variant [ack: cdk-sagemaker-endpoint:serverlessGuardrails]',
    ]);
  });

  test('a serverless endpoint without bake or alarms does not warn, and its plan does not talk about instances', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { serverless: true });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    expect(withIds(stack)).not.toContain('cdk-sagemaker-endpoint:serverlessGuardrails');
    expect(deployment.plan.serverless).toBe(true);
    expect(deployment.plan.toString()).not.toMatch(/instance/);
  });
});

describe('importedConfigUnchecked', () => {
  test('an imported endpoint config warns that nothing about its variants was checked', () => {
    const stack = newStack();
    const config = EndpointConfig.fromEndpointConfigName(stack, 'Config', 'my-config');
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    expect(warnings(stack, 'importedConfigUnchecked')).toEqual([
      'the endpoint config is imported, so its variants are unknown at synth: the guardrail exclusions (serverless, Inf1, variant names) and the fleet-size limits were not checked, and there is no plan; check them by hand or define the config in this app [ack: cdk-sagemaker-endpoint:importedConfigUnchecked]',
    ]);
  });

  test('a config of this app does not warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    expect(withIds(stack)).not.toContain('cdk-sagemaker-endpoint:importedConfigUnchecked');
  });
});

describe('autoscalingSuspended', () => {
  test('an autoscaled rollout that can last more than an hour warns with the length of the longest rollout in the range', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(10), alarms: [alarm(stack, 1, 3)] });
    // at 8 instances: 4 batches of 2 x (20m provisioning + 10m bake) = 2h; but at 7, 25 percent is 1 instance (rounded
    // down): 7 batches = 3h 30m, the longest rollout of the range (before the review fix the warning said 2h)
    expect(warnings(stack, 'autoscalingSuspended')).toEqual([
      'autoscaling is blocked while the endpoint updates, and this rollout can take up to 3h 30m: "AllTraffic" cannot scale out until it ends; scale out before deploying, or shorten the rollout [ack: cdk-sagemaker-endpoint:autoscalingSuspended]',
    ]);
  });

  test('an autoscaled rollout under an hour does not warn, nor does a long rollout without autoscaling', () => {
    const short = newStack();
    const a = newEndpoint(short, { instanceCount: 4 });
    a.endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
    new BlueGreenDeployment(short, 'Deployment', { endpoint: a.endpoint });
    expect(withIds(short)).not.toContain('cdk-sagemaker-endpoint:autoscalingSuspended');
    const long = newStack();
    const b = newEndpoint(long, { instanceCount: 4 });
    new RollingDeployment(long, 'Deployment', { endpoint: b.endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(10), alarms: [alarm(long, 1, 3)] });
    expect(withIds(long)).not.toContain('cdk-sagemaker-endpoint:autoscalingSuspended');
  });
});

describe('canaryLargerThanRequested', () => {
  test('canary 10% of 4 instances warns that it is 1 instance, about 25% of traffic', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }), alarms: [alarm(stack, 1, 3)] });
    expect(warnings(stack, 'canaryLargerThanRequested')).toEqual([
      'canary 10% of 4 instances is 1 instance, about 25% of traffic: the canary turns on whole instances; use a larger fleet or accept the larger canary [ack: cdk-sagemaker-endpoint:canaryLargerThanRequested]',
    ]);
  });

  test('canary 10% of 10 instances is exactly 1 instance and does not warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 10 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }), alarms: [alarm(stack, 1, 3)] });
    expect(withIds(stack)).not.toContain('cdk-sagemaker-endpoint:canaryLargerThanRequested');
  });
});

describe('timeoutMarginClamped', () => {
  /** The timeoutMarginClamped warning of 8 one-instance linear steps with 55-minute bakes. */
  function clampedLinear(provisioningAllowance?: Duration): string {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 8 });
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(1), waitInterval: Duration.minutes(55) }),
      provisioningAllowance,
      alarms: [alarm(stack, 1, 3)],
    });
    return warnings(stack, 'timeoutMarginClamped')[0];
  }

  test('a default timeout clamped to 8 hours warns with the plan', () => {
    // 8 one-instance steps x 55 min + 20 min = 7h 40m worst case; + 46m margin > 8h
    const w = clampedLinear();
    expect(w).toMatch(/^the default maximumExecutionTimeout is clamped to 8h \(SageMaker's limit\), leaving 20m of the 46m margin over the worst case \(7h 40m\)/);
    expect(w).toContain('blue/green linear, 1 instance of instances per step');
  });

  test('a default timeout clamped below the worst case says by how much, not a negative margin', () => {
    // 8 one-instance steps x 55 min + a 70-minute provisioning allowance = 8h 30m worst case; the waits (7h 20m) fit
    const w = clampedLinear(Duration.minutes(70));
    expect(w).toMatch(/^the default maximumExecutionTimeout is clamped to 8h \(SageMaker's limit\), 30m shorter than the worst case \(8h 30m\): a slow provisioning can time out the rollout: shorten the bakes, use larger batches or lower the provisioning allowance/);
  });

  test('a default timeout with its whole margin does not warn', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25) }), alarms: [alarm(stack, 1, 3)] });
    expect(withIds(stack)).not.toContain('cdk-sagemaker-endpoint:timeoutMarginClamped');
  });
});

describe('the default provisioning allowance follows the variants', () => {
  function gpuStack(download: Duration, healthCheck: Duration, allowance?: Duration) {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:1') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{
        variantName: 'AllTraffic',
        model,
        instanceType: InstanceType.ML_G5_2XLARGE,
        initialInstanceCount: 2,
        modelDataDownloadTimeout: download,
        containerStartupHealthCheckTimeout: healthCheck,
        volumeSize: Size.gibibytes(100),
      }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
    return new BlueGreenDeployment(stack, 'Deployment', { endpoint, provisioningAllowance: allowance, verifyRollout: false });
  }

  test('a 40-minute download and a 20-minute health check get a 70-minute allowance and a timeout that covers them', () => {
    const deployment = gpuStack(Duration.minutes(40), Duration.minutes(20));
    // 40 + 20 + 10 minutes of instance start-up (assumption)
    expect(deployment.provisioningAllowance.toMinutes()).toBe(70);
    // all at once, no bake: worst case 70 min; + 10 min margin = 80 min
    expect(deployment.maximumExecutionTimeout.toMinutes()).toBe(80);
    expect(deployment.plan.toString()).not.toContain('slack 0s');
  });

  test('short timeouts never lower the allowance below 20 minutes', () => {
    expect(gpuStack(Duration.minutes(2), Duration.minutes(1)).provisioningAllowance.toMinutes()).toBe(20);
  });

  test('a given provisioningAllowance wins, and its range is checked', () => {
    expect(gpuStack(Duration.minutes(40), Duration.minutes(20), Duration.minutes(30)).provisioningAllowance.toMinutes()).toBe(30);
    expect(() => gpuStack(Duration.minutes(1), Duration.minutes(1), Duration.hours(4)))
      .toThrow('provisioningAllowance must be 0-10800 seconds, got 14400');
  });
});

describe('autoscaled fleets on the constructs', () => {
  test('a linear step valid at the minimum but not at the maximum fails, naming the maximum and a fix', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 30 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(2) }) });
    expect(() => Template.fromStack(stack)).toThrow('trafficRouting linear step size must be 3-15 instances for variant "AllTraffic" at the autoscaling maximum of 30 instances '
      + '(10-50 percent of the fleet), got 2 instances: use CapacitySize.percent() so the size follows the fleet, or lower maxCapacity');
  });

  test('the plan has both ends, the peak at the maximum, and the default timeout covers the maximum', () => {
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
    const deployment = new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(2), waitInterval: Duration.minutes(5) });
    expect(deployment.plan.instanceCount).toBe(4);
    expect(deployment.plan.atMaximum.instanceCount).toBe(8);
    expect(deployment.plan.atMaximum.peakInstanceCount).toBe(10);
    // at 8: 4 batches x (20 + 5 min) = 100 min; + 10 min margin
    expect(deployment.maximumExecutionTimeout.toMinutes()).toBe(110);
  });
});
