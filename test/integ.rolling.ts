// Integration snapshot: a rolling update, 25 percent of a 4-instance fleet per batch, rolled back one
// instance at a time, guarded by a new-fleet error-rate alarm.
// Snapshot only: `npx integ-runner --language typescript --update-on-failed --dry-run integ.rolling.js`.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { CapacitySize, RollingDeployment } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

const app = new App();
const stack = new Stack(app, 'SageMakerRolling');

const model = new Model(stack, 'Model', {
  containers: [{ image: ContainerImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310') }],
});
const config = new EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{
    variantName: 'AllTraffic',
    model,
    instanceType: InstanceType.ML_G5_XLARGE,
    initialInstanceCount: 4,
  }],
});
const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });

const deployment = new RollingDeployment(stack, 'Deployment', {
  endpoint,
  maximumBatchSize: CapacitySize.percent(25),
  waitInterval: Duration.minutes(5),
  rollbackMaximumBatchSize: CapacitySize.instances(1),
});
deployment.addErrorRateAlarm({ thresholdPercent: 2 });

const integ = new IntegTest(app, 'RollingTest', {
  testCases: [stack],
  stackUpdateWorkflow: false,
});

// the rollout settings are stored on the endpoint: after a deploy, the endpoint is in service with them
integ.assertions
  .awsApiCall('SageMaker', 'describeEndpoint', { EndpointName: endpoint.endpointName })
  .expect(ExpectedResult.objectLike({
    EndpointName: endpoint.endpointName,
    EndpointStatus: 'InService',
  }));
