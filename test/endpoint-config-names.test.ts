import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { ContainerImage, EndpointConfig, InstanceType, Model, ModelData } from '../src';

/**
 * Every input of the replacement-safety app. Each row of the table changes exactly one of them.
 * EndpointConfig and Model are immutable in CloudFormation (failure-modes rows 1 and 2): any change must
 * yield a new name, and no change must yield a byte-identical template.
 */
interface Inputs {
  readonly imageTag: string;
  readonly modelDataKey: string;
  readonly environment: { [key: string]: string };
  readonly networkIsolation: boolean;
  readonly instanceType: InstanceType;
  readonly instanceCount: number;
  readonly weight: number;
  readonly volumeSize?: Size;
  readonly downloadTimeout?: Duration;
  readonly startupTimeout?: Duration;
  readonly samplingPercentage?: number;
  readonly capturePrefix: string;
  readonly kmsKey?: 'a' | 'b';
  readonly extraVariant: boolean;
  readonly variantName: string;
  readonly tags: { [key: string]: string };
  readonly serverless?: { memory: Size; maxConcurrency: number; provisioned?: number };
  readonly asyncOutputPrefix?: string;
}

const BASE: Inputs = {
  imageTag: 'v1',
  modelDataKey: 'models/v1/model.tar.gz',
  environment: { LOG_LEVEL: 'info' },
  networkIsolation: false,
  instanceType: InstanceType.ML_M5_LARGE,
  instanceCount: 2,
  weight: 1,
  samplingPercentage: 50,
  capturePrefix: 'capture/',
  extraVariant: false,
  variantName: 'main',
  tags: { team: 'ml' },
};

const SERVERLESS_BASE: Inputs = { ...BASE, samplingPercentage: undefined, serverless: { memory: Size.gibibytes(2), maxConcurrency: 10 } };

function build(inputs: Inputs) {
  const app = new App();
  const stack = new Stack(app, 'Prod', { env: { account: '123456789012', region: 'eu-west-1' } });
  const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
  const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts', 'my-artifacts');
  const captureBucket = new s3.Bucket(stack, 'Capture');
  const keys = { a: new kms.Key(stack, 'KeyA'), b: new kms.Key(stack, 'KeyB') };
  const model = new Model(stack, 'Model', {
    containers: [{
      image: ContainerImage.fromEcrRepository(repository, inputs.imageTag),
      modelData: ModelData.fromBucket(bucket, inputs.modelDataKey),
      environment: inputs.environment,
    }],
    networkIsolation: inputs.networkIsolation,
  });
  const config = new EndpointConfig(stack, 'Config', {
    encryptionKey: inputs.kmsKey ? keys[inputs.kmsKey] : undefined,
    dataCapture: inputs.samplingPercentage !== undefined
      ? { destinationBucket: captureBucket, destinationPrefix: inputs.capturePrefix, initialSamplingPercentage: inputs.samplingPercentage }
      : undefined,
    asyncInference: inputs.asyncOutputPrefix !== undefined
      ? { outputBucket: captureBucket, outputPrefix: inputs.asyncOutputPrefix }
      : undefined,
    serverlessProductionVariant: inputs.serverless && {
      variantName: inputs.variantName,
      model,
      memorySize: inputs.serverless.memory,
      maxConcurrency: inputs.serverless.maxConcurrency,
      provisionedConcurrency: inputs.serverless.provisioned,
    },
    tags: inputs.tags,
  });
  if (!inputs.serverless) {
    config.addInstanceProductionVariant({
      variantName: inputs.variantName,
      model,
      instanceType: inputs.instanceType,
      initialInstanceCount: inputs.instanceCount,
      initialVariantWeight: inputs.weight,
      volumeSize: inputs.volumeSize,
      modelDataDownloadTimeout: inputs.downloadTimeout,
      containerStartupHealthCheckTimeout: inputs.startupTimeout,
    });
    if (inputs.extraVariant) {
      config.addInstanceProductionVariant({ variantName: 'shadowless-b', model, instanceType: InstanceType.ML_C5_XLARGE });
    }
  }
  const template = app.synth().getStackByName('Prod').template;
  return { modelName: model.modelName, configName: config.endpointConfigName, template };
}

describe('replacement safety of content-hash names', () => {
  const base = build(BASE);
  const serverlessBase = build(SERVERLESS_BASE);

  test.each<[string, Partial<Inputs>]>([
    ['image tag', { imageTag: 'v2' }],
    ['model data key', { modelDataKey: 'models/v2/model.tar.gz' }],
    ['environment variable value', { environment: { LOG_LEVEL: 'debug' } }],
    ['environment variable added', { environment: { LOG_LEVEL: 'info', WORKERS: '4' } }],
    ['network isolation', { networkIsolation: true }],
    ['instance type', { instanceType: InstanceType.ML_C5_XLARGE }],
    ['instance count', { instanceCount: 3 }],
    ['variant weight', { weight: 0.5 }],
    ['variant volume size', { volumeSize: Size.gibibytes(50) }],
    ['model data download timeout', { downloadTimeout: Duration.minutes(15) }],
    ['container startup health check timeout', { startupTimeout: Duration.minutes(5) }],
    ['data capture sampling percentage', { samplingPercentage: 10 }],
    ['data capture prefix', { capturePrefix: 'other/' }],
    ['data capture removed', { samplingPercentage: undefined }],
    ['KMS key added', { kmsKey: 'a' }],
    ['async inference added', { asyncOutputPrefix: 'results/' }],
    ['a variant added', { extraVariant: true }],
    ['variant name', { variantName: 'main-v2' }],
  ])('changing the %s yields a new endpoint config name', (_what, change) => {
    // WHEN
    const changed = build({ ...BASE, ...change });
    // THEN
    expect(changed.configName).not.toEqual(base.configName);
    expect(changed.configName).toMatch(/^prod-config-[a-f0-9]{16}$/);
  });

  test.each<[string, Partial<Inputs>]>([
    ['image tag', { imageTag: 'v2' }],
    ['model data key', { modelDataKey: 'models/v2/model.tar.gz' }],
    ['environment variable value', { environment: { LOG_LEVEL: 'debug' } }],
    ['network isolation', { networkIsolation: true }],
  ])('changing the %s yields a new model name too', (_what, change) => {
    expect(build({ ...BASE, ...change }).modelName).not.toEqual(base.modelName);
  });

  test.each<[string, Partial<Inputs>]>([
    ['instance type', { instanceType: InstanceType.ML_C5_XLARGE }],
    ['data capture sampling percentage', { samplingPercentage: 10 }],
    ['KMS key added', { kmsKey: 'a' }],
  ])('changing the %s keeps the model name (the model did not change)', (_what, change) => {
    expect(build({ ...BASE, ...change }).modelName).toEqual(base.modelName);
  });

  test('switching to another KMS key yields a new endpoint config name', () => {
    expect(build({ ...BASE, kmsKey: 'a' }).configName).not.toEqual(build({ ...BASE, kmsKey: 'b' }).configName);
  });

  test.each<[string, Partial<Inputs>]>([
    ['serverless memory size', { serverless: { memory: Size.gibibytes(4), maxConcurrency: 10 } }],
    ['serverless max concurrency', { serverless: { memory: Size.gibibytes(2), maxConcurrency: 20 } }],
    ['serverless provisioned concurrency', { serverless: { memory: Size.gibibytes(2), maxConcurrency: 10, provisioned: 2 } }],
  ])('changing the %s yields a new endpoint config name', (_what, change) => {
    expect(build({ ...SERVERLESS_BASE, ...change }).configName).not.toEqual(serverlessBase.configName);
  });

  test('changing only the tags keeps the name (tags update in place)', () => {
    const retagged = build({ ...BASE, tags: { team: 'platform' } });
    expect(retagged.configName).toEqual(base.configName);
    expect(retagged.modelName).toEqual(base.modelName);
  });

  test('an unchanged app synthesizes a byte-identical template twice', () => {
    // WHEN
    const first = JSON.stringify(build(BASE).template);
    const second = JSON.stringify(build(BASE).template);
    // THEN
    expect(second).toEqual(first);
    expect(first).toContain(base.configName);
  });

  test('property order in the environment does not matter', () => {
    const a = build({ ...BASE, environment: { A: '1', B: '2' } });
    const b = build({ ...BASE, environment: { B: '2', A: '1' } });
    expect(a.modelName).toEqual(b.modelName);
    expect(a.configName).toEqual(b.configName);
  });

  test('asset changes change the names: a different model data file gives a different model', () => {
    const names = (file: string) => {
      const stack = new Stack(new App(), 'Prod');
      const model = new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.eu-west-1.amazonaws.com/m:v1'), modelData: ModelData.fromAsset(file) }],
      });
      return model.modelName;
    };
    const tarball = path.join(__dirname, 'fixtures', 'model-data', 'model.tar.gz');
    const dockerfile = path.join(__dirname, 'fixtures', 'model-image', 'Dockerfile');
    expect(names(tarball)).toEqual(names(tarball));
    expect(names(tarball)).not.toEqual(names(dockerfile));
  });
});

describe('generated names are always valid SageMaker names', () => {
  test('for any stack name, construct id and content', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,127}$/),
      fc.string({ minLength: 1, maxLength: 200 }).filter(s => !s.includes('/')),
      fc.string({ maxLength: 50 }),
      (stackName, id, envValue) => {
        const stack = new Stack(new App(), 'S', { stackName });
        const model = new Model(stack, `M${id}`, {
          containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:v1'), environment: { V: envValue } }],
        });
        const config = new EndpointConfig(stack, `C${id}`, { instanceProductionVariants: [{ variantName: 'main', model }] });
        for (const name of [model.modelName, config.endpointConfigName]) {
          expect(name.length).toBeLessThanOrEqual(63);
          expect(name).toMatch(/^[a-z0-9](-*[a-z0-9]){0,62}$/);
          expect(name).toMatch(/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/);
        }
      },
    ), { numRuns: 150 });
  });
});
