import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { newEndpoint, newStack } from './endpoint-fixtures';
import { Endpoint, ScalableInstanceCount } from '../src/endpoint';
import { InstanceType } from '../src/endpoint-config';

describe('variant.autoScaleInstanceCount', () => {
  test('registers the variant as a scalable target by its literal endpoint name', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'My-Endpoint' });
    // WHEN
    const scaling = endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 8 });
    // THEN
    expect(scaling).toBeInstanceOf(ScalableInstanceCount);
    expect(endpoint.variant('AllTraffic').scalableInstanceCount).toBe(scaling);
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'sagemaker',
      ResourceId: 'endpoint/My-Endpoint/variant/AllTraffic',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      MinCapacity: 2,
      MaxCapacity: 8,
      RoleARN: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
          ':iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint']],
      },
    });
  });

  test('minCapacity defaults to 1', () => {
    const stack = newStack();
    newEndpoint(stack, {}, { instanceCount: 1 }).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 3 });
  });

  test('the scalable target depends on the endpoint (registered after create, deregistered before delete)', () => {
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 });
    const targets = Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    expect(Object.values(targets)[0].DependsOn).toContain(stack.getLogicalId(endpoint.node.defaultChild as any));
  });

  test('defaults retainAllVariantProperties to true (failure-modes row 12)', () => {
    const stack = newStack();
    newEndpoint(stack).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: true });
  });

  test('keeps an explicit retainAllVariantProperties false and warns', () => {
    const stack = newStack();
    newEndpoint(stack, { retainAllVariantProperties: false }).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: false });
    Annotations.fromStack(stack).hasWarning('/Stack/Endpoint', Match.stringLikeRegexp('retainAllVariantProperties is false while autoscaling is attached'));
  });

  test('scaleOnInvocations tracks SageMakerVariantInvocationsPerInstance', () => {
    // GIVEN
    const stack = newStack();
    const scaling = newEndpoint(stack).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    // WHEN
    scaling.scaleOnInvocations('Invocations', { invocationsPerInstance: 300, scaleInCooldown: Duration.minutes(10), disableScaleIn: true });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        TargetValue: 300,
        ScaleInCooldown: 600,
        DisableScaleIn: true,
      },
    });
  });

  test.each([0, -1, Number.NaN])('scaleOnInvocations rejects invocationsPerInstance %d', (value) => {
    const scaling = newEndpoint(newStack()).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    expect(() => scaling.scaleOnInvocations('Invocations', { invocationsPerInstance: value }))
      .toThrow(/invocationsPerInstance must be a number greater than 0, got/);
  });

  test('scaleToTrackMetric, scaleOnMetric and scaleOnSchedule add policies and actions', () => {
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    const scaling = endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    scaling.scaleToTrackMetric('Cpu', { customMetric: endpoint.variant('AllTraffic').metricCpuUtilization(), targetValue: 70 });
    scaling.scaleOnMetric('Latency', {
      metric: endpoint.variant('AllTraffic').metricModelLatency(),
      scalingSteps: [{ upper: 100000, change: -1 }, { lower: 500000, change: +1 }],
    });
    scaling.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), maxCapacity: 1 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 3);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ScheduledActions: Match.arrayWith([Match.objectLike({ ScheduledActionName: 'Night' })]) });
  });

  test('rejects burstable instance types', () => {
    const endpoint = newEndpoint(newStack(), {}, { instanceType: InstanceType.ML_T2_MEDIUM, instanceCount: 1 });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 }))
      .toThrow(/variant "AllTraffic" autoScaleInstanceCount must be used on a non-burstable instance type, got "ml.t2.medium"/);
  });

  test('rejects serverless variants', () => {
    const endpoint = newEndpoint(newStack(), {}, { serverless: true });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 }))
      .toThrow(/variant "AllTraffic" autoScaleInstanceCount must be used on an instance variant, got a serverless variant/);
  });

  test('rejects maxCapacity below minCapacity', () => {
    const endpoint = newEndpoint(newStack());
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 3, maxCapacity: 2 }))
      .toThrow(/variant "AllTraffic" maxCapacity must be at least minCapacity \(3\), got 2/);
  });

  test.each([
    [{ minCapacity: 0, maxCapacity: 2 }, /variant "AllTraffic" minCapacity must be at least 1 on a real-time endpoint/],
    [{ minCapacity: -1, maxCapacity: 2 }, /variant "AllTraffic" minCapacity must be 1-/],
    [{ minCapacity: 1.5, maxCapacity: 2 }, /variant "AllTraffic" minCapacity must be a whole number/],
    [{ maxCapacity: 0 }, /variant "AllTraffic" maxCapacity must be 1-/],
  ])('rejects capacities %j', (props, message) => {
    const endpoint = newEndpoint(newStack(), {}, { instanceCount: 1 });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount(props)).toThrow(message);
  });

  test('rejects an initial instance count outside the capacity range', () => {
    const endpoint = newEndpoint(newStack(), {}, { instanceCount: 5 });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 4 }))
      .toThrow(/variant "AllTraffic" initialInstanceCount must be within minCapacity-maxCapacity 1-4, got 5/);
  });

  test('rejects a second call for the same variant', () => {
    const endpoint = newEndpoint(newStack());
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 5 }))
      .toThrow(/variant "AllTraffic" autoScaleInstanceCount must be called once, got a second call/);
  });

  test('works on an imported endpoint (no variant facts to check)', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'Legacy-Endpoint');
    endpoint.variant('Main').autoScaleInstanceCount({ maxCapacity: 2 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ResourceId: 'endpoint/Legacy-Endpoint/variant/Main' });
    expect(Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0].DependsOn).toBeUndefined();
  });
});
