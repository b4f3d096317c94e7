// Issue 13, findings 5-7 for models: options that were accepted and ignored now take effect or are rejected,
// container host-name rules SageMaker enforces, and model data that is not a .tar.gz archive.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, DockerImage, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage, InferenceExecutionMode, Model, ModelData } from '../src';

const IMAGE = ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1');

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('options that were ignored (finding 5)', () => {
  test('allowAllOutbound without a vpc is rejected', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE }], allowAllOutbound: false }))
      .toThrow('Stack/Model: allowAllOutbound must be used with vpc (it configures the security group the model creates), got allowAllOutbound false without a vpc');
  });

  test('allowAllOutbound with securityGroups is rejected', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE }], vpc, securityGroups: [sg], allowAllOutbound: false }))
      .toThrow('Stack/Model: allowAllOutbound must not be combined with securityGroups (it configures only the security group the model creates; set egress rules on your groups), got allowAllOutbound false and 1 security groups');
  });

  test('allowAllOutbound false with a vpc takes effect on the created security group', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    new Model(stack, 'Model', { containers: [{ image: IMAGE }], vpc, allowAllOutbound: false });
    const groups = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup');
    const model = Object.values(groups).find((g: any) => String(g.Properties.GroupDescription).includes('Model')) as any;
    expect(JSON.stringify(model.Properties.SecurityGroupEgress)).not.toContain('0.0.0.0/0');
  });

  test('connections of a model without a vpc is an error instead of an empty Connections', () => {
    const stack = newStack();
    const model = new Model(stack, 'Model', { containers: [{ image: IMAGE }] });
    expect(() => model.connections)
      .toThrow('Stack/Model: connections must be used with vpc (a model without a VPC has no security group, so rules would create nothing), got a model without a vpc');
  });

  test('connections.addSecurityGroup() on a model is a synth error naming the group (VpcConfig is fixed at construction)', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const model = new Model(stack, 'Model', { containers: [{ image: IMAGE }], vpc });
    model.connections.addSecurityGroup(new ec2.SecurityGroup(stack, 'Extra', { vpc }));
    expect(() => Template.fromStack(stack))
      .toThrow(/connections.addSecurityGroup\(\) must not be used on a model \(its VpcConfig is fixed when the model is created\), got Stack\/Extra; pass it in securityGroups instead/);
  });

  test('ModelData.fromAsset with bundling is rejected before bundling runs', () => {
    const stack = newStack();
    const data = ModelData.fromAsset(path.join(__dirname, 'fixtures'), { bundling: { image: DockerImage.fromRegistry('alpine') } });
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, modelData: data }] }))
      .toThrow(/Stack\/Model: model data asset must not use bundling \(bundling output is a directory, uploaded as a zip archive SageMaker cannot read\), got bundling for ".*fixtures"; build the .tar.gz before synth and pass its path/);
  });
});

describe('container host names (finding 6)', () => {
  test('a host name on one container of several requires one on every container', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image: IMAGE, containerHostname: 'first' }, { image: IMAGE }, { image: IMAGE }] }))
      .toThrow('Stack/Model: containerHostname must be given for every container once one container names it, got containers[0].containerHostname "first" and none for containers[1], containers[2]');
  });

  test('DIRECT mode requires unique host names', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', {
      containers: [{ image: IMAGE, containerHostname: 'same' }, { image: IMAGE, containerHostname: 'same' }],
      inferenceExecutionMode: InferenceExecutionMode.DIRECT,
    })).toThrow('Stack/Model: containerHostname must be unique in DIRECT mode, got "same" for containers[0] and containers[1]');
  });

  test('unique host names on every container are accepted', () => {
    const stack = newStack();
    new Model(stack, 'Model', {
      containers: [{ image: IMAGE, containerHostname: 'a' }, { image: IMAGE, containerHostname: 'b' }],
      inferenceExecutionMode: InferenceExecutionMode.DIRECT,
    });
    Template.fromStack(stack).resourceCountIs('AWS::SageMaker::Model', 1);
  });
});

describe('model data that is not a .tar.gz archive (findings 6 and 7)', () => {
  test('a single uncompressed object is rendered as ModelDataSource S3Object with CompressionType None', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'models');
    new Model(stack, 'Model', { containers: [{ image: IMAGE, modelData: ModelData.fromBucket(bucket, 'weights/model.safetensors') }] });
    const model = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model'))[0] as any;
    expect(model.Properties.PrimaryContainer.ModelDataUrl).toBeUndefined();
    expect(model.Properties.PrimaryContainer.ModelDataSource).toEqual({
      S3DataSource: { S3Uri: 's3://models/weights/model.safetensors', S3DataType: 'S3Object', CompressionType: 'None' },
    });
  });

  test.each(['model.tar.gz', 'model.tgz', 'MODEL.TAR.GZ'])('%s stays a compressed ModelDataUrl', (key) => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'models');
    new Model(stack, 'Model', { containers: [{ image: IMAGE, modelData: ModelData.fromBucket(bucket, key) }] });
    const model = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model'))[0] as any;
    expect(model.Properties.PrimaryContainer.ModelDataUrl).toEqual(`s3://models/${key}`);
    expect(model.Properties.PrimaryContainer.ModelDataSource).toBeUndefined();
  });

  test('an uncompressed single-file asset is rendered as an uncompressed S3Object', () => {
    const stack = newStack();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-data-'));
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, 'weights');
    new Model(stack, 'Model', { containers: [{ image: IMAGE, modelData: ModelData.fromAsset(file) }] });
    const model = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model'))[0] as any;
    expect(model.Properties.PrimaryContainer.ModelDataSource.S3DataSource).toEqual(expect.objectContaining({ S3DataType: 'S3Object', CompressionType: 'None' }));
    fs.rmSync(dir, { recursive: true });
  });
});
