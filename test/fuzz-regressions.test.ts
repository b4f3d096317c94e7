// Regressions for library bugs found by test/fuzz.test.ts (each names the fuzz input that exposed it).
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BlueGreenDeployment, CapacitySize, RollingDeployment, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { Model } from '../src/model';

function newFuzzStack(): Stack {
  return new Stack(new App(), 'Fuzz', { env: { account: '123456789012', region: 'us-east-1' } });
}

function newEndpoint(stack: Stack): Endpoint {
  const model = Model.fromModelName(stack, 'Model', 'fuzz-model');
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 4 }],
  });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'fuzz-endpoint' });
}

describe('regressions found by the fuzzer', () => {
  // fuzz seed 20261130 (terminationWait) and 20261131 (waitInterval): a Duration that is not a whole number
  // of seconds threw aws-cdk-lib's "'1 millis' cannot be converted into a whole number of seconds", which
  // names no property; now the deployment reports the property, the range and the value.
  test('a blue/green terminationWait of 1 millisecond is rejected naming terminationWait', () => {
    // GIVEN
    const stack = newFuzzStack();
    // WHEN / THEN
    expect(() => new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack), terminationWait: Duration.millis(1) }))
      .toThrow('Fuzz/Deployment: terminationWait must be a whole number in 0-3600 seconds, got 0.001');
  });

  test('a blue/green maximumExecutionTimeout of 1500 milliseconds is rejected naming maximumExecutionTimeout', () => {
    // GIVEN
    const stack = newFuzzStack();
    // WHEN / THEN
    expect(() => new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack), maximumExecutionTimeout: Duration.millis(600_500) }))
      .toThrow('Fuzz/Deployment: maximumExecutionTimeout must be a whole number in 600-28800 seconds, got 600.5');
  });

  test('a rolling waitInterval of 1 millisecond is rejected naming waitInterval', () => {
    // GIVEN
    const stack = newFuzzStack();
    // WHEN / THEN
    expect(() => new RollingDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack), maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.millis(1),
    })).toThrow('Fuzz/Deployment: waitInterval must be a whole number in 0-3600 seconds, got 0.001');
  });

  test('a rolling maximumExecutionTimeout of NaN seconds is rejected naming maximumExecutionTimeout', () => {
    // GIVEN
    const stack = newFuzzStack();
    // WHEN / THEN
    expect(() => new RollingDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack),
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(1),
      maximumExecutionTimeout: Duration.seconds(NaN),
    })).toThrow('Fuzz/Deployment: maximumExecutionTimeout must be a number in 600-28800 seconds, got NaN');
  });
});

describe('endpoint config timeouts found by the fuzzer', () => {
  // fuzz seed 20261128: containerStartupHealthCheckTimeout Duration.millis(1500) threw aws-cdk-lib's
  // "'1500 millis' cannot be converted into a whole number of seconds", which names no property.
  function configWith(props: { modelDataDownloadTimeout?: Duration; containerStartupHealthCheckTimeout?: Duration }): () => void {
    return () => {
      const stack = newFuzzStack();
      const model = Model.fromModelName(stack, 'Model', 'fuzz-model');
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'AllTraffic', model, ...props }] });
    };
  }

  test('a containerStartupHealthCheckTimeout of 1500 milliseconds is rejected naming the property', () => {
    expect(configWith({ containerStartupHealthCheckTimeout: Duration.millis(1500) }))
      .toThrow('Fuzz/Config: variant "AllTraffic" containerStartupHealthCheckTimeout must be a whole number in 60-3600 seconds, got 1.5');
  });

  test('a modelDataDownloadTimeout of 90.5 seconds is rejected naming the property', () => {
    expect(configWith({ modelDataDownloadTimeout: Duration.millis(90_500) }))
      .toThrow('Fuzz/Config: variant "AllTraffic" modelDataDownloadTimeout must be a whole number in 60-3600 seconds, got 90.5');
  });
});

describe('token capacity sizes found by the fuzzer', () => {
  // fuzz seed 20261130: a canary of CapacitySize.percent(<token>) failed synthesis with "Resolution error:
  // Unrecognized token key: -1.888e+289" (the plan's arithmetic on the token number), naming nothing.
  test('a canary size given as a token is rejected naming the canary size', () => {
    // GIVEN
    const stack = newFuzzStack();
    const percent = new CfnParameter(stack, 'Percent', { type: 'Number' }).valueAsNumber;
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack),
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(percent), waitInterval: Duration.minutes(5) }),
    });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow('[Fuzz/Deployment] canary size must be known at synth to plan a deployment, got a token');
  });

  test('a rolling batch size given as a token is rejected naming maximumBatchSize', () => {
    // GIVEN
    const stack = newFuzzStack();
    const count = new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
    // WHEN
    new RollingDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack), maximumBatchSize: CapacitySize.instances(count), waitInterval: Duration.minutes(1),
    });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow('[Fuzz/Deployment] maximumBatchSize must be known at synth to plan a deployment, got a token');
  });
});

describe('rollback alarm shapes found by the fuzzer', () => {
  // fuzz seed 20261130 / 20261131: addLatencyAlarm({ period: Duration.minutes(481) }) (3 x 28860 s) and
  // addErrorRateAlarm({ period: Duration.minutes(15), evaluationPeriods: 100 }) synthesized alarms that
  // CloudWatch rejects (EvaluationPeriods x Period must be at most one day).
  test('a latency alarm evaluating more than one day is rejected naming evaluationPeriods and period', () => {
    // GIVEN
    const stack = newFuzzStack();
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack) });
    // WHEN / THEN
    expect(() => deployment.addLatencyAlarm({ threshold: Duration.millis(500), period: Duration.minutes(481) }))
      .toThrow('Fuzz/Deployment: addLatencyAlarm evaluationPeriods x period must be at most 1 day (86400 seconds), got 3 x 28860 seconds');
  });

  test('an error-rate alarm of 100 periods of 15 minutes is rejected naming evaluationPeriods and period', () => {
    // GIVEN
    const stack = newFuzzStack();
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack), maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1),
    });
    // WHEN / THEN
    expect(() => deployment.addErrorRateAlarm({ period: Duration.minutes(15), evaluationPeriods: 100 }))
      .toThrow('Fuzz/Deployment: addErrorRateAlarm evaluationPeriods x period must be at most 1 day (86400 seconds), got 100 x 900 seconds');
  });

  test('exactly one day (96 periods of 15 minutes) is accepted', () => {
    // GIVEN
    const stack = newFuzzStack();
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack) });
    // WHEN
    deployment.addErrorRateAlarm({ period: Duration.minutes(15), evaluationPeriods: 96 });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Period: 900, EvaluationPeriods: 96 });
  });
});

describe('huge integers found by the fuzzer', () => {
  // fuzz seed 778 (400 runs): initialInstanceCount Number.MAX_VALUE (a whole number in JavaScript) was
  // accepted and rendered as InitialInstanceCount 1.7976931348623157e+308, and autoscaling capacities up to
  // Number.MAX_SAFE_INTEGER were accepted; the API fields are 32-bit integers.
  test('an initialInstanceCount above 2147483647 is rejected naming initialInstanceCount', () => {
    // GIVEN
    const stack = newFuzzStack();
    const model = Model.fromModelName(stack, 'Model', 'fuzz-model');
    // WHEN / THEN
    expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'AllTraffic', model, initialInstanceCount: 2 ** 31 }] }))
      .toThrow('Fuzz/Config: variant "AllTraffic" initialInstanceCount must be at most 2147483647, got 2147483648');
  });

  test('an autoscaling maxCapacity above 2147483647 is rejected naming maxCapacity', () => {
    // GIVEN
    const stack = newFuzzStack();
    const endpoint = newEndpoint(stack);
    // WHEN / THEN
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 2 ** 31 }))
      .toThrow('Fuzz/Endpoint: variant "AllTraffic" maxCapacity must be 1-2147483647, got 2147483648');
  });
});
