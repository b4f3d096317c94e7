// The multi-model endpoint the target-model suites share (issue 16): one MULTI_MODEL container over the S3 prefix
// s3://tenant-models/models/, 2 x ml.m5.large, endpoint name `tenants`, and a client role `Client` to grant to.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Endpoint } from '../../src/endpoint';
import { EndpointConfig, EndpointConfigProps, InstanceType } from '../../src/endpoint-config';
import { ContainerImage, ContainerMode, Model, ModelData } from '../../src/model';

/** The multi-model endpoint `tenants` in `stack` (whose env names the image's account and Region), and a client role. */
export function multiModelEndpoint(stack: Stack, configProps: Partial<EndpointConfigProps> = {}): { endpoint: Endpoint; client: iam.Role } {
  const model = new Model(stack, 'Model', {
    containers: [{
      image: ContainerImage.fromImageUri(`${stack.account}.dkr.ecr.${stack.region}.amazonaws.com/mme:1`),
      mode: ContainerMode.MULTI_MODEL,
      modelData: ModelData.fromBucketPrefix(s3.Bucket.fromBucketName(stack, 'Models', 'tenant-models'), 'models/'),
    }],
  });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    ...configProps,
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'tenants' });
  const client = new iam.Role(stack, 'Client', { assumedBy: new iam.AccountRootPrincipal() });
  return { endpoint, client };
}
