// Invalid-input and warning catalogue entries of the model sources (issue 16): model-registry versions,
// multi-model containers and target-model invoke grants. Spread into the shared catalogues by
// test/invalid-input-catalogue.test.ts and test/warning-catalogue.test.ts.
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CatalogueEntry, WarningEntry } from './catalogue';
import { Endpoint } from '../../src/endpoint';
import { EndpointConfig, InstanceType } from '../../src/endpoint-config';
import { ContainerDefinition, ContainerImage, ContainerMode, Model, ModelData, ModelPackage, ModelPackageGroupPolicy } from '../../src/model';

const ACCOUNT = '123456789012';
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/model:1`;
const PKG = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/fraud-detector/3`;

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'us-east-1' } });
}

/** A model with the given containers (built from the stack), synthesized. */
function modelOf(containers: (stack: Stack) => ContainerDefinition[]): () => void {
  return () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: containers(stack) });
    (stack.node.root as App).synth();
  };
}

function prefix(stack: Stack, key = 'models/'): ModelData {
  return ModelData.fromBucketPrefix(s3.Bucket.fromBucketName(stack, 'Models', 'tenant-models'), key);
}

/** An endpoint named `tenants` of a multi-model model, and a role to grant. */
function endpointAndRole(): { endpoint: Endpoint; role: iam.Role } {
  const stack = newStack();
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE), mode: ContainerMode.MULTI_MODEL, modelData: prefix(stack) }] });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
  });
  return {
    endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'tenants' }),
    role: new iam.Role(stack, 'Client', { assumedBy: new iam.AccountRootPrincipal() }),
  };
}

export const MODEL_SOURCE_ENTRIES: CatalogueEntry[] = [
  {
    rule: 'a container sets an image or a model package',
    example: 'containers: [{ environment: {...} }]',
    build: modelOf(() => [{}]),
    message: 'containers[0] must set one of image and modelPackage (CreateModel needs the inference image, given directly or by a model package), got neither',
  },
  {
    rule: 'a container sets only one of image and model package',
    example: 'containers: [{ image, modelPackage }]',
    build: modelOf(() => [{ image: ContainerImage.fromImageUri(IMAGE), modelPackage: ModelPackage.fromModelPackageArn(PKG) }]),
    message: 'containers[0] must set only one of image and modelPackage (a model package brings its own image), got both',
  },
  {
    rule: 'a container from a model package takes no model data',
    example: 'containers: [{ modelPackage, modelData }]',
    build: modelOf(stack => [{ modelPackage: ModelPackage.fromModelPackageArn(PKG), modelData: prefix(stack, 'model.tar.gz') }]),
    message: 'containers[0].modelData must not be used with modelPackage (the model package version carries its own model artifacts), got both',
  },
  {
    rule: 'a model package ARN names a version',
    example: 'ModelPackage.fromModelPackageArn(".../model-package/fraud-detector")',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/fraud-detector`) }]),
    message: `modelPackageArn must name a model package version (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>: a model-registry version, not a versionless package or group), got "arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/fraud-detector"; use arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/fraud-detector/<version> or ModelPackage.fromModelPackageGroup("fraud-detector", <version>)`,
  },
  {
    rule: 'a model package ARN matches the ModelPackageName pattern',
    example: 'ModelPackage.fromModelPackageArn("arn:aws:s3:::bucket/key")',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageArn('arn:aws:s3:::bucket/key') }]),
    message: 'modelPackageArn must be a versioned model package ARN arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version> (CreateModel ModelPackageName pattern), got "arn:aws:s3:::bucket/key"',
  },
  {
    rule: 'a model package ARN is at most 176 characters',
    example: 'ModelPackage.fromModelPackageArn(<177 characters>)',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/${'a'.repeat(63)}/${'1'.repeat(70)}`) }]),
    message: 'modelPackageArn must be 1-176 characters (CreateModel ModelPackageName)',
  },
  {
    rule: 'a model package is in the model\'s Region',
    example: 'ModelPackage.fromModelPackageGroup("fraud", 3, { region: "eu-west-1" })',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud', 3, { region: 'eu-west-1' }) }]),
    message: 'modelPackage must be in the model\'s Region (account 123456789012, Region us-east-1; the package\'s image must be in the model\'s Region)',
  },
  {
    rule: 'a model package group name is 1-63 letters, digits and hyphens',
    example: 'ModelPackage.fromModelPackageGroup("fraud_detector", 3)',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud_detector', 3) }]),
    message: 'modelPackageGroupName must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit (CreateModel ModelPackageName), got "fraud_detector"',
  },
  {
    rule: 'a model package group name is not an ARN',
    example: 'ModelPackage.fromModelPackageGroup("arn:aws:sagemaker:...", 3)',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageGroup(PKG, 3) }]),
    message: 'modelPackageGroupName must be a group name, not an ARN (use ModelPackage.fromModelPackageArn for arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)',
  },
  {
    rule: 'a model package version is a whole number 1-999999999',
    example: 'ModelPackage.fromModelPackageGroup("fraud", 0)',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud', 0) }]),
    message: 'modelPackage version must be a whole number in 1-999999999 (model package versions start at 1), got 0',
  },
  {
    rule: 'a model package group account is a 12-digit account id',
    example: 'ModelPackage.fromModelPackageGroup("fraud", 3, { account: "12345" })',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud', 3, { account: '12345' }) }]),
    message: 'modelPackage account must be a 12-digit account id (the owner of the model package group), got "12345"',
  },
  {
    rule: 'an inference specification name is 1-63 characters',
    example: 'fromModelPackageArn(arn, { inferenceSpecificationName: <64 characters> })',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageArn(PKG, { inferenceSpecificationName: 'a'.repeat(64) }) }]),
    message: 'modelPackage inferenceSpecificationName must be 1-63 characters (CreateModel InferenceSpecificationName)',
  },
  {
    rule: 'a model package artifact bucket comes with its artifact key',
    example: 'fromModelPackageArn(arn, { artifactBucket })',
    build: modelOf(stack => [{ modelPackage: ModelPackage.fromModelPackageArn(PKG, { artifactBucket: s3.Bucket.fromBucketName(stack, 'A', 'artifacts') }) }]),
    message: 'modelPackage artifactBucket must be used with artifactKey (the role is granted the artifact, not the whole bucket), got artifactBucket without artifactKey',
  },
  {
    rule: 'a model package artifact key comes with its bucket',
    example: 'fromModelPackageArn(arn, { artifactKey: "model.tar.gz" })',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageArn(PKG, { artifactKey: 'model.tar.gz' }) }]),
    message: 'modelPackage artifactKey must be used with artifactBucket, got artifactKey "model.tar.gz" without artifactBucket',
  },
  {
    rule: 'a multi-model container has model data',
    example: 'containers: [{ image, mode: ContainerMode.MULTI_MODEL }]',
    build: modelOf(() => [{ image: ContainerImage.fromImageUri(IMAGE), mode: ContainerMode.MULTI_MODEL }]),
    message: 'containers[0].modelData must be an S3 prefix ending in / with mode MULTI_MODEL (a multi-model container loads its .tar.gz models from that prefix; use ModelData.fromBucketPrefix), got none',
  },
  {
    rule: 'a multi-model container reads an S3 prefix, not one object or uncompressed data',
    example: 'mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucket(bucket, "models/a.tar.gz")',
    build: modelOf(stack => [{
      image: ContainerImage.fromImageUri(IMAGE),
      mode: ContainerMode.MULTI_MODEL,
      modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'Models', 'tenant-models'), 'models/a.tar.gz'),
    }]),
    message: 'containers[0].modelData must be an S3 prefix ending in / with mode MULTI_MODEL (a multi-model container loads .tar.gz models from ModelDataUrl; ModelDataSource and uncompressed model data are not supported for multi-model endpoints), got "s3://tenant-models/models/a.tar.gz"',
  },
  {
    rule: 'a model data prefix ends in /',
    example: 'ModelData.fromBucketPrefix(bucket, "models")',
    build: modelOf(stack => [{ image: ContainerImage.fromImageUri(IMAGE), modelData: prefix(stack, 'models') }]),
    message: 'model data prefix must end in / (ModelData.fromBucketPrefix names a key prefix, not an object), got "models"',
  },
  {
    rule: 'the multi-model cache setting needs a multi-model container',
    example: 'containers: [{ image, multiModelCache: false }]',
    build: modelOf(() => [{ image: ContainerImage.fromImageUri(IMAGE), multiModelCache: false }]),
    message: 'containers[0].multiModelCache must be used with mode MULTI_MODEL (MultiModelConfig applies to multi-model containers only), got multiModelCache false with mode SINGLE_MODEL (default)',
  },
  {
    rule: 'a multi-model container does not come from a model package',
    example: 'containers: [{ modelPackage, mode: ContainerMode.MULTI_MODEL }]',
    build: modelOf(() => [{ modelPackage: ModelPackage.fromModelPackageArn(PKG), mode: ContainerMode.MULTI_MODEL }]),
    message: 'containers[0].mode MULTI_MODEL must not be used with modelPackage (a multi-model container loads its models from an S3 prefix in modelData), got a model package',
  },
  {
    rule: 'a multi-model container is the only container of its model',
    example: 'containers: [{ image, mode: ContainerMode.MULTI_MODEL, modelData }, { image }]',
    build: modelOf(stack => [
      { image: ContainerImage.fromImageUri(IMAGE), mode: ContainerMode.MULTI_MODEL, modelData: prefix(stack) },
      { image: ContainerImage.fromImageUri(IMAGE) },
    ]),
    message: 'containers[0].mode MULTI_MODEL must be used in a model with exactly 1 container (a multi-model endpoint is one container serving many models), got 2 containers',
  },
  {
    rule: 'a target-model invoke grant names at least one model',
    example: 'endpoint.grants.invoke(fn, { targetModels: [] })',
    build: () => {
      const { endpoint, role } = endpointAndRole();
      endpoint.grants.invoke(role, { targetModels: [] });
    },
    message: 'targetModels must name at least one target model (an empty list would grant nothing), got []',
  },
  {
    rule: 'a target model is 1-1024 characters',
    example: 'endpoint.grants.invoke(fn, { targetModels: [""] })',
    build: () => {
      const { endpoint, role } = endpointAndRole();
      endpoint.grants.invoke(role, { targetModels: [''] });
    },
    message: 'targetModels entry must be 1-1024 characters (InvokeEndpoint TargetModel), got "" (0 characters)',
  },
  {
    rule: 'a model package group policy allows at least one consumer account',
    example: 'ModelPackageGroupPolicy.forConsumers({ groupName: "fraud", accounts: [] })',
    build: () => {
      ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: [] });
    },
    message: 'ModelPackageGroupPolicy accounts must name at least one consumer account (an empty list would allow nobody), got []',
  },
];

export const MODEL_SOURCE_WARNINGS: WarningEntry[] = [
  {
    id: 'crossAccountModelPackage',
    rule: 'a model package of another account needs the owner\'s group, bucket, key and repository policies',
    example: 'ModelPackage.fromModelPackageGroup("fraud", 3, { account: "210987654321" })',
    build: () => {
      const stack = newStack();
      new Model(stack, 'Model', { containers: [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud', 3, { account: '210987654321' }) }] });
      return stack;
    },
    message: 'model package group "fraud" version 3 is in account 210987654321, Region us-east-1, the model in account 123456789012, Region us-east-1: the owner must attach a model package group policy that allows this account (ModelPackageGroupPolicy.forConsumers), and its artifact bucket, KMS key and ECR repository policies must allow the model\'s execution role (docs/model-sources.md)',
  },
];
