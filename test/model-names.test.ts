import { App, Aws, CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ContainerImage, EndpointConfig, Model, ModelData } from '../src';
import { stableIdentity } from '../src/private/hash-identity';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-model:v1';

describe('stableIdentity (what may feed a content-hash name)', () => {
  test('literals are stable', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(stableIdentity(stack, { a: 'x', b: [1, true, null] })).toEqual({ a: 'x', b: [1, true, null] });
  });

  test('pseudo parameters are stable', () => {
    const stack = new Stack(new App(), 'Stack');
    const value = `${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/repo:v1`;
    expect(stableIdentity(stack, value)).toBeDefined();
    expect(stableIdentity(stack, Fn.sub('cdk-${AWS::AccountId}-${AWS::Region}'))).toBeDefined();
  });

  test('references to resources in the same stack are stable (identified by logical ID)', () => {
    const stack = new Stack(new App(), 'Stack');
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(stableIdentity(stack, { name: bucket.bucketName, arn: bucket.bucketArn })).toEqual({
      name: { Ref: 'Bucket83908E77' },
      arn: { 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] },
    });
    expect(stableIdentity(stack, Fn.sub('${Bucket83908E77}/x'))).toBeDefined();
    expect(stableIdentity(stack, Fn.sub('${B}/x', { B: bucket.bucketName }))).toBeDefined();
  });

  test('attributes that change in place are not stable, identifier attributes are (review finding)', () => {
    // an SSM parameter's Value changes with an ordinary update: a model name that did not follow it would stay the
    // same while the model is replaced, and the update would fail on the fixed name
    const stack = new Stack(new App(), 'Stack');
    const parameter = new ssm.StringParameter(stack, 'Threshold', { stringValue: '0.5' });
    expect(stableIdentity(stack, { threshold: parameter.stringValue })).toBeUndefined();
    expect(stableIdentity(stack, { name: parameter.parameterName, arn: parameter.parameterArn })).toBeDefined();
    const repository = new ecr.Repository(stack, 'Repository');
    expect(stableIdentity(stack, { uri: repository.repositoryUri, arn: repository.repositoryArn })).toBeDefined();
    const repositoryId = stack.getLogicalId(repository.node.defaultChild as ecr.CfnRepository);
    expect(stableIdentity(stack, Fn.sub(`\${${repositoryId}.Arn}/x`))).toBeDefined();
    expect(stableIdentity(stack, Fn.sub(`\${${stack.getLogicalId(parameter.node.defaultChild as ssm.CfnParameter)}.Value}/x`))).toBeUndefined();
  });

  test('a model whose environment holds an SSM parameter value gets a CloudFormation-generated name', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const parameter = new ssm.StringParameter(stack, 'Threshold', { stringValue: '0.5' });
    const model = new Model(stack, 'Model', {
      containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1'), environment: { THRESHOLD: parameter.stringValue } }],
    });
    expect(model.hasContentHashName).toBe(false);
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { ModelName: Match.absent() });
  });

  test('template parameters are not stable', () => {
    const stack = new Stack(new App(), 'Stack');
    const param = new CfnParameter(stack, 'P');
    expect(stableIdentity(stack, param.valueAsString)).toBeUndefined();
    expect(stableIdentity(stack, Fn.sub('${P}/x'))).toBeUndefined();
    expect(stableIdentity(stack, Fn.sub('${X}/x', { X: param.valueAsString }))).toBeUndefined();
  });

  test('imports and references to other stacks are not stable', () => {
    const app = new App();
    const producer = new Stack(app, 'Producer');
    const consumer = new Stack(app, 'Consumer');
    const bucket = new s3.Bucket(producer, 'Bucket');
    expect(stableIdentity(consumer, Fn.importValue('SomeExport'))).toBeUndefined();
    expect(stableIdentity(consumer, bucket.bucketName)).toBeUndefined();
    expect(stableIdentity(consumer, { 'Fn::GetAtt': ['Nope', 'Arn'] })).toBeUndefined();
  });
});

describe('content-hash names across references', () => {
  test('a model whose data lives in a bucket of another stack gets a CloudFormation-generated name', () => {
    // GIVEN
    const app = new App();
    const storage = new Stack(app, 'Storage');
    const serving = new Stack(app, 'Serving');
    const bucket = new s3.Bucket(storage, 'Bucket');
    // WHEN
    const model = new Model(serving, 'Model', {
      containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, 'model.tar.gz') }],
    });
    // THEN
    expect(Token.isUnresolved(model.modelName)).toBe(true);
    expect(model.hasContentHashName).toBe(false);
  });

  test('a model whose role comes from a parameter gets a CloudFormation-generated name', () => {
    const stack = new Stack(new App(), 'Stack');
    const role = iam.Role.fromRoleArn(stack, 'Role', new CfnParameter(stack, 'RoleArn').valueAsString);
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], role });
    expect(Token.isUnresolved(model.modelName)).toBe(true);
  });

  test('a config in another stack than its model keeps a content-hash name and depends on the model stack', () => {
    // GIVEN
    const app = new App();
    const models = new Stack(app, 'Models');
    const configs = new Stack(app, 'Configs');
    const model = new Model(models, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
    // WHEN
    const config = new EndpointConfig(configs, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
    // THEN
    expect(config.endpointConfigName).toMatch(/^configs-config-[a-f0-9]{16}$/);
    Template.fromStack(configs).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{ ModelName: model.modelName, VariantName: 'main', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: 1 }],
    });
    app.synth();
    expect(configs.dependencies).toContain(models);
  });

  test('two configs with identical content in different construct paths get different names', () => {
    const stack = new Stack(new App(), 'Stack');
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
    const a = new EndpointConfig(stack, 'A', { instanceProductionVariants: [{ variantName: 'main', model }] });
    const b = new EndpointConfig(stack, 'B', { instanceProductionVariants: [{ variantName: 'main', model }] });
    expect(a.endpointConfigName).not.toEqual(b.endpointConfigName);
    expect(a.endpointConfigName.slice(-16)).toEqual(b.endpointConfigName.slice(-16));
  });

  test('token variant names and sizes are not validated', () => {
    const stack = new Stack(new App(), 'Stack');
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
    const name = new CfnParameter(stack, 'VariantName').valueAsString;
    expect(() => new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: name, model }] })).not.toThrow();
  });
});
