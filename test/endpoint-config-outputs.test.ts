// Issue 13, finding 4: data capture and asynchronous outputs to a bucket whose default encryption is a
// customer managed key give the models' execution roles what S3 needs to encrypt with that key, even when
// the output settings do not repeat the key.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage, EndpointConfig, Model } from '../src';

function setup() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'BucketKey');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
  return { stack, key, bucket, model };
}

function keyStatement(keyLogicalId: string) {
  return Match.objectLike({
    Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
    Resource: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
  });
}

test('data capture to a bucket encrypted with a customer managed key lets the model role generate data keys', () => {
  // GIVEN
  const { stack, key, bucket, model } = setup();
  // WHEN the key is not repeated in dataCapture
  new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
    dataCapture: { destinationBucket: bucket, destinationPrefix: 'capture/' },
  });
  // THEN
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([keyStatement(stack.resolve((key.node.defaultChild as kms.CfnKey).logicalId))]) },
  });
});

test('async output and failure buckets encrypted with a customer managed key let the model role generate data keys', () => {
  const { stack, key, bucket, model } = setup();
  const failureKey = new kms.Key(stack, 'FailureKey');
  const failures = new s3.Bucket(stack, 'Failures', { encryption: s3.BucketEncryption.KMS, encryptionKey: failureKey });
  new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
    asyncInference: { outputBucket: bucket, failureBucket: failures },
  });
  const id = (k: kms.Key) => stack.resolve((k.node.defaultChild as kms.CfnKey).logicalId);
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([keyStatement(id(key)), keyStatement(id(failureKey))]) },
  });
});

test('a bucket with S3-managed encryption adds no KMS permission', () => {
  const stack = new Stack(new App(), 'Plain', { env: { account: '123456789012', region: 'us-east-1' } });
  const bucket = new s3.Bucket(stack, 'Bucket');
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
  new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'AllTraffic', model }], dataCapture: { destinationBucket: bucket } });
  expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).not.toContain('kms:');
});
