// Issue 13, finding 7: the missing pieces next to existing ones: addServerlessProductionVariant(), the list of
// an endpoint's variants, asynchronous endpoints that scale to zero, and backlog-based scaling.
import { Duration, Size } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newConfig, newEndpoint, newModel, newStack } from './endpoint-fixtures';
import { BlueGreenDeployment, CapacitySize, Endpoint, EndpointConfig, InstanceType, RollingDeployment, TrafficRouting } from '../src';
import { templateReports } from './util/template-plan';

describe('EndpointConfig.addServerlessProductionVariant', () => {
  test('adds the serverless variant after construction', () => {
    // GIVEN
    const stack = newStack();
    const config = new EndpointConfig(stack, 'Config');
    // WHEN
    config.addServerlessProductionVariant({ variantName: 'AllTraffic', model: newModel(stack), memorySize: Size.gibibytes(2), maxConcurrency: 10 });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ VariantName: 'AllTraffic', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 10 } })],
    });
  });

  test('is rejected next to an instance variant', () => {
    const stack = newStack();
    const config = newConfig(stack);
    expect(() => config.addServerlessProductionVariant({ variantName: 'Serverless', model: newModel(stack, 'M2'), memorySize: Size.gibibytes(2), maxConcurrency: 10 }))
      .toThrow('Stack/Config: a serverless variant must be the only variant of an endpoint config, got "Serverless" (serverless) with "AllTraffic" (instance)');
  });

  test('is rejected on an asynchronous config', () => {
    const stack = newStack();
    const config = new EndpointConfig(stack, 'Config', { asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out') } });
    expect(() => config.addServerlessProductionVariant({ variantName: 'S', model: newModel(stack), memorySize: Size.gibibytes(2), maxConcurrency: 10 }))
      .toThrow('Stack/Config: asyncInference must not be used with a serverless variant, got asyncInference and serverless variant "S"');
  });
});

describe('endpoint.variants', () => {
  test('lists the config\'s variants in order', () => {
    const stack = newStack();
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [
        { variantName: 'Blue', model: newModel(stack, 'M1') },
        { variantName: 'Green', model: newModel(stack, 'M2') },
      ],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    expect(endpoint.variants.map(v => v.variantName)).toEqual(['Blue', 'Green']);
    expect(endpoint.variants[0]).toBe(endpoint.variant('Blue'));
  });

  test('an import lists its variantNames, or nothing when unknown', () => {
    const stack = newStack();
    expect(Endpoint.fromEndpointAttributes(stack, 'A', { endpointName: 'a', variantNames: ['X', 'Y'] }).variants.map(v => v.variantName)).toEqual(['X', 'Y']);
    expect(Endpoint.fromEndpointName(stack, 'B', 'b').variants).toEqual([]);
  });
});

describe('asynchronous endpoints scale to zero', () => {
  function asyncEndpoint() {
    const stack = newStack();
    const endpoint = newEndpoint(stack, {}, {
      instanceType: InstanceType.ML_C5_XLARGE,
      instanceCount: 1,
      props: { asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out') } },
    });
    return { stack, endpoint };
  }

  test('minCapacity 0 is accepted for an asynchronous endpoint', () => {
    const { stack, endpoint } = asyncEndpoint();
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 4 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 4 });
  });

  test('a deployment of an endpoint that may scale to zero plans its smallest rollout at one instance', () => {
    // GIVEN an asynchronous endpoint whose autoscaling minimum is 0 (review finding: synth failed with
    // 'instanceCount must be a whole number >= 1, got 0', a property the user never set)
    const { stack, endpoint } = asyncEndpoint();
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 4 });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(10) }),
    });
    deployment.addErrorRateAlarm();
    // THEN
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(deployment.plan.atMinimum.instanceCount).toBe(1);
    expect(deployment.plan.atMaximum.instanceCount).toBe(4);
    // and the command, which reads the scalable target's MinCapacity 0 from the template, plans the same
    const [report] = templateReports(stack);
    expect(report.findings.filter(f => f.level === 'error')).toEqual([]);
    expect(report.plan?.instanceCount).toBe(1);
    expect(report.plan?.maximumExecutionTimeoutSeconds).toBe(deployment.plan.maximumExecutionTimeout.toSeconds());
  });

  test('a rolling deployment of an endpoint that may scale to zero plans at one instance at the minimum', () => {
    const { stack, endpoint } = asyncEndpoint();
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 4 });
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint,
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(5),
      maximumExecutionTimeout: Duration.hours(3),
    });
    deployment.addErrorRateAlarm();
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(deployment.plan.atMinimum.instanceCount).toBe(1);
  });

  test('minCapacity 0 is rejected for a real-time endpoint', () => {
    const stack = newStack();
    const endpoint = newEndpoint(stack, {}, { instanceCount: 1 });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 4 }))
      .toThrow('Stack/Endpoint: variant "AllTraffic" minCapacity must be at least 1 on a real-time endpoint (only asynchronous endpoints, asyncInference, scale to zero), got 0');
  });

  test('scaleOnBacklog tracks ApproximateBacklogSizePerInstance and, from zero, steps on HasBacklogWithoutCapacity', () => {
    const { stack, endpoint } = asyncEndpoint();
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 4 }).scaleOnBacklog('Backlog', { backlogPerInstance: 5 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 5,
        CustomizedMetricSpecification: Match.objectLike({
          MetricName: 'ApproximateBacklogSizePerInstance',
          Namespace: 'AWS/SageMaker',
          Statistic: 'Average',
          Dimensions: [{ Name: 'EndpointName', Value: endpoint.endpointName }],
        }),
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: Match.objectLike({ AdjustmentType: 'ChangeInCapacity' }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HasBacklogWithoutCapacity', Namespace: 'AWS/SageMaker' });
  });

  test('scaleOnBacklog with minCapacity 1 adds no step policy', () => {
    const { stack, endpoint } = asyncEndpoint();
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 4 }).scaleOnBacklog('Backlog', { backlogPerInstance: 5 });
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
  });

  test('scaleOnBacklog rejects a non-positive target', () => {
    const { endpoint } = asyncEndpoint();
    const scaling = endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 4 });
    expect(() => scaling.scaleOnBacklog('Backlog', { backlogPerInstance: 0 }))
      .toThrow(/backlogPerInstance must be a number greater than 0, got 0/);
  });
});
