// Issue 13, finding 7: an endpoint that exists today as a raw CfnEndpoint (with a raw CfnEndpointConfig) can
// get guardrails without rewriting the stack: Endpoint.fromCfnEndpoint + EndpointConfig.fromCfnEndpointConfig,
// then a BlueGreenDeployment or RollingDeployment. The L1 keeps its logical id; its DeploymentConfig is
// rendered by the deployment and every deployment check runs on the L1's variants.
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { BlueGreenDeployment, CapacitySize, Endpoint, EndpointConfig, RollingDeployment, TrafficRouting } from '../src';

interface Raw {
  readonly stack: Stack;
  readonly cfnEndpoint: sagemaker.CfnEndpoint;
  readonly cfnConfig: sagemaker.CfnEndpointConfig;
}

/** A stack written with L1 constructs only, as many teams have today. */
function rawStack(variants: sagemaker.CfnEndpointConfig.ProductionVariantProperty[], endpointProps: Partial<sagemaker.CfnEndpointProps> = {}): Raw {
  const stack = new Stack(new App(), 'Legacy', { env: { account: '123456789012', region: 'us-east-1' } });
  const cfnModel = new sagemaker.CfnModel(stack, 'Model', {
    executionRoleArn: 'arn:aws:iam::123456789012:role/legacy-model-role',
    primaryContainer: { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1' },
  });
  const cfnConfig = new sagemaker.CfnEndpointConfig(stack, 'Config', {
    productionVariants: variants.map(v => ({ ...v, modelName: cfnModel.attrModelName })),
  });
  const cfnEndpoint = new sagemaker.CfnEndpoint(stack, 'Endpoint', {
    endpointName: 'legacy-endpoint',
    endpointConfigName: cfnConfig.attrEndpointConfigName,
    ...endpointProps,
  });
  return { stack, cfnEndpoint, cfnConfig };
}

const FOUR_INSTANCES = [{ variantName: 'AllTraffic', instanceType: 'ml.c5.xlarge', initialInstanceCount: 4, initialVariantWeight: 1, modelName: '' }];

describe('Endpoint.fromCfnEndpoint', () => {
  test('a BlueGreenDeployment renders the L1\'s DeploymentConfig, with its rollback alarm, and the L1 keeps its logical id', () => {
    // GIVEN
    const { stack, cfnEndpoint, cfnConfig } = rawStack(FOUR_INSTANCES);
    // WHEN
    const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(5) }),
    });
    deployment.addErrorRateAlarm();
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
    expect(Object.keys(template.findResources('AWS::SageMaker::Endpoint'))).toEqual(['Endpoint']);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      EndpointName: 'legacy-endpoint',
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 300, CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 } },
          MaximumExecutionTimeoutInSeconds: Match.anyValue(),
        },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: Match.stringLikeRegexp('DeploymentErrorRateAlarm') } }] },
      },
    });
    // the plan is computed from the L1's 4 instances
    expect(deployment.plan.peakInstanceCount).toEqual(8);
    expect(endpoint.variants.map(v => v.variantName)).toEqual(['AllTraffic']);
  });

  test('every deployment check runs on the L1\'s variants: rolling on two variants is rejected', () => {
    const { stack, cfnEndpoint, cfnConfig } = rawStack([
      { variantName: 'A', instanceType: 'ml.c5.xlarge', initialInstanceCount: 2, modelName: '' },
      { variantName: 'B', instanceType: 'ml.c5.xlarge', initialInstanceCount: 2, modelName: '' },
    ]);
    const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
    new RollingDeployment(stack, 'Rolling', { endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(1) });
    expect(() => Template.fromStack(stack)).toThrow('[Legacy/Rolling] the endpoint config must have exactly 1 production variant for a rolling deployment (SageMaker rolls only single-variant endpoints), got 2 ("A", "B")');
  });

  test('every deployment check runs on the L1\'s variants: a canary on a serverless L1 config is rejected', () => {
    const { stack, cfnEndpoint, cfnConfig } = rawStack([{ variantName: 'AllTraffic', serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 5 }, modelName: '' }]);
    const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }) });
    expect(() => Template.fromStack(stack)).toThrow('[Legacy/Deployment] trafficRouting must not be canary for the serverless variant "AllTraffic" (SageMaker supports canary deployments only on instance-based variants; use all-at-once traffic routing), got canary');
  });

  test('every deployment check runs on the L1\'s variants: a bake without alarms warns', () => {
    const { stack, cfnEndpoint, cfnConfig } = rawStack(FOUR_INSTANCES);
    const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25) }) });
    Annotations.fromStack(stack).hasWarning('/Legacy/Deployment', Match.stringLikeRegexp('cdk-sagemaker-endpoint:bakeWithoutAlarms'));
  });

  test('an L1 that already sets DeploymentConfig keeps it without a deployment, and a second one is an error', () => {
    const given = { blueGreenUpdatePolicy: { trafficRoutingConfiguration: { type: 'ALL_AT_ONCE' } } };
    const kept = rawStack(FOUR_INSTANCES, { deploymentConfig: given });
    Endpoint.fromCfnEndpoint(kept.cfnEndpoint);
    Template.fromStack(kept.stack).hasResourceProperties('AWS::SageMaker::Endpoint', { DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' } } } });

    const twice = rawStack(FOUR_INSTANCES, { deploymentConfig: given });
    new BlueGreenDeployment(twice.stack, 'Deployment', { endpoint: Endpoint.fromCfnEndpoint(twice.cfnEndpoint) });
    expect(() => Template.fromStack(twice.stack)).toThrow('the CfnEndpoint Legacy/Endpoint already sets DeploymentConfig, got a second one from Legacy/Deployment: remove DeploymentConfig from the L1');
  });

  test('an L1 without a literal endpointName is rejected', () => {
    const { cfnEndpoint } = rawStack(FOUR_INSTANCES, { endpointName: undefined });
    expect(() => Endpoint.fromCfnEndpoint(cfnEndpoint))
      .toThrow('Legacy/Endpoint: fromCfnEndpoint needs the CfnEndpoint\'s endpointName as a literal (rollback alarms, metrics and grants name it at synth), got undefined');
  });

  test('wrapping twice returns the same endpoint; autoscaling defaults RetainAllVariantProperties; grants name the L1 endpoint', () => {
    const { stack, cfnEndpoint, cfnConfig } = rawStack(FOUR_INSTANCES);
    const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
    expect(Endpoint.fromCfnEndpoint(cfnEndpoint)).toBe(endpoint);
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
    endpoint.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: true });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain(':endpoint/legacy-endpoint');
  });
});
