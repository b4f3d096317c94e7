// The fleet and the plan are memoized (src/endpoint/endpoint-base.ts `_fleet`, src/deployment/endpoint-deployment.ts
// `_wrapPlan`): these tests show that what is added after the first read is still seen.
import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { newEndpoint, newStack } from './blue-green-fixtures';
import { BlueGreenDeployment, CapacitySize, RollingDeployment, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

const CANARY_ONE = TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(5) });

function deploymentConfig(stack: Stack): any {
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint')) as any[];
  return resource.Properties.DeploymentConfig;
}

describe('the memoized fleet and plan', () => {
  test('reading the plan twice with nothing added returns the same plan', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack);
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_ONE });
    // WHEN
    const first = deployment.plan;
    // THEN
    expect(deployment.plan).toBe(first);
    expect(endpoint._fleet()).toBe(endpoint._fleet());
  });

  test('autoscaling attached after the plan was read is seen by the plan, the rendered timeout and the checks', () => {
    // GIVEN a 4-instance fleet whose plan was read
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_ONE });
    const before = deployment.plan;
    const fleetBefore = endpoint._fleet();
    expect(before.peakInstanceCount).toBe(8);
    expect(fleetBefore.variants[0].maxInstanceCount).toBeUndefined();
    // WHEN autoscaling is attached afterwards
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 20 });
    // THEN the fleet and the plan are rebuilt with the scaling range
    const fleetAfter = endpoint._fleet();
    expect(fleetAfter).not.toBe(fleetBefore);
    expect(fleetAfter.variants[0].maxInstanceCount).toBe(20);
    const after = deployment.plan;
    expect(after).not.toBe(before);
    expect(after.atMaximum?.peakInstanceCount).toBe(40);
    // and the rendered timeout is the plan's after the change, not the stale one
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(after.maximumExecutionTimeout.toSeconds());
  });

  test('autoscaling attached after the plan was read reaches the synth-time checks of a rolling deployment', () => {
    // GIVEN a rolling deployment whose batch (1 instance) is valid for the 4-instance fleet, plan read
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint,
      maximumBatchSize: CapacitySize.instances(1),
      waitInterval: Duration.minutes(5),
    });
    expect(deployment.plan.peakInstanceCount).toBe(5);
    // WHEN autoscaling to 40 instances is attached afterwards
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 40 });
    // THEN the check sees the maximum: 1 instance is below 5 percent of 40
    expect(() => Template.fromStack(stack)).toThrow(/maximumBatchSize must be 2-20 instances for variant "AllTraffic" at the autoscaling maximum of 40 instances/);
  });

  test('autoscaling attached after the plan was read is planned at its maximum by a percent batch', () => {
    // GIVEN
    const stack = newStack();
    const { endpoint } = newEndpoint(stack, { instanceCount: 4 });
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint,
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(5),
    });
    const before = deployment.plan;
    expect(before.atMaximum.peakInstanceCount).toBe(5);
    // WHEN
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 40 });
    // THEN
    expect(deployment.plan).not.toBe(before);
    expect(deployment.plan.atMaximum?.peakInstanceCount).toBe(50);
  });

  test('a variant added to the config before the endpoint exists is in the fleet read at synth', () => {
    // GIVEN a config read by nothing yet
    const stack = newStack();
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    });
    // WHEN a second variant is added, then the endpoint and a canary deployment are created
    config.addInstanceProductionVariant({ variantName: 'Challenger', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 3 });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_ONE });
    // THEN both variants are planned
    expect(deployment.plan.peakInstanceCount).toBe(10);
    Annotations.fromStack(stack).hasNoError('/Stack/Deployment', Match.anyValue());
  });
});
