// The cdk-nag app of the model sources (issue 16): a model from a model-registry version (with artifact, image and
// key grants) behind a canary, and a multi-model endpoint whose client may invoke only named target models.
// Added to the apps of test/compliance.test.ts.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { fraudDetectorPackage } from './package-fixture';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../../src/deployment';
import { Endpoint } from '../../src/endpoint';
import { EndpointConfig, InstanceType } from '../../src/endpoint-config';
import { ContainerImage, ContainerMode, Model, ModelData } from '../../src/model';

export function modelSourceApp(): App {
  const app = new App();
  const stack = new Stack(app, 'ModelSources');
  const volumeKey = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true });

  const packaged = new Model(stack, 'PackageModel', {
    containers: [{ modelPackage: fraudDetectorPackage(stack, { groupName: 'fraud-detector' }) }],
  });
  const config = new EndpointConfig(stack, 'PackageConfig', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model: packaged, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
    encryptionKey: volumeKey,
  });
  const endpoint = new Endpoint(stack, 'PackageEndpoint', { endpointConfig: config });
  new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
  }).addErrorRateAlarm();

  const multi = new Model(stack, 'MultiModel', {
    containers: [{
      image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'MmeRepo', 'mme'), 'v1'),
      mode: ContainerMode.MULTI_MODEL,
      multiModelCache: true,
      modelData: ModelData.fromBucketPrefix(new s3.Bucket(stack, 'Models', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }), 'models/'),
    }],
  });
  const mmeConfig = new EndpointConfig(stack, 'MultiModelConfig', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model: multi, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 2 }],
    encryptionKey: volumeKey,
  });
  const mme = new Endpoint(stack, 'MultiModelEndpoint', { endpointConfig: mmeConfig, endpointName: 'tenants' });
  mme.grants.invoke(new iam.Role(stack, 'TenantClient', { assumedBy: new iam.AccountRootPrincipal() }), { targetModels: ['customer-42.tar.gz'] });
  return app;
}
