// Integration snapshot: a canary blue/green rollout guarded by new-fleet error-rate and latency alarms
// plus a both-fleet alarm built from the endpoint's own variant metric (no dependency cycle).
// Snapshot only: `npx integ-runner --language typescript --update-on-failed --dry-run integ.blue-green.js`.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

const app = new App();
const stack = new Stack(app, 'SageMakerBlueGreenCanary');

const model = new Model(stack, 'Model', {
  containers: [{ image: ContainerImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310') }],
});
const config = new EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{
    variantName: 'AllTraffic',
    model,
    instanceType: InstanceType.ML_M5_LARGE,
    initialInstanceCount: 4,
  }],
});
const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });

const deployment = new BlueGreenDeployment(stack, 'Deployment', {
  endpoint,
  trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
  terminationWait: Duration.minutes(5),
});
deployment.addErrorRateAlarm();
deployment.addLatencyAlarm({ threshold: Duration.millis(500) });
deployment.addAlarm(endpoint.variant('AllTraffic').metricInvocation5XXErrors({ period: Duration.minutes(1) })
  .createAlarm(stack, 'BothFleetErrors', { threshold: 50, evaluationPeriods: 3, datapointsToAlarm: 3 }));

const integ = new IntegTest(app, 'BlueGreenCanaryTest', {
  testCases: [stack],
  // Rollout behaviour is covered by the unit tests; this test pins the synthesized template.
  stackUpdateWorkflow: false,
});

// the rollout settings are stored on the endpoint: after a deploy, the endpoint is in service with them
integ.assertions
  .awsApiCall('SageMaker', 'describeEndpoint', { EndpointName: endpoint.endpointName })
  .expect(ExpectedResult.objectLike({
    EndpointName: endpoint.endpointName,
    EndpointStatus: 'InService',
  }));
