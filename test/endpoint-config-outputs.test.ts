// Issue 13, finding 4: data capture and asynchronous outputs to a bucket whose default encryption is a
// customer managed key give the models' execution roles what S3 needs to encrypt with that key, even when
// the output settings do not repeat the key.
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
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

// Review of the model layer, finding 4: a model in one stack and a config with outputs in another stack of the
// same environment. The output writes reference the config stack's buckets, keys and topics; in the model
// role's DefaultPolicy (the model's stack) they made the model's stack depend on the config's, which depends
// on the model's: a cyclic-reference synth error.
describe('output writes for a model role in another stack', () => {
  const IMAGE = ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1');

  function twoStacks() {
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const models = new Stack(app, 'Models', { env });
    const serving = new Stack(app, 'Serving', { env });
    const model = new Model(models, 'Model', { containers: [{ image: IMAGE }] });
    return { app, models, serving, model };
  }

  const logicalId = (stack: Stack, c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as CfnResource).logicalId);
  const roleNameImport = { 'Fn::ImportValue': Match.stringLikeRegexp('^Models:ExportsOutputRefModelRole') };

  /** The one output-write policy of the config at `configId` in `serving`, after checking its attachment and the config's dependency. */
  function outputPolicy(serving: Stack, configId: string) {
    const template = Template.fromStack(serving);
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [roleNameImport] } });
    expect(Object.keys(policies)).toEqual([expect.stringMatching(new RegExp(`^${configId}OutputWritePolicy`))]);
    const [policyId] = Object.keys(policies);
    template.hasResource('AWS::SageMaker::EndpointConfig', { DependsOn: Match.arrayWith([policyId]) });
    return policies[policyId].Properties;
  }

  test('data capture synthesizes with the writes in a policy of the config stack attached to the model role', () => {
    // GIVEN
    const { app, models, serving, model } = twoStacks();
    const key = new kms.Key(serving, 'BucketKey');
    const bucket = new s3.Bucket(serving, 'Capture', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    const captureKey = new kms.Key(serving, 'CaptureKey');
    // WHEN
    new EndpointConfig(serving, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
      dataCapture: { destinationBucket: bucket, destinationPrefix: 'capture/', encryptionKey: captureKey },
    });
    // THEN the app synthesizes and only the config's stack depends on the other
    const assembly = app.synth();
    expect(assembly.getStackByName('Models').dependencies.map(d => d.id)).not.toContain('Serving');
    expect(assembly.getStackByName('Serving').dependencies.map(d => d.id)).toContain('Models');
    // the statements a grant to the role gives, exactly, in a policy of the config's stack
    expect(outputPolicy(serving, 'Config').PolicyDocument.Statement).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(serving, bucket), 'Arn'] }, '/capture/*']] } },
      { Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(serving, captureKey), 'Arn'] } },
      { Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(serving, key), 'Arn'] } },
    ]);
    // and none of them in the model's stack
    expect(JSON.stringify(Template.fromStack(models).toJSON())).not.toMatch(/s3:PutObject|kms:Encrypt/);
  });

  test('async inference outputs and notifications synthesize with the writes in a policy of the config stack', () => {
    // GIVEN
    const { app, models, serving, model } = twoStacks();
    const out = new s3.Bucket(serving, 'Out');
    const failures = new s3.Bucket(serving, 'Failures');
    const ok = new sns.Topic(serving, 'Ok');
    const err = new sns.Topic(serving, 'Err');
    const key = new kms.Key(serving, 'Key');
    // WHEN
    new EndpointConfig(serving, 'Async', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
      asyncInference: { outputBucket: out, outputPrefix: 'results/', failureBucket: failures, successTopic: ok, errorTopic: err, encryptionKey: key },
    });
    // THEN
    const assembly = app.synth();
    expect(assembly.getStackByName('Models').dependencies.map(d => d.id)).not.toContain('Serving');
    const arnOf = (b: s3.Bucket, suffix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(serving, b), 'Arn'] }, suffix]] });
    expect(outputPolicy(serving, 'Async').PolicyDocument.Statement).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: arnOf(out, '/results/*') },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: arnOf(failures, '/*') },
      { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: logicalId(serving, ok) } },
      { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: logicalId(serving, err) } },
      { Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(serving, key), 'Arn'] } },
    ]);
    expect(JSON.stringify(Template.fromStack(models).toJSON())).not.toMatch(/s3:PutObject|sns:Publish|kms:Encrypt/);
  });

  test('a production and a shadow variant of models with the same role share one policy', () => {
    const { app, models, serving, model } = twoStacks();
    const shadowModel = new Model(models, 'Shadow', { containers: [{ image: IMAGE }], role: model.role });
    new EndpointConfig(serving, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
      shadowProductionVariant: { variantName: 'Shadow', model: shadowModel },
      dataCapture: { destinationBucket: new s3.Bucket(serving, 'Capture') },
    });
    app.synth();
    expect(outputPolicy(serving, 'Config').PolicyDocument.Statement).toHaveLength(1);
  });

  test('configs at the same path in two stacks give the shared role inline policies of different names', () => {
    const { app, serving, model } = twoStacks();
    const other = new Stack(app, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    for (const stack of [serving, other]) {
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
        dataCapture: { destinationBucket: new s3.Bucket(stack, 'Capture') },
      });
    }
    app.synth();
    const names = [serving, other].map(stack => outputPolicy(stack, 'Config').PolicyName);
    expect(names[0]).not.toEqual(names[1]);
    expect(names).toEqual([expect.stringMatching(/^ServingConfig[0-9A-F]{8}OutputWritePolicy$/), expect.stringMatching(/^OtherConfig[0-9A-F]{8}OutputWritePolicy$/)]);
  });

  test('an immutable imported role gets no policy, as in the same stack', () => {
    // GIVEN CDK drops grants to an immutable role
    const { app, models, serving } = twoStacks();
    const role = iam.Role.fromRoleArn(models, 'Role', 'arn:aws:iam::123456789012:role/fixed', { mutable: false });
    const model = new Model(models, 'Imported', { containers: [{ image: IMAGE }], role });
    // WHEN
    new EndpointConfig(serving, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
      dataCapture: { destinationBucket: new s3.Bucket(serving, 'Capture') },
    });
    // THEN
    app.synth();
    Template.fromStack(serving).resourceCountIs('AWS::IAM::Policy', 0);
    Template.fromStack(serving).hasResource('AWS::SageMaker::EndpointConfig', { DependsOn: Match.absent() });
  });

  test('a mutable imported role of another stack gets the policy attached by its name', () => {
    const { app, models, serving } = twoStacks();
    const role = iam.Role.fromRoleArn(models, 'Role', 'arn:aws:iam::123456789012:role/shared');
    const model = new Model(models, 'Imported', { containers: [{ image: IMAGE }], role });
    new EndpointConfig(serving, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
      dataCapture: { destinationBucket: new s3.Bucket(serving, 'Capture') },
    });
    app.synth();
    Template.fromStack(serving).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['shared'],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 's3:PutObject' })] },
    });
  });
});

test('a model role in the config stack gets the output writes in its own DefaultPolicy', () => {
  // GIVEN
  const { stack, bucket, model } = setup();
  // WHEN
  new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
    dataCapture: { destinationBucket: bucket },
  });
  // THEN one policy, the role's, and no extra dependency of the config
  const template = Template.fromStack(stack);
  const policies = template.findResources('AWS::IAM::Policy');
  expect(Object.keys(policies)).toEqual([expect.stringMatching(/^ModelRoleDefaultPolicy/)]);
  expect(policies[Object.keys(policies)[0]].Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
    { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [stack.resolve((bucket.node.defaultChild as CfnResource).logicalId), 'Arn'] }, '/*']] } },
  ]));
  template.hasResource('AWS::SageMaker::EndpointConfig', { DependsOn: [stack.resolve((model.node.defaultChild as CfnResource).logicalId)] });
});
