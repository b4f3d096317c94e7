// Integration snapshot (issue 16): try a model-registry version on real traffic first. Production serves
// version 11 of the package group `fraud-detector`; a shadow variant on a fleet of its own serves version 12
// and receives a copy of every request (its responses are never returned); the update that adds the shadow
// is all at once, the only strategy a config with a shadow takes. Both models' roles read exactly their
// version and the artifacts and image named for it. Beside it, a multi-model endpoint whose invoke grant is
// limited to one tenant's model (`sagemaker:TargetModel`).
// Snapshot only, never deployed:
// `npx integ-runner --language typescript --update-on-failed --dry-run integ.shadow-package.js`.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BlueGreenDeployment, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, ContainerMode, Model, ModelData, ModelPackage } from '../src/model';

const app = new App();
const stack = new Stack(app, 'SageMakerShadowPackage');

const artifacts = s3.Bucket.fromBucketName(stack, 'Artifacts', 'registry-artifacts');
const image = ecr.Repository.fromRepositoryName(stack, 'Image', 'fraud-detector');
const version = (n: number) => new Model(stack, `FraudV${n}`, {
  containers: [{
    modelPackage: ModelPackage.fromModelPackageGroup('fraud-detector', n, {
      artifactBucket: artifacts,
      artifactKey: `fraud-detector/${n}/model.tar.gz`,
      imageRepository: image,
    }),
  }],
});

const config = new EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{
    variantName: 'Production',
    model: version(11),
    instanceType: InstanceType.ML_C5_XLARGE,
    initialInstanceCount: 2,
  }],
  shadowProductionVariant: {
    variantName: 'Candidate',
    model: version(12),
    instanceType: InstanceType.ML_C5_XLARGE,
    initialInstanceCount: 1,
  },
});
const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'fraud-detector' });
new BlueGreenDeployment(stack, 'Deployment', {
  endpoint,
  trafficRouting: TrafficRouting.allAtOnce(),
});

// a multi-model endpoint: one container, many tenant models under one S3 prefix
const tenantModels = s3.Bucket.fromBucketName(stack, 'TenantModels', 'tenant-models');
const tenants = new Endpoint(stack, 'TenantEndpoint', {
  endpointName: 'tenants',
  endpointConfig: new EndpointConfig(stack, 'TenantConfig', {
    instanceProductionVariants: [{
      variantName: 'AllTraffic',
      model: new Model(stack, 'Tenants', {
        containers: [{
          image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'MmeImage', 'mme-server'), 'v3'),
          mode: ContainerMode.MULTI_MODEL,
          modelData: ModelData.fromBucketPrefix(tenantModels, 'models/'),
          multiModelCache: true,
        }],
      }),
      instanceType: InstanceType.ML_C5_XLARGE,
      initialInstanceCount: 2,
    }],
  }),
});
tenants.grantInvokeTargetModels(new iam.Role(stack, 'Customer42', { assumedBy: new iam.AccountRootPrincipal() }), ['customer-42.tar.gz']);

const integ = new IntegTest(app, 'ShadowPackageTest', {
  testCases: [stack],
  stackUpdateWorkflow: false,
});

// after a deploy, the endpoint is in service with the production variant and the shadow
integ.assertions
  .awsApiCall('SageMaker', 'describeEndpoint', { EndpointName: endpoint.endpointName })
  .expect(ExpectedResult.objectLike({
    EndpointName: endpoint.endpointName,
    EndpointStatus: 'InService',
  }));
