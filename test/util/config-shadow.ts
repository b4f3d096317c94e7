// Shared GIVEN helpers of the shadow-variant suites: a production variant plus a shadow on one config.
import { App, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  EndpointConfig, EndpointConfigProps, InstanceProductionVariantProps, InstanceType, ShadowProductionVariantProps,
} from '../../src/endpoint-config';
import { ContainerDefinition, ContainerImage, ContainerMode, Model, ModelData, ModelPackage, ModelProps } from '../../src/model';
import { ModelHostingFacts } from '../../src/model/private/hosting-facts';

export const SHADOW_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:2';
export const PROD_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1';

/** A stack with a fixed environment so names and ARNs are literal. */
export function shadowStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A one-container model of `image`. */
export function modelOf(scope: Construct, id: string, image = PROD_IMAGE, props: Partial<ModelProps> = {}): Model {
  return new Model(scope, id, { containers: [{ image: ContainerImage.fromImageUri(image) }], ...props });
}

/**
 * A real model with the given hosting facts: a multi-model container (`ContainerMode.MULTI_MODEL` on an S3 prefix),
 * or `containerCount` containers; the rules read them from `Model._hosting`.
 */
export function modelWithFacts(scope: Construct, id: string, facts: Partial<ModelHostingFacts>): Model {
  const containers: ContainerDefinition[] = [];
  if (facts.multiModel) {
    const bucket = s3.Bucket.fromBucketName(scope, `${id}Models`, 'tenant-models');
    containers.push({ image: ContainerImage.fromImageUri(PROD_IMAGE), mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket, 'models/') });
  }
  while (containers.length < (facts.containerCount ?? 1)) {
    containers.push({ image: ContainerImage.fromImageUri(PROD_IMAGE), containerHostname: `c${containers.length}` });
  }
  const model = new Model(scope, id, { containers });
  for (const [fact, value] of Object.entries(facts)) {
    expect(model._hosting[fact as keyof ModelHostingFacts]).toBe(value);
  }
  return model;
}

/** A model that deploys version 3 of the model-registry group `candidates`. */
export function packageModel(scope: Construct, id: string): Model {
  return new Model(scope, id, { containers: [{ modelPackage: ModelPackage.fromModelPackageGroup('candidates', 3) }] });
}

/** The production variant `AllTraffic` (2 x ml.m5.large) of `model`. */
export function production(model: Model, props: Partial<InstanceProductionVariantProps> = {}): InstanceProductionVariantProps {
  return { variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2, ...props };
}

/** The shadow variant `Shadow` (1 x ml.m5.xlarge) of `model`. */
export function shadow(model: Model, props: Partial<ShadowProductionVariantProps> = {}): ShadowProductionVariantProps {
  return { variantName: 'Shadow', model, instanceType: InstanceType.ML_M5_XLARGE, initialInstanceCount: 1, ...props };
}

/** A config with one production variant and one shadow (each changed by its props) in a fresh stack. */
export function shadowConfig(options: {
  readonly production?: Partial<InstanceProductionVariantProps>;
  readonly shadow?: Partial<ShadowProductionVariantProps>;
  readonly props?: (stack: Stack) => Partial<EndpointConfigProps>;
  readonly stack?: Stack;
} = {}): { stack: Stack; config: EndpointConfig } {
  const stack = options.stack ?? shadowStack();
  const prodModel = modelOf(stack, 'ProdModel');
  const shadowModel = modelOf(stack, 'ShadowModel', SHADOW_IMAGE);
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [production(prodModel, options.production)],
    shadowProductionVariant: shadow(shadowModel, options.shadow),
    ...options.props?.(stack),
  });
  return { stack, config };
}
