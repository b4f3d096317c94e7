// Integration snapshot: models from an asset image and asset model data with auto-created least-privilege
// roles, one with a VPC; an instance config with two variants, KMS, data capture and tags; a serverless
// config; an asynchronous config. Every name is a content-hash name.
// Snapshot only, never deployed:
// `npx integ-runner --language typescript --update-on-failed --dry-run integ.endpoint-config.js`.
import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model, ModelData } from '../src/model';

const app = new App();
const stack = new Stack(app, 'SageMakerEndpointConfig');

const image = ContainerImage.fromAsset(path.join(__dirname, 'fixtures', 'model-image'));
const modelData = ModelData.fromAsset(path.join(__dirname, 'fixtures', 'model-data', 'model.tar.gz'));

const model = new Model(stack, 'Model', {
  containers: [{ image, modelData, environment: { SAGEMAKER_PROGRAM: 'serve.py', LOG_LEVEL: 'info' } }],
});

const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  restrictDefaultSecurityGroup: false,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
});
const isolatedModel = new Model(stack, 'IsolatedModel', {
  containers: [{ image, modelData }],
  vpc,
  networkIsolation: true,
});

const bucket = new s3.Bucket(stack, 'Outputs', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
});
const key = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });

const config = new EndpointConfig(stack, 'InstanceConfig', {
  instanceProductionVariants: [{
    variantName: 'blue',
    model,
    instanceType: InstanceType.ML_M5_LARGE,
    initialInstanceCount: 2,
    initialVariantWeight: 0.9,
    volumeSize: Size.gibibytes(30),
    modelDataDownloadTimeout: Duration.minutes(10),
    containerStartupHealthCheckTimeout: Duration.minutes(5),
  }],
  encryptionKey: key,
  dataCapture: {
    destinationBucket: bucket,
    destinationPrefix: 'capture/',
    initialSamplingPercentage: 20,
    jsonContentTypes: ['application/json'],
  },
  tags: { team: 'ml-platform' },
});
config.addInstanceProductionVariant({
  variantName: 'isolated',
  model: isolatedModel,
  instanceType: InstanceType.ML_C5_XLARGE,
  initialVariantWeight: 0.1,
});

new EndpointConfig(stack, 'ServerlessConfig', {
  serverlessProductionVariant: {
    variantName: 'serverless',
    model,
    memorySize: Size.gibibytes(2),
    maxConcurrency: 5,
    provisionedConcurrency: 1,
  },
});

new EndpointConfig(stack, 'AsyncConfig', {
  instanceProductionVariants: [{ variantName: 'async', model, instanceType: InstanceType.ML_M5_XLARGE }],
  asyncInference: {
    outputBucket: bucket,
    outputPrefix: 'async/results/',
    failureBucket: bucket,
    failurePrefix: 'async/failures/',
    successTopic: new sns.Topic(stack, 'Succeeded', { enforceSSL: true }),
    errorTopic: new sns.Topic(stack, 'Failed', { enforceSSL: true }),
    maxConcurrentInvocationsPerInstance: 4,
  },
});

const integ = new IntegTest(app, 'EndpointConfigTest', {
  testCases: [stack],
  stackUpdateWorkflow: false,
});

// the content-hash name is known at synth, so the assertion can name the config literally
integ.assertions
  .awsApiCall('SageMaker', 'describeEndpointConfig', { EndpointConfigName: config.endpointConfigName })
  .expect(ExpectedResult.objectLike({
    EndpointConfigName: config.endpointConfigName,
    KmsKeyId: key.keyArn,
  }));
