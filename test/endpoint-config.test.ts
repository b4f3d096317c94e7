import { App, CfnParameter, Duration, Size, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AsyncNotificationTopicType, ContainerImage, EndpointConfig, InstanceType, Model, VariantKind,
} from '../src';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-model:v1';

function setup(stackId = 'Stack') {
  const stack = new Stack(new App(), stackId);
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
  return { stack, model };
}

describe('EndpointConfig', () => {
  describe('instance production variants', () => {
    test('defaults: ml.m5.large, one instance, weight 1, nothing else', () => {
      // GIVEN
      const { stack, model } = setup();
      // WHEN
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{
          VariantName: 'main',
          ModelName: model.modelName,
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
          InitialVariantWeight: 1,
          VolumeSizeInGB: Match.absent(),
          ModelDataDownloadTimeoutInSeconds: Match.absent(),
          ContainerStartupHealthCheckTimeoutInSeconds: Match.absent(),
          ServerlessConfig: Match.absent(),
        }],
        KmsKeyId: Match.absent(),
        DataCaptureConfig: Match.absent(),
        AsyncInferenceConfig: Match.absent(),
        Tags: Match.absent(),
      });
    });

    test('every instance variant property is rendered', () => {
      const { stack, model } = setup();
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{
          variantName: 'main',
          model,
          instanceType: InstanceType.ML_G5_2XLARGE,
          initialInstanceCount: 3,
          initialVariantWeight: 0.5,
          volumeSize: Size.gibibytes(100),
          modelDataDownloadTimeout: Duration.minutes(20),
          containerStartupHealthCheckTimeout: Duration.minutes(10),
        }],
      });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{
          VariantName: 'main',
          InstanceType: 'ml.g5.2xlarge',
          InitialInstanceCount: 3,
          InitialVariantWeight: 0.5,
          VolumeSizeInGB: 100,
          ModelDataDownloadTimeoutInSeconds: 1200,
          ContainerStartupHealthCheckTimeoutInSeconds: 600,
        }],
      });
    });

    test('addInstanceProductionVariant() after construction adds a variant', () => {
      // GIVEN
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config');
      // WHEN
      config.addInstanceProductionVariant({ variantName: 'a', model });
      config.addInstanceProductionVariant({ variantName: 'b', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 2 });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [
          Match.objectLike({ VariantName: 'a' }),
          Match.objectLike({ VariantName: 'b', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 2 }),
        ],
      });
      expect(config.productionVariants.map(v => v.variantName)).toEqual(['a', 'b']);
    });

    test('productionVariants describes every variant for other constructs', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model, instanceType: InstanceType.ML_INF1_XLARGE, initialInstanceCount: 4, initialVariantWeight: 2 }],
      });
      expect(config.productionVariants).toEqual([{
        variantName: 'main',
        kind: VariantKind.INSTANCE,
        model,
        instanceType: InstanceType.ML_INF1_XLARGE,
        initialInstanceCount: 4,
        initialVariantWeight: 2,
      }]);
      expect(config.productionVariants[0].instanceType!.isInf1()).toBe(true);
    });

    test('the config depends on its models (the model name is a literal, not a reference)', () => {
      const { stack, model } = setup();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      const configs = Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig');
      expect(Object.values(configs)[0].DependsOn).toEqual([
        stack.resolve((model.node.defaultChild as any).logicalId),
      ]);
    });

    test('an imported model can be served', () => {
      const stack = new Stack(new App(), 'Stack');
      const model = Model.fromModelName(stack, 'Imported', 'existing-model');
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ ModelName: 'existing-model' })],
      });
    });

    test.each([
      ['initialInstanceCount', { initialInstanceCount: 0 }, /variant "main" initialInstanceCount must be a whole number >= 1, got 0/],
      ['initialInstanceCount', { initialInstanceCount: 1.5 }, /variant "main" initialInstanceCount must be a whole number >= 1, got 1.5/],
      ['initialVariantWeight', { initialVariantWeight: -1 }, /variant "main" initialVariantWeight must be a number >= 0, got -1/],
      ['volumeSize', { volumeSize: Size.gibibytes(513) }, /variant "main" volumeSize must be 1-512 GiB, got 513/],
      ['volumeSize', { volumeSize: Size.mebibytes(512) }, /variant "main" volumeSize must be a whole number in 1-512 GiB, got 0.5/],
      ['modelDataDownloadTimeout', { modelDataDownloadTimeout: Duration.seconds(59) }, /variant "main" modelDataDownloadTimeout must be 60-3600 seconds, got 59/],
      ['modelDataDownloadTimeout', { modelDataDownloadTimeout: Duration.hours(2) }, /variant "main" modelDataDownloadTimeout must be 60-3600 seconds, got 7200/],
      ['containerStartupHealthCheckTimeout', { containerStartupHealthCheckTimeout: Duration.seconds(30) }, /variant "main" containerStartupHealthCheckTimeout must be 60-3600 seconds, got 30/],
      ['instanceType', { instanceType: InstanceType.of('m5.large') }, /variant "main" instanceType must be a SageMaker instance type such as ml\.m5\.large, got "m5\.large"/],
    ])('an invalid %s is rejected with the value and the allowed range', (_prop, change, message) => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model, ...change }] }))
        .toThrow(message);
    });

    test('the error names the construct path', () => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model, initialInstanceCount: 0 }] }))
        .toThrow(/^Stack\/Config: /);
    });

    test('boundary values are accepted', () => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{
          variantName: 'main',
          model,
          initialVariantWeight: 0,
          volumeSize: Size.gibibytes(512),
          modelDataDownloadTimeout: Duration.seconds(60),
          containerStartupHealthCheckTimeout: Duration.hours(1),
        }],
      })).not.toThrow();
    });

    test('token counts, weights and timeouts are not validated', () => {
      const { stack, model } = setup();
      const n = new CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;
      expect(() => new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{
          variantName: 'main',
          model,
          initialInstanceCount: n,
          initialVariantWeight: n,
          modelDataDownloadTimeout: Duration.seconds(n),
        }],
      })).not.toThrow();
    });

    test('an unknown instance type is accepted with a warning', () => {
      const { stack, model } = setup();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model, instanceType: InstanceType.of('ml.z9.mega') }] });
      Annotations.fromStack(stack).hasWarning('/Stack/Config', Match.stringLikeRegexp('instanceType "ml.z9.mega" is not in the SageMaker API model.*cdk-sagemaker-endpoint:unknownInstanceType'));
    });

    test('an invalid variant name is rejected', () => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'my_variant', model }] }))
        .toThrow(/Stack\/Config: variantName must match .*, got "my_variant"/);
    });

    test('duplicate variant names are rejected', () => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }, { variantName: 'main', model }],
      })).toThrow(/variantName must be unique within the endpoint config, got "main" twice/);
    });

    test('eleven variants are rejected, ten are accepted', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config');
      for (let i = 0; i < 10; i++) {
        config.addInstanceProductionVariant({ variantName: `v${i}`, model });
      }
      expect(() => config.addInstanceProductionVariant({ variantName: 'v10', model }))
        .toThrow(/productionVariants must have 1-10 variants, got 11 \(adding "v10"\)/);
    });

    test('a config without variants fails synthesis', () => {
      const { stack } = setup();
      new EndpointConfig(stack, 'Config');
      expect(() => Template.fromStack(stack)).toThrow(/productionVariants must have 1-10 variants, got 0/);
    });

    test('variants cannot be added once the name is used', () => {
      // GIVEN
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'a', model }] });
      // WHEN
      void config.endpointConfigName;
      // THEN
      expect(() => config.addInstanceProductionVariant({ variantName: 'b', model }))
        .toThrow(/variant "b" must be added before the endpoint config name is used/);
    });
  });

  describe('serverless production variant', () => {
    test('is rendered with memory in MiB and concurrency', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'main', model, memorySize: Size.gibibytes(2), maxConcurrency: 10, provisionedConcurrency: 2 },
      });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{
          VariantName: 'main',
          ModelName: model.modelName,
          ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 10, ProvisionedConcurrency: 2 },
          InstanceType: Match.absent(),
          InitialInstanceCount: Match.absent(),
        }],
      });
      expect(config.productionVariants).toEqual([{ variantName: 'main', kind: VariantKind.SERVERLESS, model }]);
    });

    test.each([
      [{ memorySize: Size.mebibytes(1500) }, /serverlessProductionVariant "main" memorySize must be one of 1024, 2048, 3072, 4096, 5120, 6144 MiB, got 1500 MiB/],
      [{ memorySize: Size.gibibytes(8) }, /memorySize must be one of 1024, 2048, 3072, 4096, 5120, 6144 MiB, got 8192 MiB/],
      [{ maxConcurrency: 0 }, /serverlessProductionVariant "main" maxConcurrency must be 1-200, got 0/],
      [{ maxConcurrency: 201 }, /maxConcurrency must be 1-200, got 201/],
      [{ provisionedConcurrency: 0 }, /provisionedConcurrency must be 1-200, got 0/],
      [{ maxConcurrency: 5, provisionedConcurrency: 6 }, /provisionedConcurrency must be at most maxConcurrency \(5\), got 6/],
    ])('invalid serverless settings %o are rejected', (change, message) => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'main', model, memorySize: Size.gibibytes(1), maxConcurrency: 10, ...change },
      })).toThrow(message);
    });

    test('is not combined with instance variants in the props', () => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'a', model }],
        serverlessProductionVariant: { variantName: 'b', model, memorySize: Size.gibibytes(1), maxConcurrency: 1 },
      })).toThrow(/serverlessProductionVariant must not be combined with instanceProductionVariants, got 1 serverless and 1 instance variants/);
    });

    test('is not combined with instance variants added later', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'b', model, memorySize: Size.gibibytes(1), maxConcurrency: 1 },
      });
      expect(() => config.addInstanceProductionVariant({ variantName: 'a', model }))
        .toThrow(/a serverless variant must be the only variant of an endpoint config, got "a" \(instance\) with "b" \(serverless\)/);
    });

    test('is not combined with asynchronous inference', () => {
      const { stack, model } = setup();
      const bucket = new s3.Bucket(stack, 'Out');
      expect(() => new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'b', model, memorySize: Size.gibibytes(1), maxConcurrency: 1 },
        asyncInference: { outputBucket: bucket },
      })).toThrow(/asyncInference must not be used with a serverless variant/);
    });
  });

  describe('encryption key', () => {
    test('is rendered as the key ARN', () => {
      const { stack, model } = setup();
      const key = new kms.Key(stack, 'Key');
      const config = new EndpointConfig(stack, 'Config', { encryptionKey: key, instanceProductionVariants: [{ variantName: 'main', model }] });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } });
      expect(config.encryptionKey).toBe(key);
    });

    test.each([
      InstanceType.ML_G5_XLARGE, InstanceType.ML_M5D_LARGE, InstanceType.ML_P4D_24XLARGE, InstanceType.ML_G4DN_XLARGE,
    ])('is rejected with the local-NVMe instance type %s', (instanceType) => {
      const { stack, model } = setup();
      const key = new kms.Key(stack, 'Key');
      expect(() => new EndpointConfig(stack, 'Config', { encryptionKey: key, instanceProductionVariants: [{ variantName: 'main', model, instanceType }] }))
        .toThrow(new RegExp(`encryptionKey must not be used with instance types that have local NVMe storage, got "${instanceType.toString().replace(/\./g, '\\.')}" in variant "main"`));
    });

    test('is rejected when a local-NVMe variant is added later', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', { encryptionKey: new kms.Key(stack, 'Key') });
      expect(() => config.addInstanceProductionVariant({ variantName: 'gpu', model, instanceType: InstanceType.ML_G6_XLARGE }))
        .toThrow(/encryptionKey must not be used with instance types that have local NVMe storage/);
    });
  });

  describe('data capture', () => {
    test('defaults: enabled, 100 percent, input and output', () => {
      // GIVEN
      const { stack, model } = setup();
      const bucket = new s3.Bucket(stack, 'Capture');
      // WHEN
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        dataCapture: { destinationBucket: bucket },
      });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 100,
          DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: 'Capture4F9379E3' }, '/']] },
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
          CaptureContentTypeHeader: Match.absent(),
          KmsKeyId: Match.absent(),
        },
      });
      // the model role writes the captured data
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 's3:PutObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Capture4F9379E3', 'Arn'] }, '/*']] },
          }]),
        },
      });
    });

    test('every data capture property is rendered', () => {
      const { stack, model } = setup();
      const bucket = new s3.Bucket(stack, 'Capture');
      const key = new kms.Key(stack, 'Key');
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        dataCapture: {
          destinationBucket: bucket,
          destinationPrefix: 'capture/',
          enableCapture: false,
          initialSamplingPercentage: 25,
          captureInput: false,
          csvContentTypes: ['text/csv'],
          jsonContentTypes: ['application/json', 'application/jsonlines'],
          encryptionKey: key,
        },
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        DataCaptureConfig: {
          EnableCapture: false,
          InitialSamplingPercentage: 25,
          DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: 'Capture4F9379E3' }, '/capture/']] },
          CaptureOptions: [{ CaptureMode: 'Output' }],
          CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json', 'application/jsonlines'] },
          KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Capture4F9379E3', 'Arn'] }, '/capture/*']] } }),
            Match.objectLike({ Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } }),
          ]),
        },
      });
    });

    test.each([
      [{ initialSamplingPercentage: 101 }, /dataCapture initialSamplingPercentage must be 0-100 percent, got 101/],
      [{ initialSamplingPercentage: -1 }, /dataCapture initialSamplingPercentage must be 0-100 percent, got -1/],
      [{ captureInput: false, captureOutput: false }, /dataCapture must capture input, output or both, got captureInput: false and captureOutput: false/],
      [{ csvContentTypes: [] }, /dataCapture csvContentTypes must be 1-10 content types, got 0/],
      [{ jsonContentTypes: Array.from({ length: 11 }, () => 'application/json') }, /dataCapture jsonContentTypes must be 1-10 content types, got 11/],
      [{ csvContentTypes: ['csv'] }, /dataCapture csvContentTypes must be MIME types such as text\/csv \(at most 256 characters\), got "csv"/],
      [{ destinationPrefix: '/abs' }, /dataCapture destination prefix must not start with \/, got "\/abs"/],
      [{ destinationPrefix: 'p'.repeat(500) }, /dataCapture destination S3 URI must be at most 512 characters, got 5\d\d characters/],
    ])('invalid data capture %o is rejected', (change, message) => {
      const { stack, model } = setup();
      const bucket = s3.Bucket.fromBucketName(stack, 'Capture', 'capture-bucket');
      expect(() => new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        dataCapture: { destinationBucket: bucket, ...change },
      })).toThrow(message);
    });
  });

  describe('asynchronous inference', () => {
    test('renders the output config and grants the model role writes and publishes', () => {
      // GIVEN
      const { stack, model } = setup();
      const out = new s3.Bucket(stack, 'Out');
      const failures = new s3.Bucket(stack, 'Failures');
      const ok = new sns.Topic(stack, 'Ok');
      const err = new sns.Topic(stack, 'Err');
      // WHEN
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        asyncInference: {
          outputBucket: out,
          outputPrefix: 'results/',
          failureBucket: failures,
          failurePrefix: 'failed/',
          successTopic: ok,
          errorTopic: err,
          includeInferenceResponseIn: [AsyncNotificationTopicType.SUCCESS_NOTIFICATION_TOPIC],
          maxConcurrentInvocationsPerInstance: 4,
        },
      });
      // THEN
      expect(config._isAsync).toBe(true);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        AsyncInferenceConfig: {
          OutputConfig: {
            S3OutputPath: { 'Fn::Join': ['', ['s3://', { Ref: 'OutB8D7CCDD' }, '/results/']] },
            S3FailurePath: { 'Fn::Join': ['', ['s3://', { Ref: 'Failures8A3E1A2F' }, '/failed/']] },
            NotificationConfig: {
              SuccessTopic: { Ref: 'Ok6D3BF60F' },
              ErrorTopic: { Ref: 'ErrEA4ADF60' },
              IncludeInferenceResponseIn: ['SUCCESS_NOTIFICATION_TOPIC'],
            },
          },
          ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['OutB8D7CCDD', 'Arn'] }, '/results/*']] } }),
            Match.objectLike({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Failures8A3E1A2F', 'Arn'] }, '/failed/*']] } }),
            Match.objectLike({ Action: 'sns:Publish', Resource: { Ref: 'Ok6D3BF60F' } }),
            Match.objectLike({ Action: 'sns:Publish', Resource: { Ref: 'ErrEA4ADF60' } }),
          ]),
        },
      });
    });

    test('encrypts results with the given key, which the model role may use', () => {
      const { stack, model } = setup();
      const key = new kms.Key(stack, 'Key');
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket'), encryptionKey: key },
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        AsyncInferenceConfig: {
          OutputConfig: {
            S3OutputPath: 's3://out-bucket/',
            KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
            S3FailurePath: Match.absent(),
            NotificationConfig: Match.absent(),
          },
          ClientConfig: Match.absent(),
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } }),
          ]),
        },
      });
    });

    test('a real-time config is not async', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      expect(config._isAsync).toBe(false);
    });

    test.each([
      [{ maxConcurrentInvocationsPerInstance: 0 }, /asyncInference maxConcurrentInvocationsPerInstance must be 1-1000, got 0/],
      [{ maxConcurrentInvocationsPerInstance: 1001 }, /asyncInference maxConcurrentInvocationsPerInstance must be 1-1000, got 1001/],
      [{ failurePrefix: 'f/' }, /asyncInference failurePrefix must be used with failureBucket, got failurePrefix without failureBucket/],
      [{ outputPrefix: '/x' }, /asyncInference output prefix must not start with \/, got "\/x"/],
    ])('invalid async settings %o are rejected', (change, message) => {
      const { stack, model } = setup();
      const bucket = s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket');
      expect(() => new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        asyncInference: { outputBucket: bucket, ...change },
      })).toThrow(message);
    });
  });

  describe('tags', () => {
    test('are rendered', () => {
      const { stack, model } = setup();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }], tags: { team: 'ml' } });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { Tags: [{ Key: 'team', Value: 'ml' }] });
    });

    test('an empty tags object renders no Tags', () => {
      const { stack, model } = setup();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }], tags: {} });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { Tags: Match.absent() });
    });

    test.each([
      [{ 'aws:owner': 'x' }, /tags key must not start with the reserved prefix "aws:", got "aws:owner"/],
      [{ ['k'.repeat(129)]: 'x' }, /tags key must be 1-128 characters/],
      [{ key: 'v'.repeat(257) }, /tags value for key "key" must be 0-256 characters/],
      [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])), /tags must have at most 50 tags, got 51/],
    ])('invalid tags are rejected (%#)', (tags, message) => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }], tags })).toThrow(message);
    });
  });

  describe('names', () => {
    test('the default name is lower-case, content-hashed and exposes its prefix', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      expect(config.endpointConfigName).toMatch(/^stack-config-[a-f0-9]{16}$/);
      expect(config._namePrefix).toEqual('stack-config');
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { EndpointConfigName: config.endpointConfigName });
    });

    test('the ARN uses the lower-case literal name', () => {
      const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
      // the image must be in the model's Region (issue 13, finding 3)
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI.replace('us-east-1', 'eu-west-1')) }] });
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      expect(stack.resolve(config.endpointConfigArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:eu-west-1:123456789012:endpoint-config/${config.endpointConfigName}`]],
      });
    });

    test('a pinned name is used, validated and warned about', () => {
      const { stack, model } = setup();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }], endpointConfigName: 'My-Config' });
      expect(config.endpointConfigName).toEqual('My-Config');
      expect(config._namePrefix).toBeUndefined();
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { EndpointConfigName: 'My-Config' });
      Annotations.fromStack(stack).hasWarning('/Stack/Config', Match.stringLikeRegexp('endpointConfigName is pinned to "My-Config".*cdk-sagemaker-endpoint:pinnedName'));
      expect(stack.resolve(config.endpointConfigArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':endpoint-config/my-config']],
      });
    });

    test('an invalid pinned name is rejected', () => {
      const { stack, model } = setup();
      expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }], endpointConfigName: 'bad--' }))
        .toThrow(/Stack\/Config: endpointConfigName must match .*, got "bad--"/);
    });

    test('a model with a generated name makes the config name generated too', () => {
      // GIVEN
      const stack = new Stack(new App(), 'Stack');
      const uri = new CfnParameter(stack, 'Image').valueAsString;
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(uri) }] });
      // WHEN
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      // THEN
      expect(Token.isUnresolved(config.endpointConfigName)).toBe(true);
      expect(config._namePrefix).toBeUndefined();
      expect(stack.resolve(config.endpointConfigArn)).toEqual({ Ref: 'Config57D1D894' });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { EndpointConfigName: Match.absent() });
    });

    test('a KMS key from a parameter makes the config name generated', () => {
      const { stack, model } = setup();
      const keyArn = new CfnParameter(stack, 'KeyArn').valueAsString;
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn),
      });
      expect(Token.isUnresolved(config.endpointConfigName)).toBe(true);
    });

    test('fromEndpointConfigName gives a lower-case ARN', () => {
      const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
      const imported = EndpointConfig.fromEndpointConfigName(stack, 'Imported', 'My-Config');
      expect(imported.endpointConfigName).toEqual('My-Config');
      expect(stack.resolve(imported.endpointConfigArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:123456789012:endpoint-config/my-config']],
      });
    });

    test('fromEndpointConfigArn takes the name from the ARN', () => {
      const stack = new Stack(new App(), 'Stack');
      const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/my-config';
      const imported = EndpointConfig.fromEndpointConfigArn(stack, 'Imported', arn);
      expect(imported.endpointConfigName).toEqual('my-config');
      expect(imported.endpointConfigArn).toEqual(arn);
    });

    test('fromEndpointConfigName rejects an invalid name', () => {
      const stack = new Stack(new App(), 'Stack');
      expect(() => EndpointConfig.fromEndpointConfigName(stack, 'Imported', '-x')).toThrow(/Stack\/Imported: endpointConfigName must match/);
    });
  });
});
