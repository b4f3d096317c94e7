// Model-registry versions as a model source (issue 16): ModelPackage factories, their validation, the rendered
// ModelPackageName, the content-hash name, the execution role's grants and ModelPackageGroupPolicy.
import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnModelPackageGroup } from 'aws-cdk-lib/aws-sagemaker';
import { ContainerImage, Model, ModelData, ModelPackage, ModelPackageGroupPolicy, ModelPackageOptions } from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PKG = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/fraud-detector/3`;

function newStack(env: { account?: string; region?: string } | false = { account: ACCOUNT, region: REGION }): Stack {
  return new Stack(new App(), 'Stack', env ? { env } : {});
}

/** An ARN of the stack's partition, as CloudFormation renders it (`arn:` + AWS::Partition + rest). */
function arnOf(rest: string): any {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

function packageModel(stack: Stack, modelPackage: ModelPackage, id = 'Model'): Model {
  return new Model(stack, id, { containers: [{ modelPackage }] });
}

function container(stack: Stack): any {
  const models = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model')) as any[];
  return models[0].Properties.PrimaryContainer;
}

function rolePolicy(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('ModelPackage.fromModelPackageArn', () => {
  test('renders the ARN as ModelPackageName of the primary container, with no image', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    packageModel(stack, ModelPackage.fromModelPackageArn(PKG));
    // THEN
    expect(container(stack)).toEqual({ ModelPackageName: PKG });
  });

  test('renders InferenceSpecificationName when given', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageArn(PKG, { inferenceSpecificationName: 'gpu' }));
    expect(container(stack)).toEqual({ ModelPackageName: PKG, InferenceSpecificationName: 'gpu' });
  });

  test('keeps the case of the group name in the ARN (IAM matches model-package ARNs as written)', () => {
    const stack = newStack();
    const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/FraudDetector/3`;
    packageModel(stack, ModelPackage.fromModelPackageArn(arn));
    expect(container(stack).ModelPackageName).toBe(arn);
    expect(rolePolicy(stack)).toContainEqual({ Action: 'sagemaker:DescribeModelPackage', Effect: 'Allow', Resource: arn });
  });

  test('grants the execution role exactly sagemaker:DescribeModelPackage on the version ARN', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageArn(PKG));
    const sagemaker = rolePolicy(stack).filter(s => [s.Action].flat().some((a: string) => a.startsWith('sagemaker:')));
    expect(sagemaker).toEqual([{ Action: 'sagemaker:DescribeModelPackage', Effect: 'Allow', Resource: PKG }]);
  });

  test('grants no S3, ECR or KMS access by default', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageArn(PKG));
    const actions = rolePolicy(stack).flatMap(s => [s.Action].flat());
    expect(actions.filter((a: string) => /^(s3|ecr|kms):/.test(a))).toEqual([]);
  });

  test('accepts a token ARN as given and grants on it', () => {
    const stack = newStack();
    const arn = Token.asString({ Ref: 'PackageArn' });
    packageModel(stack, ModelPackage.fromModelPackageArn(arn));
    expect(container(stack).ModelPackageName).toEqual({ Ref: 'PackageArn' });
  });

  test('rejects a versionless package ARN with a message that shows the versioned form', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/fraud-detector`)))
      .toThrow('Stack/Model: modelPackageArn must name a model package version (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>: a model-registry version, not a versionless package or group), got "arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-detector"; use arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-detector/<version> or ModelPackage.fromModelPackageGroup("fraud-detector", <version>)');
  });

  test('rejects a model package group ARN with the versioned package form', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package-group/fraud-detector`)))
      .toThrow('use arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-detector/<version>');
  });

  test('rejects a bare versionless name with the versioned form', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn('fraud-detector')))
      .toThrow('got "fraud-detector"; use arn:aws:sagemaker:<region>:<account>:model-package/fraud-detector/<version> or ModelPackage.fromModelPackageGroup("fraud-detector", <version>)');
  });

  test('rejects a string that does not match the ModelPackageName pattern', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn('arn:aws:s3:::bucket/key')))
      .toThrow('Stack/Model: modelPackageArn must be a versioned model package ARN arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version> (CreateModel ModelPackageName pattern), got "arn:aws:s3:::bucket/key"');
  });

  test('rejects a group name ending in a hyphen', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/fraud-/3`)))
      .toThrow('modelPackageArn must be a versioned model package ARN');
  });

  test('rejects an ARN longer than 176 characters', () => {
    const stack = newStack();
    const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/${'a'.repeat(63)}/${'1'.repeat(9)}${'x'.repeat(60)}`;
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn(arn)))
      .toThrow(`Stack/Model: modelPackageArn must be 1-176 characters (CreateModel ModelPackageName), got "${arn}" (${arn.length} characters)`);
  });

  test('rejects a package of another Region', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:eu-west-1:${ACCOUNT}:model-package/fraud-detector/3`)))
      .toThrow('Stack/Model: modelPackage must be in the model\'s Region (account 123456789012, Region us-east-1; the package\'s image must be in the model\'s Region), got arn:aws:sagemaker:eu-west-1:123456789012:model-package/fraud-detector/3 in account 123456789012, Region eu-west-1');
  });

  test('warns about a package of another account', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageArn(`arn:aws:sagemaker:${REGION}:210987654321:model-package/fraud-detector/3`));
    Annotations.fromStack(stack).hasWarning('/Stack/Model', Match.stringLikeRegexp('^model package arn:aws:sagemaker:us-east-1:210987654321:model-package/fraud-detector/3 is in account 210987654321, Region us-east-1, the model in account 123456789012, Region us-east-1: the owner must attach a model package group policy'));
  });

  test('does not warn about a package of the same account', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageArn(PKG));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('model package'));
  });
});

describe('ModelPackage.fromModelPackageGroup', () => {
  test('builds the versioned ARN in the model\'s account and Region', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 3));
    expect(container(stack)).toEqual({ ModelPackageName: arnOf(`:sagemaker:${REGION}:${ACCOUNT}:model-package/fraud-detector/3`) });
  });

  test('uses the given account and Region (cross-account)', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 7, { account: '210987654321' }));
    expect(container(stack).ModelPackageName).toEqual(arnOf(`:sagemaker:${REGION}:210987654321:model-package/fraud-detector/7`));
  });

  test('in an environment-agnostic stack, uses the stack\'s pseudo parameters', () => {
    const stack = newStack(false);
    packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 3));
    expect(container(stack).ModelPackageName).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':model-package/fraud-detector/3']],
    });
  });

  test.each([0, -1, 1.5, 1000000000])('rejects version %p', (version) => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', version)))
      .toThrow(`Stack/Model: modelPackage version must be a whole number in 1-999999999 (model package versions start at 1), got ${version}`);
  });

  test('accepts the largest version', () => {
    const stack = newStack();
    packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 999999999));
    expect(container(stack).ModelPackageName).toEqual(arnOf(`:sagemaker:${REGION}:${ACCOUNT}:model-package/fraud-detector/999999999`));
  });

  test.each(['-fraud', 'fraud_detector', 'a'.repeat(64), 'fraud/3', ''])('rejects group name %p', (name) => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageGroup(name, 3)))
      .toThrow(`Stack/Model: modelPackageGroupName must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit (CreateModel ModelPackageName), got ${JSON.stringify(name)}`);
  });

  test('rejects an ARN given as group name', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageGroup(PKG, 3)))
      .toThrow('Stack/Model: modelPackageGroupName must be a group name, not an ARN (use ModelPackage.fromModelPackageArn for arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)');
  });

  test('rejects another Region', () => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 3, { region: 'eu-west-1' })))
      .toThrow('modelPackage must be in the model\'s Region (account 123456789012, Region us-east-1; the package\'s image must be in the model\'s Region), got group "fraud-detector" version 3 in account 123456789012, Region eu-west-1');
  });
});

describe('model package options', () => {
  function withOptions(options: ModelPackageOptions, stack = newStack()): Stack {
    packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 3, options));
    return stack;
  }

  test.each([0, 64])('rejects an inferenceSpecificationName of %p characters', (length) => {
    const name = 'a'.repeat(length);
    expect(() => withOptions({ inferenceSpecificationName: name }))
      .toThrow(`Stack/Model: modelPackage inferenceSpecificationName must be 1-63 characters (CreateModel InferenceSpecificationName), got "${name}" (${length} characters)`);
  });

  test('grants s3:GetObject on exactly the artifact and kms:Decrypt with the bucket key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Artifacts', { encryptionKey: key });
    withOptions({ artifactBucket: bucket, artifactKey: 'fraud/v3/model.tar.gz' }, stack);
    const statements = rolePolicy(stack);
    expect(statements).toContainEqual({
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as any), 'Arn'] }, '/fraud/v3/model.tar.gz']] },
    });
    expect(statements.flatMap(s => [s.Action].flat())).toContain('kms:Decrypt');
  });

  test('grants a prefix with s3:ListBucket limited to it', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts', 'registry-artifacts');
    withOptions({ artifactBucket: bucket, artifactKey: 'fraud/v3/' }, stack);
    expect(rolePolicy(stack)).toEqual(expect.arrayContaining([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: arnOf(':s3:::registry-artifacts/fraud/v3/*') },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: arnOf(':s3:::registry-artifacts'), Condition: { StringLike: { 's3:prefix': ['fraud/v3/*'] } } },
    ]));
  });

  test('grants ECR pull on the image repository', () => {
    const stack = newStack();
    withOptions({ imageRepository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'fraud-image') }, stack);
    expect(rolePolicy(stack)).toEqual(expect.arrayContaining([
      { Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Effect: 'Allow', Resource: arnOf(`:ecr:${REGION}:${ACCOUNT}:repository/fraud-image`) },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]));
  });

  test('grants kms:Decrypt on the encryption key', () => {
    const stack = newStack();
    withOptions({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`) }, stack);
    expect(rolePolicy(stack)).toContainEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` });
  });

  test('rejects artifactBucket without artifactKey', () => {
    const stack = newStack();
    expect(() => withOptions({ artifactBucket: s3.Bucket.fromBucketName(stack, 'B', 'bucket-b') }, stack))
      .toThrow('Stack/Model: modelPackage artifactBucket must be used with artifactKey (the role is granted the artifact, not the whole bucket), got artifactBucket without artifactKey');
  });

  test('rejects artifactKey without artifactBucket', () => {
    expect(() => withOptions({ artifactKey: 'model.tar.gz' }))
      .toThrow('Stack/Model: modelPackage artifactKey must be used with artifactBucket, got artifactKey "model.tar.gz" without artifactBucket');
  });

  test('rejects an artifactKey starting with /', () => {
    const stack = newStack();
    expect(() => withOptions({ artifactBucket: s3.Bucket.fromBucketName(stack, 'B', 'bucket-b'), artifactKey: '/model.tar.gz' }, stack))
      .toThrow('Stack/Model: modelPackage artifactKey must be a non-empty S3 key not starting with /, got "/model.tar.gz"');
  });
});

describe('a container from a model package', () => {
  const image = ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/model:1`);

  test('must set image or modelPackage', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{}] }))
      .toThrow('Stack/Model: containers[0] must set one of image and modelPackage (CreateModel needs the inference image, given directly or by a model package), got neither');
  });

  test('must not set both image and modelPackage', () => {
    const stack = newStack();
    expect(() => new Model(stack, 'Model', { containers: [{ image, modelPackage: ModelPackage.fromModelPackageArn(PKG) }] }))
      .toThrow('Stack/Model: containers[0] must set only one of image and modelPackage (a model package brings its own image), got both');
  });

  test('must not set modelData', () => {
    const stack = newStack();
    const modelData = ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'bucket-b'), 'model.tar.gz');
    expect(() => new Model(stack, 'Model', { containers: [{ modelPackage: ModelPackage.fromModelPackageArn(PKG), modelData }] }))
      .toThrow('Stack/Model: containers[0].modelData must not be used with modelPackage (the model package version carries its own model artifacts), got both');
  });

  test('may set environment variables', () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ modelPackage: ModelPackage.fromModelPackageArn(PKG), environment: { LOG_LEVEL: 'info' } }] });
    expect(container(stack)).toEqual({ ModelPackageName: PKG, Environment: { LOG_LEVEL: 'info' } });
  });

  test('records the hosting facts of one single-model container', () => {
    const stack = newStack();
    const model = packageModel(stack, ModelPackage.fromModelPackageArn(PKG));
    expect(model._hosting).toEqual({ containerCount: 1, multiModel: false, vpc: false, networkIsolation: false });
  });

  test('a new version gives a new model name; the same version the same name', () => {
    const name = (version: number) => {
      const stack = newStack();
      return stack.resolve(packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', version)).modelName);
    };
    expect(name(3)).toBe(name(3));
    expect(name(4)).not.toBe(name(3));
    expect(name(3)).toMatch(/^stack-model-[0-9a-f]{16}$/);
  });

  test('a new inference specification gives a new model name', () => {
    const name = (spec?: string) => {
      const stack = newStack();
      return packageModel(stack, ModelPackage.fromModelPackageArn(PKG, { inferenceSpecificationName: spec })).modelName;
    };
    expect(name('gpu')).not.toBe(name(undefined));
  });

  test('a token package ARN falls back to a CloudFormation-generated name', () => {
    const stack = newStack();
    const model = packageModel(stack, ModelPackage.fromModelPackageArn(Token.asString({ Ref: 'PackageArn' })));
    expect(model.hasContentHashName).toBe(false);
  });
});

describe('ModelPackageGroupPolicy.forConsumers', () => {
  test('allows the consumer accounts to describe and list the group and its versions', () => {
    const doc = ModelPackageGroupPolicy.forConsumers({
      groupArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package-group/FraudDetector`,
      accounts: ['210987654321', '111122223333'],
    });
    expect(new Stack().resolve(doc.toJSON())).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ModelPackageGroupConsumers',
        Effect: 'Allow',
        Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackageGroup'],
        Principal: { AWS: [arnOf(':iam::210987654321:root'), arnOf(':iam::111122223333:root')] },
        Resource: [
          `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package-group/FraudDetector`,
          `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/FraudDetector/*`,
        ],
      }],
    });
  });

  test('builds the ARNs from groupName, account and Region', () => {
    const doc = ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: ['210987654321'], account: ACCOUNT, region: REGION });
    const statement = new Stack().resolve(doc.toJSON()).Statement[0];
    expect(statement.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:${REGION}:${ACCOUNT}:model-package-group/fraud`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:${REGION}:${ACCOUNT}:model-package/fraud/*`]] },
    ]);
  });

  test('builds the ARNs from the owner stack\'s pseudo parameters by default', () => {
    const doc = ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: ['210987654321'] });
    const statement = new Stack().resolve(doc.toJSON()).Statement[0];
    expect(JSON.stringify(statement.Resource)).toContain('AWS::AccountId');
    expect(JSON.stringify(statement.Resource)).toContain(':model-package/fraud/*');
  });

  test('can be attached to a CfnModelPackageGroup of the owner', () => {
    const stack = newStack();
    new CfnModelPackageGroup(stack, 'Group', {
      modelPackageGroupName: 'fraud',
      modelPackageGroupPolicy: ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: ['210987654321'] }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::ModelPackageGroup', {
      ModelPackageGroupPolicy: Match.objectLike({ Statement: [Match.objectLike({ Principal: { AWS: Match.anyValue() } })] }),
    });
  });

  test('rejects neither groupName nor groupArn', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ accounts: ['210987654321'] }))
      .toThrow('ModelPackageGroupPolicy must be given exactly one of groupName and groupArn, got neither');
  });

  test('rejects both groupName and groupArn', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ groupName: 'a', groupArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package-group/a`, accounts: ['210987654321'] }))
      .toThrow('ModelPackageGroupPolicy must be given exactly one of groupName and groupArn, got both');
  });

  test('rejects an empty account list', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: [] }))
      .toThrow('ModelPackageGroupPolicy accounts must name at least one consumer account (an empty list would allow nobody), got []');
  });

  test('rejects an account that is not 12 digits', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: ['12345'] }))
      .toThrow('ModelPackageGroupPolicy accounts must be 12-digit account ids, got "12345"');
  });

  test('rejects a malformed group ARN', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ groupArn: PKG, accounts: ['210987654321'] }))
      .toThrow(`ModelPackageGroupPolicy groupArn must be arn:<partition>:sagemaker:<region>:<account>:model-package-group/<group>, got "${PKG}"`);
  });

  test('rejects a token group ARN', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ groupArn: Token.asString({ Ref: 'G' }), accounts: ['210987654321'] }))
      .toThrow('ModelPackageGroupPolicy groupArn must be a literal ARN (the versions ARN is derived from it), got a token; pass groupName with account and region instead');
  });

  test('rejects a malformed group name', () => {
    expect(() => ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud_', accounts: ['210987654321'] }))
      .toThrow('ModelPackageGroupPolicy groupName must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit, got "fraud_"');
  });

  test('the policy is an iam.PolicyDocument', () => {
    expect(ModelPackageGroupPolicy.forConsumers({ groupName: 'fraud', accounts: ['210987654321'] })).toBeInstanceOf(iam.PolicyDocument);
  });
});

describe('a model package ARN built from a group', () => {
  test('is at most 176 characters', () => {
    const stack = newStack();
    const region = 'a'.repeat(120);
    expect(() => packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 3, { region })))
      .toThrow(/^Stack\/Model: modelPackage ARN must be at most 176 characters \(CreateModel ModelPackageName\), got ".*" \(\d+ characters\)$/);
  });
});

describe('the account of a model package group', () => {
  test.each(['12345', '1234567890123', 'abcdefghijkl'])('rejects %p', (account) => {
    const stack = newStack();
    expect(() => packageModel(stack, ModelPackage.fromModelPackageGroup('fraud-detector', 3, { account })))
      .toThrow(`Stack/Model: modelPackage account must be a 12-digit account id (the owner of the model package group), got "${account}"`);
  });
});
