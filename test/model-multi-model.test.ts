// Multi-model containers (issue 16): ContainerMode, the model cache setting, the S3 prefix of the models, the
// exclusions checkable on the model, the role's read access to the prefix, and the per-variant MME metrics.
import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ContainerImage, ContainerMode, Endpoint, EndpointConfig, InstanceType, Model, ModelData, ModelPackage,
} from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const IMAGE = ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/mme:1`);

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function bucket(stack: Stack): s3.IBucket {
  return s3.Bucket.fromBucketName(stack, 'Models', 'tenant-models');
}

function container(stack: Stack): any {
  const models = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model')) as any[];
  return models[0].Properties.PrimaryContainer;
}

function statements(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('a multi-model container', () => {
  test('renders Mode MultiModel and the prefix as ModelDataUrl (not ModelDataSource)', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new Model(stack, 'Model', {
      containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }],
    });
    // THEN
    expect(container(stack)).toEqual({
      Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/mme:1`,
      Mode: 'MultiModel',
      ModelDataUrl: 's3://tenant-models/models/',
    });
  });

  test('accepts a prefix given to ModelData.fromBucket', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucket(bucket(stack), 'models/') }] });
    expect(container(stack).ModelDataUrl).toBe('s3://tenant-models/models/');
  });

  test('accepts a token prefix given to ModelData.fromBucketPrefix', () => {
    const stack = newStack();
    new Model(stack, 'Model', {
      containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), Token.asString({ Ref: 'Prefix' })) }],
    });
    expect(container(stack).Mode).toBe('MultiModel');
  });

  test.each([[true, 'Enabled'], [false, 'Disabled']])('multiModelCache %p renders ModelCacheSetting %s', (cache, setting) => {
    const stack = newStack();
    new Model(stack, 'Model', {
      containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, multiModelCache: cache, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }],
    });
    expect(container(stack).MultiModelConfig).toEqual({ ModelCacheSetting: setting });
  });

  test('by default renders no MultiModelConfig (SageMaker caches models)', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }] });
    expect(container(stack).MultiModelConfig).toBeUndefined();
  });

  test('the role reads the whole prefix and lists only under it', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }] });
    const s3Statements = statements(stack).filter(s => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3Statements).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::tenant-models/models/*']] } },
      {
        Action: 's3:ListBucket',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::tenant-models']] },
        Condition: { StringLike: { 's3:prefix': ['models/*'] } },
      },
    ]);
  });

  test('records the hosting fact multiModel', () => {
    const stack = newStack();
    const model = new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }] });
    expect(model._hosting).toEqual({ containerCount: 1, multiModel: true, vpc: false, networkIsolation: false });
  });

  test('a change of mode gives a new model name', () => {
    const name = (mode?: ContainerMode) => {
      const stack = newStack();
      return new Model(stack, 'Model', { containers: [{ image: IMAGE, mode, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }] }).modelName;
    };
    expect(name(ContainerMode.MULTI_MODEL)).not.toBe(name(undefined));
  });

  test('a change of the cache setting gives a new model name', () => {
    const name = (cache: boolean) => {
      const stack = newStack();
      return new Model(stack, 'Model', {
        containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, multiModelCache: cache, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }],
      }).modelName;
    };
    expect(name(true)).not.toBe(name(false));
  });
});

describe('a single-model container (default)', () => {
  test('renders no Mode', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: IMAGE }] });
    expect(container(stack).Mode).toBeUndefined();
  });

  test('renders Mode SingleModel when given explicitly', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.SINGLE_MODEL }] });
    expect(container(stack).Mode).toBe('SingleModel');
  });

  test('still renders a prefix as uncompressed ModelDataSource', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: IMAGE, modelData: ModelData.fromBucketPrefix(bucket(stack), 'weights/') }] });
    expect(container(stack).ModelDataSource).toEqual({ S3DataSource: { S3Uri: 's3://tenant-models/weights/', S3DataType: 'S3Prefix', CompressionType: 'None' } });
  });
});

describe('multi-model rules', () => {
  test('multi-model requires model data', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL }] }))
      .toThrow('Stack/Model: containers[0].modelData must be an S3 prefix ending in / with mode MULTI_MODEL (a multi-model container loads its .tar.gz models from that prefix; use ModelData.fromBucketPrefix), got none');
  });

  test('multi-model rejects a single archive', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucket(bucket(stack), 'models/a.tar.gz') }] }))
      .toThrow('Stack/Model: containers[0].modelData must be an S3 prefix ending in / with mode MULTI_MODEL (a multi-model container loads .tar.gz models from ModelDataUrl; ModelDataSource and uncompressed model data are not supported for multi-model endpoints), got "s3://tenant-models/models/a.tar.gz"');
  });

  test('multi-model rejects uncompressed model data (ModelDataSource)', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucket(bucket(stack), 'weights/model.safetensors') }] }))
      .toThrow('ModelDataSource and uncompressed model data are not supported for multi-model endpoints), got "s3://tenant-models/weights/model.safetensors"');
  });

  test('fromBucketPrefix rejects a key without trailing /', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models') }] }))
      .toThrow('Stack/Model: model data prefix must end in / (ModelData.fromBucketPrefix names a key prefix, not an object), got "models"');
  });

  test('multiModelCache requires multi-model mode', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, multiModelCache: false }] }))
      .toThrow('Stack/Model: containers[0].multiModelCache must be used with mode MULTI_MODEL (MultiModelConfig applies to multi-model containers only), got multiModelCache false with mode SINGLE_MODEL (default)');
  });

  test('multiModelCache with explicit single-model mode is rejected too', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.SINGLE_MODEL, multiModelCache: true }] }))
      .toThrow('got multiModelCache true with mode SINGLE_MODEL');
  });

  test('multi-model with a model package is rejected', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', {
      containers: [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud', 1), mode: ContainerMode.MULTI_MODEL }],
    })).toThrow('Stack/Model: containers[0].mode MULTI_MODEL must not be used with modelPackage (a multi-model container loads its models from an S3 prefix in modelData), got a model package');
  });

  test('multi-model in a model with several containers is rejected', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', {
      containers: [
        { image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') },
        { image: IMAGE },
      ],
    })).toThrow('Stack/Model: containers[0].mode MULTI_MODEL must be used in a model with exactly 1 container (a multi-model endpoint is one container serving many models), got 2 containers');
  });
});

describe('multi-model metrics of a variant', () => {
  function variant() {
    const stack = newStack();
    const model = new Model(stack, 'Model', { containers: [{ image: IMAGE, mode: ContainerMode.MULTI_MODEL, modelData: ModelData.fromBucketPrefix(bucket(stack), 'models/') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'tenants' });
    return { stack, variant: endpoint.variant('AllTraffic') };
  }

  test.each([
    ['metricModelLoadingWaitTime', 'ModelLoadingWaitTime', 'Average'],
    ['metricModelUnloadingTime', 'ModelUnloadingTime', 'Average'],
    ['metricModelDownloadingTime', 'ModelDownloadingTime', 'Average'],
    ['metricModelLoadingTime', 'ModelLoadingTime', 'Average'],
    ['metricModelCacheHit', 'ModelCacheHit', 'Average'],
    ['metricLoadedModelCount', 'LoadedModelCount', 'Average'],
  ] as const)('%s is %s in AWS/SageMaker by EndpointName and VariantName, statistic %s', (method, metricName, statistic) => {
    const { stack, variant: v } = variant();
    const metric = v[method]();
    expect(metric.namespace).toBe('AWS/SageMaker');
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe(statistic);
    expect(stack.resolve(metric.dimensions)).toEqual({ EndpointName: 'tenants', VariantName: 'AllTraffic' });
  });

  test('the statistic can be overridden (LoadedModelCount Sum is the models loaded across instances)', () => {
    const { variant: v } = variant();
    expect(v.metricLoadedModelCount({ statistic: 'Sum' }).statistic).toBe('Sum');
  });
});
