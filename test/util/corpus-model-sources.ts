// Lint-corpus templates of the model sources (issue 16): models from model-registry versions (by ARN, by group,
// cross-account, with inference specification and artifact/image/key grants) and multi-model containers (cache
// default, enabled, disabled) behind an endpoint with a blue/green canary and a target-model invoke grant.
// Spread into test/lint-corpus.test.ts, which lints every template with cfn-lint.
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnModelPackageGroup } from 'aws-cdk-lib/aws-sagemaker';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../../src/deployment';
import { Endpoint } from '../../src/endpoint';
import { EndpointConfig, InstanceType } from '../../src/endpoint-config';
import { ContainerDefinition, ContainerImage, ContainerMode, Model, ModelData, ModelPackage, ModelPackageGroupPolicy } from '../../src/model';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface SourceCase {
  readonly name: string;
  readonly containers: (stack: Stack) => ContainerDefinition[];
  /** Restrict the client's invoke grant to these target models. */
  readonly targetModels?: string[];
}

const CASES: SourceCase[] = [
  { name: 'package-arn', containers: () => [{ modelPackage: ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/FraudDetector/3`) }] },
  { name: 'package-group', containers: () => [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud-detector', 12, { inferenceSpecificationName: 'cpu' }) }] },
  { name: 'package-cross-account', containers: () => [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud-detector', 3, { account: '210987654321' }) }] },
  {
    name: 'package-with-grants',
    containers: stack => [{
      modelPackage: ModelPackage.fromModelPackageGroup('fraud-detector', 3, {
        artifactBucket: s3.Bucket.fromBucketName(stack, 'Artifacts', 'registry-artifacts'),
        artifactKey: 'fraud/v3/model.tar.gz',
        imageRepository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'fraud-image'),
        encryptionKey: new kms.Key(stack, 'ArtifactKey', { enableKeyRotation: true }),
      }),
      environment: { LOG_LEVEL: 'info' },
    }],
  },
  ...[undefined, true, false].map((cache): SourceCase => ({
    name: `multi-model-cache-${cache === undefined ? 'default' : cache ? 'enabled' : 'disabled'}`,
    containers: stack => [{
      image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'mme'), 'v1'),
      mode: ContainerMode.MULTI_MODEL,
      multiModelCache: cache,
      modelData: ModelData.fromBucketPrefix(s3.Bucket.fromBucketName(stack, 'Models', 'tenant-models'), 'models/'),
    }],
    targetModels: cache === false ? ['tenant-a/*', 'customer-42.tar.gz'] : ['customer-42.tar.gz'],
  })),
];

function build(c: SourceCase): Stack {
  const stack = new Stack(new App(), `Sources-${c.name}`, { env: { account: ACCOUNT, region: REGION } });
  const model = new Model(stack, 'Model', { containers: c.containers(stack) });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
  const deployment = new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
  });
  deployment.addErrorRateAlarm();
  const client = new iam.Role(stack, 'Client', { assumedBy: new iam.AccountRootPrincipal() });
  endpoint.grants.invoke(client, c.targetModels ? { targetModels: c.targetModels } : {});
  return stack;
}

/** The owner account's group with the consumer policy (ModelPackageGroupPolicy.forConsumers). */
function ownerStack(): Stack {
  const stack = new Stack(new App(), 'Sources-owner-group', { env: { account: '210987654321', region: REGION } });
  new CfnModelPackageGroup(stack, 'Group', {
    modelPackageGroupName: 'fraud-detector',
    modelPackageGroupPolicy: ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud-detector', accounts: [ACCOUNT] }).toJSON(),
  });
  return stack;
}

/** Every model-source template of the corpus, by name. */
export function modelSourceTemplates(): Array<{ name: string; template: unknown }> {
  return [
    ...CASES.map(c => ({ name: `model-source-${c.name}`, template: Template.fromStack(build(c)).toJSON() })),
    { name: 'model-source-owner-group', template: Template.fromStack(ownerStack()).toJSON() },
  ];
}
