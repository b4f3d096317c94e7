import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { attachFakeDeployment, newConfig, newEndpoint, newModel, newStack } from './endpoint-fixtures';
import { Endpoint, EndpointVariant } from '../src/endpoint';
import { InstanceType } from '../src/endpoint-config';

type MetricMethod = keyof EndpointVariant & `metric${string}`;

const TABLE: [MetricMethod, string, string, string][] = [
  ['metricInvocations', 'AWS/SageMaker', 'Invocations', 'Sum'],
  ['metricInvocation4XXErrors', 'AWS/SageMaker', 'Invocation4XXErrors', 'Sum'],
  ['metricInvocation5XXErrors', 'AWS/SageMaker', 'Invocation5XXErrors', 'Sum'],
  ['metricInvocationModelErrors', 'AWS/SageMaker', 'InvocationModelErrors', 'Sum'],
  ['metricModelLatency', 'AWS/SageMaker', 'ModelLatency', 'Average'],
  ['metricOverheadLatency', 'AWS/SageMaker', 'OverheadLatency', 'Average'],
  ['metricInvocationsPerInstance', 'AWS/SageMaker', 'InvocationsPerInstance', 'Sum'],
  ['metricCpuUtilization', '/aws/sagemaker/Endpoints', 'CPUUtilization', 'Average'],
  ['metricMemoryUtilization', '/aws/sagemaker/Endpoints', 'MemoryUtilization', 'Average'],
  ['metricGpuUtilization', '/aws/sagemaker/Endpoints', 'GPUUtilization', 'Average'],
  ['metricGpuMemoryUtilization', '/aws/sagemaker/Endpoints', 'GPUMemoryUtilization', 'Average'],
  ['metricDiskUtilization', '/aws/sagemaker/Endpoints', 'DiskUtilization', 'Average'],
];

describe('per-variant metrics', () => {
  test.each(TABLE)('%s uses %s %s with statistic %s and the literal endpoint and variant names', (method, namespace, metricName, statistic) => {
    // GIVEN
    const endpoint = newEndpoint(newStack(), { endpointName: 'My-Endpoint' });
    // WHEN
    const metric = (endpoint.variant('AllTraffic')[method] as (p?: cloudwatch.MetricOptions) => cloudwatch.Metric)();
    // THEN
    expect(metric.namespace).toEqual(namespace);
    expect(metric.metricName).toEqual(metricName);
    expect(metric.statistic).toEqual(statistic);
    expect(metric.dimensions).toEqual({ EndpointName: 'My-Endpoint', VariantName: 'AllTraffic' });
    expect(metric.period.toMinutes()).toEqual(5);
  });

  test.each(TABLE)('%s accepts overrides', (method) => {
    const endpoint = newEndpoint(newStack());
    const metric = (endpoint.variant('AllTraffic')[method] as (p?: cloudwatch.MetricOptions) => cloudwatch.Metric)({
      statistic: 'p99',
      period: Duration.minutes(1),
      dimensionsMap: { EndpointConfigName: 'new-config' },
    });
    expect(metric.statistic).toEqual('p99');
    expect(metric.period.toMinutes()).toEqual(1);
    expect(metric.dimensions).toEqual({ EndpointName: endpoint.endpointName, VariantName: 'AllTraffic', EndpointConfigName: 'new-config' });
  });

  test('metric() and metricInstance() build any metric of the two namespaces', () => {
    const variant = newEndpoint(newStack()).variant('AllTraffic');
    expect(variant.metric('ModelSetupTime').namespace).toEqual('AWS/SageMaker');
    expect(variant.metric('ModelSetupTime').statistic).toEqual('Average');
    expect(variant.metricInstance('LoadedModelCount').namespace).toEqual('/aws/sagemaker/Endpoints');
  });

  test('an alarm on a variant metric never references the endpoint resource (failure-modes row 8)', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'ep' });
    // WHEN: the endpoint depends on the alarm through its rollback configuration
    const { alarms } = attachFakeDeployment(endpoint, ['ep-5xx']);
    // THEN
    const template = Template.fromStack(stack).toJSON();
    const alarmId = stack.getLogicalId(alarms[0].node.defaultChild as any);
    const alarm = template.Resources[alarmId];
    expect(alarm.Properties.Dimensions).toEqual([{ Name: 'EndpointName', Value: 'ep' }, { Name: 'VariantName', Value: 'AllTraffic' }]);
    expect(JSON.stringify(alarm)).not.toContain(stack.getLogicalId(endpoint.node.defaultChild as any));
  });
});

describe('endpoint-level metrics', () => {
  test.each(TABLE)('%s with one variant is the variant metric', (method, namespace, metricName, statistic) => {
    const endpoint = newEndpoint(newStack());
    const metric = (endpoint[method as keyof Endpoint] as (p?: cloudwatch.MetricOptions) => cloudwatch.IMetric)() as cloudwatch.Metric;
    expect(metric).toBeInstanceOf(cloudwatch.Metric);
    expect(metric.namespace).toEqual(namespace);
    expect(metric.metricName).toEqual(metricName);
    expect(metric.statistic).toEqual(statistic);
    expect(metric.dimensions).toEqual({ EndpointName: endpoint.endpointName, VariantName: 'AllTraffic' });
  });

  test('counts of several variants add up', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack);
    config.addInstanceProductionVariant({ variantName: 'Challenger', model: newModel(stack, 'Challenger'), instanceType: InstanceType.ML_M5_LARGE });
    const endpoint = newEndpoint(stack, { endpointConfig: config });
    // WHEN
    const metric = endpoint.metricInvocations() as cloudwatch.MathExpression;
    // THEN
    expect(metric).toBeInstanceOf(cloudwatch.MathExpression);
    expect(metric.expression).toEqual('v0 + v1');
    expect(Object.values(metric.usingMetrics).map(m => (m as cloudwatch.Metric).dimensions!.VariantName)).toEqual(['AllTraffic', 'Challenger']);
  });

  test('latency of several variants is the worst variant', () => {
    const stack = newStack();
    const config = newConfig(stack);
    config.addInstanceProductionVariant({ variantName: 'Challenger', model: newModel(stack, 'Challenger'), instanceType: InstanceType.ML_M5_LARGE });
    const endpoint = newEndpoint(stack, { endpointConfig: config });
    const metric = endpoint.metricModelLatency({ period: Duration.minutes(1) }) as cloudwatch.MathExpression;
    expect(metric.expression).toEqual('MAX([v0, v1])');
    expect(metric.period.toMinutes()).toEqual(1);
  });

  test('a Sum statistic on a latency metric adds up across variants', () => {
    const stack = newStack();
    const config = newConfig(stack);
    config.addInstanceProductionVariant({ variantName: 'Challenger', model: newModel(stack, 'Challenger'), instanceType: InstanceType.ML_M5_LARGE });
    const endpoint = newEndpoint(stack, { endpointConfig: config });
    expect((endpoint.metricModelLatency({ statistic: 'SampleCount' }) as cloudwatch.MathExpression).expression).toEqual('v0 + v1');
    expect((endpoint.metric('ModelSetupTime') as cloudwatch.MathExpression).expression).toEqual('MAX([v0, v1])');
  });

  test('an endpoint-level alarm synthesizes', () => {
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    new cloudwatch.Alarm(stack, 'Errors', { metric: endpoint.metricInvocation5XXErrors(), threshold: 1, evaluationPeriods: 1 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Invocation5XXErrors', Namespace: 'AWS/SageMaker', Statistic: 'Sum' });
  });

  test('imports assume the AllTraffic variant', () => {
    const endpoint = Endpoint.fromEndpointName(newStack(), 'Imported', 'ep');
    expect((endpoint.metricInvocations() as cloudwatch.Metric).dimensions).toEqual({ EndpointName: 'ep', VariantName: 'AllTraffic' });
  });

  test('imports use the given variant names', () => {
    const endpoint = Endpoint.fromEndpointAttributes(newStack(), 'Imported', { endpointName: 'ep', variantNames: ['a', 'b'] });
    expect((endpoint.metricInvocations() as cloudwatch.MathExpression).expression).toEqual('v0 + v1');
  });

  test('imports with a config of this library use its variants', () => {
    const stack = newStack();
    const config = newConfig(stack);
    const endpoint = Endpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'ep', endpointConfig: config });
    expect((endpoint.metricInvocations() as cloudwatch.Metric).dimensions!.VariantName).toEqual('AllTraffic');
  });
});
