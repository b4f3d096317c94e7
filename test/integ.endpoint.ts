// Integration snapshot: an autoscaled endpoint with generated least-privilege grants (invoke for an
// application role, deploy for a pipeline role: models, PassRole, alarms), endpoint-level and per-variant
// alarms, an import, an asynchronous endpoint that scales to zero on its backlog, and an endpoint written
// as raw L1 resources wrapped with Endpoint.fromCfnEndpoint to get a canary deployment.
// Snapshot only: `npx integ-runner --language typescript --update-on-failed --dry-run integ.endpoint.ts`.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../src/deployment';
import { Endpoint, EndpointGrants, RetainedVariantProperty } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

const app = new App();
const stack = new Stack(app, 'SageMakerEndpoint');

const model = new Model(stack, 'Model', {
  containers: [{ image: ContainerImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310') }],
});
const config = new EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{
    variantName: 'AllTraffic',
    model,
    instanceType: InstanceType.ML_M5_LARGE,
    initialInstanceCount: 2,
  }],
  tags: { team: 'ml' },
});
const endpoint = new Endpoint(stack, 'Endpoint', {
  endpointConfig: config,
  excludeRetainedVariantProperties: [RetainedVariantProperty.DATA_CAPTURE_CONFIG],
  tags: { team: 'ml' },
});

// autoscaling => RetainAllVariantProperties defaults to true
endpoint.variant('AllTraffic')
  .autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 6 })
  .scaleOnInvocations('Invocations', { invocationsPerInstance: 600, scaleInCooldown: Duration.minutes(10) });

const application = new iam.Role(stack, 'ApplicationRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
endpoint.grantInvoke(application);

const pipeline = new iam.Role(stack, 'PipelineRole', { assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com') });
endpoint.grants.deploy(pipeline);
endpoint.grants.describe(pipeline);

new cloudwatch.Alarm(stack, 'ErrorAlarm', {
  metric: endpoint.metricInvocation5XXErrors({ period: Duration.minutes(1) }),
  threshold: 5,
  evaluationPeriods: 3,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});
new cloudwatch.Alarm(stack, 'LatencyAlarm', {
  metric: endpoint.variant('AllTraffic').metricModelLatency({ statistic: 'p99', period: Duration.minutes(1) }),
  threshold: 500_000,
  evaluationPeriods: 3,
});

// an endpoint managed elsewhere, with a mixed-case name: the grant uses the lower-cased ARN
const legacy = Endpoint.fromEndpointName(stack, 'Legacy', 'Legacy-Endpoint');
EndpointGrants.fromEndpoint(legacy).invoke(application);

// an asynchronous endpoint scales to zero and back on its queue
const asyncConfig = new EndpointConfig(stack, 'AsyncConfig', {
  instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 1 }],
  asyncInference: {
    outputBucket: new s3.Bucket(stack, 'AsyncOutput', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
    outputPrefix: 'results/',
  },
});
const asyncEndpoint = new Endpoint(stack, 'AsyncEndpoint', { endpointConfig: asyncConfig });
asyncEndpoint.variant('AllTraffic')
  .autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 2 })
  .scaleOnBacklog('Backlog', { backlogPerInstance: 5 });

// an endpoint written as raw L1 resources gets a canary deployment without being rewritten
const l1Config = new sagemaker.CfnEndpointConfig(stack, 'L1Config', {
  kmsKeyId: new kms.Key(stack, 'L1VolumeKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY }).keyArn,
  productionVariants: [{ variantName: 'AllTraffic', modelName: model.modelName, instanceType: 'ml.m5.large', initialInstanceCount: 2 }],
});
l1Config.addDependency(model.node.defaultChild as sagemaker.CfnModel);
const l1Endpoint = new sagemaker.CfnEndpoint(stack, 'L1Endpoint', {
  endpointName: 'l1-endpoint',
  endpointConfigName: l1Config.attrEndpointConfigName,
});
const wrapped = Endpoint.fromCfnEndpoint(l1Endpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(l1Config) });
new BlueGreenDeployment(stack, 'L1Deployment', {
  endpoint: wrapped,
  trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(50), waitInterval: Duration.minutes(5) }),
}).addErrorRateAlarm();

const integ = new IntegTest(app, 'EndpointTest', {
  testCases: [stack],
  // Update behaviour is covered by the unit tests; this test pins the synthesized template.
  stackUpdateWorkflow: false,
});

// the endpoint name is known at synth, so the assertion names the endpoint literally
integ.assertions
  .awsApiCall('SageMaker', 'describeEndpoint', { EndpointName: endpoint.endpointName })
  .expect(ExpectedResult.objectLike({
    EndpointName: endpoint.endpointName,
    EndpointConfigName: config.endpointConfigName,
    EndpointStatus: 'InService',
  }));
