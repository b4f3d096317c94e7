import * as path from 'path';
import { App, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage, EndpointConfig, InferenceExecutionMode, Model, ModelData } from '../src';

const IMAGE_DIR = path.join(__dirname, 'fixtures', 'model-image');
const MODEL_TARBALL = path.join(__dirname, 'fixtures', 'model-data', 'model.tar.gz');
const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-model:v1';

// the content-hash names of a one-container model without and with network isolation, as earlier versions named them
const NAME_WITHOUT_ISOLATION = 'stack-model-c50fef643f4759c8';
const NAME_WITH_ISOLATION = 'stack-model-13cffec522382964';

function newStack(): Stack {
  return new Stack(new App(), 'Stack');
}

function uriModel(stack: Stack, id = 'Model', extra: Partial<{ environment: { [key: string]: string } }> = {}): Model {
  return new Model(stack, id, { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), ...extra }] });
}

describe('Model', () => {
  describe('containers', () => {
    test('a single container is rendered as the primary container', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      uriModel(stack, 'Model', { environment: { SAGEMAKER_PROGRAM: 'serve.py' } });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Image: IMAGE_URI, Environment: { SAGEMAKER_PROGRAM: 'serve.py' } },
        Containers: Match.absent(),
        EnableNetworkIsolation: Match.absent(),
        VpcConfig: Match.absent(),
      });
    });

    test('several containers are rendered as Containers with the execution mode', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      new Model(stack, 'Model', {
        containers: [
          { image: ContainerImage.fromImageUri(IMAGE_URI), containerHostname: 'first' },
          { image: ContainerImage.fromImageUri(IMAGE_URI), containerHostname: 'second' },
        ],
        inferenceExecutionMode: InferenceExecutionMode.DIRECT,
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: Match.absent(),
        Containers: [
          { Image: IMAGE_URI, ContainerHostname: 'first' },
          { Image: IMAGE_URI, ContainerHostname: 'second' },
        ],
        InferenceExecutionConfig: { Mode: 'Direct' },
      });
    });

    test('an empty environment is not rendered', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      uriModel(stack, 'Model', { environment: {} });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Environment: Match.absent() },
      });
    });

    test('no container is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', { containers: [] }))
        .toThrow('Stack/Model: containers must be 1-15 containers, got 0');
    });

    test('sixteen containers are rejected', () => {
      const stack = newStack();
      const containers = Array.from({ length: 16 }, () => ({ image: ContainerImage.fromImageUri(IMAGE_URI) }));
      expect(() => new Model(stack, 'Model', { containers })).toThrow(/containers must be 1-15 containers, got 16/);
    });

    test('fifteen containers are accepted', () => {
      const stack = newStack();
      const containers = Array.from({ length: 15 }, () => ({ image: ContainerImage.fromImageUri(IMAGE_URI) }));
      expect(() => new Model(stack, 'Model', { containers })).not.toThrow();
    });

    test('an execution mode with one container is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }],
        inferenceExecutionMode: InferenceExecutionMode.SERIAL,
      })).toThrow(/inferenceExecutionMode must be used with 2-15 containers, got 1 container/);
    });

    test('an environment key that is not a variable name is rejected', () => {
      const stack = newStack();
      expect(() => uriModel(stack, 'Model', { environment: { 'BAD-KEY': 'x' } }))
        .toThrow(/containers\[0\]\.environment key must match \[a-zA-Z_\]\[a-zA-Z0-9_\]\* and be at most 1024 characters, got "BAD-KEY"/);
    });

    test('an environment value over 1024 characters is rejected', () => {
      const stack = newStack();
      expect(() => uriModel(stack, 'Model', { environment: { KEY: 'x'.repeat(1025) } }))
        .toThrow(/containers\[0\]\.environment value of "KEY" must be at most 1024 characters, got 1025 characters/);
    });

    test('more than 100 environment variables are rejected', () => {
      const stack = newStack();
      const environment: { [key: string]: string } = {};
      for (let i = 0; i < 101; i++) {
        environment[`K${i}`] = 'v';
      }
      expect(() => uriModel(stack, 'Model', { environment })).toThrow(/environment must have at most 100 variables, got 101/);
    });

    test('token environment values are accepted', () => {
      const stack = newStack();
      const param = new CfnParameter(stack, 'P');
      expect(() => uriModel(stack, 'Model', { environment: { KEY: param.valueAsString } })).not.toThrow();
    });

    test('an invalid container host name is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), containerHostname: '-bad' }],
      })).toThrow(/containers\[0\]\.containerHostname must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit, got "-bad"/);
    });
  });

  describe('images', () => {
    test('an ECR repository image is pulled by tag and the role may pull only from that repository', () => {
      // GIVEN
      const stack = newStack();
      const repository = new ecr.Repository(stack, 'Repo');
      // WHEN
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, 'v1.2.3') }] });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Image: { 'Fn::Join': ['', Match.arrayWith([':v1.2.3'])] } },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': ['Repo02AC86CF', 'Arn'] },
          }, {
            Action: 'ecr:GetAuthorizationToken',
            Effect: 'Allow',
            Resource: '*',
          }]),
        },
      });
    });

    test('an ECR repository image defaults to the latest tag', () => {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository) }] });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Image: { 'Fn::Join': ['', Match.arrayWith(['/models:latest'])] } },
      });
    });

    test('an ECR repository image can be pinned by digest', () => {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
      const digest = `sha256:${'a'.repeat(64)}`;
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, digest) }] });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Image: { 'Fn::Join': ['', Match.arrayWith([`/models@${digest}`])] } },
      });
    });

    test('an invalid image tag is rejected', () => {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, '-bad tag') }] }))
        .toThrow(/container image tag must be 1-128 characters of letters, digits, _ \. - \(not starting with \. or -\), got "-bad tag"/);
    });

    test('an invalid image digest is rejected', () => {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, 'sha256:xyz') }] }))
        .toThrow(/container image digest must be sha256: followed by 64 lower-case hex digits, got "sha256:xyz"/);
    });

    test('an ECR image URI grants pull on exactly that repository', () => {
      const stack = newStack();
      uriModel(stack);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:123456789012:repository/my-model']] },
          })]),
        },
      });
    });

    test('a China-region ECR image URI uses the aws-cn partition', () => {
      const stack = newStack();
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/m:v1') }],
      });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Resource: 'arn:aws-cn:ecr:cn-north-1:123456789012:repository/m',
          })]),
        },
      });
    });

    test('an image URI outside ECR gets no ECR grants', () => {
      const stack = newStack();
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('registry.example.com/model:1') }] });
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
      expect(JSON.stringify(policies)).not.toContain('ecr:');
    });

    test('an image URI longer than 255 characters is rejected', () => {
      const stack = newStack();
      const uri = `registry.example.com/${'a'.repeat(250)}`;
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(uri) }] }))
        .toThrow(/container image URI must be 1-255 characters without whitespace, got ".*" \(271 characters\)/);
    });

    test('an asset image is built from the directory and pulled from the assets repository', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromAsset(IMAGE_DIR) }] });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Image: { 'Fn::Sub': Match.stringLikeRegexp('container-assets.*:[a-f0-9]{64}$') } },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([':repository/', { 'Fn::Sub': Match.stringLikeRegexp('^cdk-.*-container-assets-') }])] },
          })]),
        },
      });
    });

    test('asset images and asset model data still get a content-hash name (pseudo parameters are stable)', () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromAsset(IMAGE_DIR), modelData: ModelData.fromAsset(MODEL_TARBALL) }],
      });
      expect(model.modelName).toMatch(/^stack-model-[a-f0-9]{16}$/);
    });

    test('a Deep Learning Containers image is pulled from the DLC account of the region', () => {
      // GIVEN
      const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
      // WHEN
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310') }] });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { Image: { 'Fn::Join': ['', ['763104351884.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/pytorch-inference:2.1.0-cpu-py310']] } },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:763104351884:repository/pytorch-inference']] },
          })]),
        },
      });
      expect(model.hasContentHashName).toBe(true);
    });

    test('a Deep Learning Containers image in a region-agnostic stack keeps a content-hash name', () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310', '763104351884') }] });
      expect(model.modelName).toMatch(/^stack-model-[a-f0-9]{16}$/);
    });

    test('an invalid Deep Learning Containers tag is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromDlc('pytorch-inference', 'bad tag') }] }))
        .toThrow(/container image tag must be 1-128 characters .*, got "bad tag"/);
    });

    test('an asset image shared by two containers creates one asset', () => {
      const stack = newStack();
      const image = ContainerImage.fromAsset(IMAGE_DIR);
      const model = new Model(stack, 'Model', { containers: [{ image }, { image }] });
      expect(model.node.tryFindChild('ImageAsset')).toBeDefined();
      expect(model.node.tryFindChild('ImageAsset2')).toBeUndefined();
    });
  });

  describe('model data', () => {
    test('model data in a bucket is read from exactly its object', () => {
      // GIVEN
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket');
      // WHEN
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, 'models/v1/model.tar.gz') }],
      });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: {
          ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: 'Bucket83908E77' }, '/models/v1/model.tar.gz']] },
          ModelDataSource: Match.absent(),
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/models/v1/model.tar.gz']] },
          }]),
        },
      });
    });

    test('model data under a prefix is uncompressed S3Prefix data with a prefix-limited ListBucket', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket');
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, 'models/v1/') }],
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: {
          ModelDataUrl: Match.absent(),
          ModelDataSource: { S3DataSource: { S3DataType: 'S3Prefix', CompressionType: 'None', S3Uri: Match.anyValue() } },
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/models/v1/*']] },
          }, {
            Action: 's3:ListBucket',
            Condition: { StringLike: { 's3:prefix': ['models/v1/*'] } },
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] },
          }]),
        },
      });
    });

    test('model data in a KMS-encrypted bucket may be decrypted with that key', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: new kms.Key(stack, 'Key') });
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, 'model.tar.gz') }],
      });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
          }]),
        },
      });
    });

    test('an empty model data key is rejected', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket');
      expect(() => new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, '') }],
      })).toThrow(/model data object key must be a non-empty S3 key not starting with \/, got ""/);
    });

    test('model data from a local file is uploaded as an asset and only that object is readable', () => {
      const stack = newStack();
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromAsset(MODEL_TARBALL) }],
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        PrimaryContainer: { ModelDataUrl: { 'Fn::Sub': Match.stringLikeRegexp('^s3://cdk-.*-assets-.*/[a-f0-9]{64}\\.gz$') } },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^/[a-f0-9]{64}\\.gz$')])] },
          }]),
        },
      });
    });

    test('model data from a directory is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromAsset(IMAGE_DIR) }],
      })).toThrow(/model data asset must be a \.tar\.gz file \(a directory would be uploaded as a zip archive\), got directory/);
    });
  });

  describe('network', () => {
    test('a VPC gets a new security group, private subnets and ENI permissions', () => {
      // GIVEN
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      // WHEN
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], vpc });
      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
      template.hasResourceProperties('AWS::SageMaker::Model', {
        VpcConfig: {
          SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ModelSecurityGroup'), 'GroupId'] }],
          Subnets: [{ Ref: Match.stringLikeRegexp('isolatedSubnet1') }, { Ref: Match.stringLikeRegexp('isolatedSubnet2') }],
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'ec2:CreateNetworkInterface' }),
            Match.objectLike({ Action: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'] }),
            Match.objectLike({ Action: Match.arrayWith(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs']), Resource: '*' }),
          ]),
        },
      });
      expect(model.connections.securityGroups).toHaveLength(1);
    });

    test('the created security group can deny all outbound traffic', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], vpc, allowAllOutbound: false });
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'SageMaker model Stack/Model',
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
      });
    });

    test('vpcSubnets selects the subnets', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        maxAzs: 2,
        natGateways: 0,
        subnetConfiguration: [
          { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'models', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      });
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }],
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, availabilityZones: [vpc.availabilityZones[0]] },
      });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
        VpcConfig: { Subnets: [{ Ref: Match.stringLikeRegexp('VpcpublicSubnet1') }] },
      });
    });

    test('given security groups are used instead of a new one', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], vpc, securityGroups: [sg] });
      Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 1);
      expect(model.securityGroups).toEqual([sg]);
    });

    test('the model is connectable through its security groups', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], vpc });
      const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
      db.connections.allowFrom(model, ec2.Port.tcp(5432));
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 5432,
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ModelSecurityGroup'), 'GroupId'] },
      });
    });

    test('no VPC means no ENI permissions and no security group', () => {
      const stack = newStack();
      const model = uriModel(stack);
      const template = Template.fromStack(stack);
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('ec2:');
      template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
      expect(model.securityGroups).toHaveLength(0);
    });

    test('security groups without a VPC are rejected', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], securityGroups: [sg] }))
        .toThrow(/securityGroups must be used with vpc, got securityGroups without a vpc/);
    });

    test('subnets without a VPC are rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }],
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      })).toThrow(/vpcSubnets must be used with vpc, got vpcSubnets without a vpc/);
    });

    test('more than five security groups are rejected', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      const securityGroups = Array.from({ length: 6 }, (_, i) => new ec2.SecurityGroup(stack, `Sg${i}`, { vpc }));
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], vpc, securityGroups }))
        .toThrow(/securityGroups must be 1-5 security groups, got 6/);
    });

    test('network isolation is rendered', () => {
      const stack = newStack();
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], networkIsolation: true });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: true });
    });
  });

  describe('execution role', () => {
    test('the auto-created role is assumed by SageMaker and has no managed policy', () => {
      const stack = newStack();
      uriModel(stack);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }] },
        ManagedPolicyArns: Match.absent(),
      });
    });

    test('the model depends on the role policy (failure-modes row 16) and references the role', () => {
      const stack = newStack();
      uriModel(stack);
      const models = Template.fromStack(stack).findResources('AWS::SageMaker::Model');
      const model = Object.values(models)[0];
      expect(model.DependsOn).toEqual(['ModelRoleDefaultPolicy52564B59']);
      expect(model.Properties.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': ['ModelRole3E65CE92', 'Arn'] });
    });

    test('a role policy created after the model (by an endpoint config grant) is still depended on', () => {
      // GIVEN a role that gets no grant from the model itself
      const stack = newStack();
      const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('registry.example.com/m:1') }], role });
      expect(role.node.tryFindChild('DefaultPolicy')).toBeUndefined();
      // WHEN data capture grants the role s3:PutObject
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model }],
        dataCapture: { destinationBucket: new s3.Bucket(stack, 'Capture') },
      });
      // THEN
      const models = Template.fromStack(stack).findResources('AWS::SageMaker::Model');
      expect(Object.values(models)[0].DependsOn).toEqual(['MyRoleDefaultPolicyA36BE1DD']);
    });

    test('a given role is used, granted image and data access, and depended on', () => {
      // GIVEN
      const stack = newStack();
      const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
      const bucket = new s3.Bucket(stack, 'Bucket');
      // WHEN
      const model = new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, 'm.tar.gz') }],
        role,
      });
      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.hasResourceProperties('AWS::SageMaker::Model', { ExecutionRoleArn: { 'Fn::GetAtt': ['MyRoleF48FFE04', 'Arn'] } });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: 'MyRoleF48FFE04' }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject' })]) },
      });
      // logs are the caller's business when they bring their own role
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('logs:');
      const dependsOn = Object.values(template.findResources('AWS::SageMaker::Model'))[0].DependsOn;
      expect(dependsOn).toEqual(['MyRoleDefaultPolicyA36BE1DD']);
      expect(model.role).toBe(role);
      expect(model.grantPrincipal).toBe(role);
    });

    test('an imported role gets no policy and no dependency', () => {
      const stack = newStack();
      const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/sagemaker', { mutable: false });
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], role });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Policy', 0);
      template.hasResourceProperties('AWS::SageMaker::Model', { ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker' });
    });
  });

  describe('names', () => {
    test('the default name is lower-case, at most 63 characters, and ends with a content hash', () => {
      const stack = newStack();
      const model = uriModel(stack);
      expect(model.modelName).toMatch(/^stack-model-[a-f0-9]{16}$/);
      expect(model.hasContentHashName).toBe(true);
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { ModelName: model.modelName });
    });

    test('a long construct path still yields a valid 63-character name', () => {
      const stack = new Stack(new App(), 'AVeryLongStackNameThatGoesOnAndOnAndOnForeverAndEver');
      const model = uriModel(stack, 'AndAModelWithAnEquallyLongConstructIdentifierToo');
      expect(model.modelName.length).toBeLessThanOrEqual(63);
      expect(model.modelName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    });

    test('the model ARN uses the lower-case literal name', () => {
      const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
      // the image must be in the model's Region (issue 13, finding 3)
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI.replace('us-east-1', 'eu-west-1')) }] });
      expect(stack.resolve(model.modelArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:eu-west-1:123456789012:model/${model.modelName}`]],
      });
    });

    test.each([
      ['the image tag', { image: 'repo:v2' }],
      ['an environment variable', { env: { A: '2' } }],
      ['the model data key', { data: 'other.tar.gz' }],
      ['the network isolation', { isolation: true }],
      // EnableNetworkIsolation: false is rendered and forces a replacement when it appears or goes (review finding)
      ['an explicit network isolation false', { isolation: false }],
    ])('changing %s changes the model name', (_what, change) => {
      const name = (c: { image?: string; env?: { [k: string]: string }; data?: string; isolation?: boolean }) => {
        const stack = newStack();
        const bucket = s3.Bucket.fromBucketName(stack, 'B', 'my-bucket');
        return new Model(stack, 'Model', {
          containers: [{
            image: ContainerImage.fromImageUri(`123456789012.dkr.ecr.us-east-1.amazonaws.com/${c.image ?? 'repo:v1'}`),
            environment: c.env ?? { A: '1' },
            modelData: ModelData.fromBucket(bucket, c.data ?? 'model.tar.gz'),
          }],
          networkIsolation: c.isolation,
        }).modelName;
      };
      expect(name(change)).not.toEqual(name({}));
      expect(name({})).toEqual(name({}));
    });

    test('the names of models that omit networkIsolation or set it to true are those of earlier versions', () => {
      // pinned: an explicit false got its own name without renaming any other model (a rename replaces the model)
      const name = (isolation?: boolean) => new Model(newStack(), 'Model', {
        containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:v1') }],
        networkIsolation: isolation,
      }).modelName;
      expect([name(undefined), name(true)]).toEqual([NAME_WITHOUT_ISOLATION, NAME_WITH_ISOLATION]);
    });

    test('a token image from a parameter falls back to a CloudFormation-generated name', () => {
      // GIVEN
      const stack = newStack();
      const uri = new CfnParameter(stack, 'ImageUri').valueAsString;
      // WHEN
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(uri) }] });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { ModelName: Match.absent() });
      expect(Token.isUnresolved(model.modelName)).toBe(true);
      expect(model.hasContentHashName).toBe(false);
      expect(stack.resolve(model.modelName)).toEqual({ 'Fn::GetAtt': ['Model0301700E', 'ModelName'] });
      expect(stack.resolve(model.modelArn)).toEqual({ Ref: 'Model0301700E' });
    });

    test('a pinned name is used, validated and warned about', () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], modelName: 'My-Model' });
      expect(model.modelName).toEqual('My-Model');
      expect(model.hasContentHashName).toBe(false);
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { ModelName: 'My-Model' });
      Annotations.fromStack(stack).hasWarning('/Stack/Model', Match.stringLikeRegexp('modelName is pinned to "My-Model".*cdk-sagemaker-endpoint:pinnedName'));
    });

    test('an invalid pinned name is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], modelName: 'bad_name' }))
        .toThrow(/Stack\/Model: modelName must match .* \(letters, digits and hyphens, starting and ending with a letter or digit\), got "bad_name"/);
    });

    test('a pinned name over 63 characters is rejected', () => {
      const stack = newStack();
      expect(() => new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }], modelName: 'a'.repeat(64) }))
        .toThrow(/modelName must be 1-63 characters, got "a{64}" \(64 characters\)/);
    });
  });

  describe('imports', () => {
    test('fromModelName gives a lower-case ARN and an unknown principal', () => {
      const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
      const model = Model.fromModelName(stack, 'Imported', 'My-Model');
      expect(model.modelName).toEqual('My-Model');
      expect(stack.resolve(model.modelArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:123456789012:model/my-model']],
      });
      expect(model.role).toBeUndefined();
      expect(model.grantPrincipal).toBeInstanceOf(iam.UnknownPrincipal);
      expect(model.connections.securityGroups).toHaveLength(0);
    });

    test('fromModelArn takes the name from the ARN', () => {
      const stack = newStack();
      const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:model/my-model';
      const model = Model.fromModelArn(stack, 'Imported', arn);
      expect(model.modelName).toEqual('my-model');
      expect(model.modelArn).toEqual(arn);
      expect(model.env).toEqual({ account: '123456789012', region: 'eu-west-1' });
      expect(model.role).toBeUndefined();
    });

    test('addToRolePolicy adds to the execution role', () => {
      const stack = newStack();
      const model = uriModel(stack);
      model.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::extra/file'] }));
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([{ Action: 's3:GetObject', Effect: 'Allow', Resource: 'arn:aws:s3:::extra/file' }]) },
      });
    });

    test('fromModelAttributes keeps the role and security groups', () => {
      const stack = newStack();
      const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/r');
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345');
      const model = Model.fromModelAttributes(stack, 'Imported', { modelName: 'm', role, securityGroups: [sg] });
      expect(model.role).toBe(role);
      expect(model.grantPrincipal).toBe(role);
      expect(model.connections.securityGroups).toEqual([sg]);
    });

    test('fromModelName rejects an invalid name', () => {
      const stack = newStack();
      expect(() => Model.fromModelName(stack, 'Imported', 'bad name')).toThrow(/Stack\/Imported: modelName must match/);
    });
  });
});
