// IAM simulation of the auto-created model execution role with @cloud-copilot/iam-simulate: the role
// ALLOWS exactly what SageMaker needs for this model (pull its images, read its model data, write its
// logs, attach ENIs in its subnets, write data capture) and IMPLICITLY DENIES the same actions on
// anything else, and every other action of ECR and S3 (from the IAM service reference data).
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage, EndpointConfig, Model, ModelData } from '../src';
import { ACCOUNT, CfnTemplate, decisions, identityPoliciesOf, PARTITION, probesForService, REGION, SimRequest } from './util/iam-sim';

const REPO = `arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/models`;
const URI_REPO = `arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/tokenizer`;
const OBJECT = `arn:${PARTITION}:s3:::my-artifacts/models/v1/model.tar.gz`;
const PREFIX_OBJECT = `arn:${PARTITION}:s3:::my-artifacts/weights/v1/shard-00001.safetensors`;
const BUCKET = `arn:${PARTITION}:s3:::my-artifacts`;
const CAPTURE = `arn:${PARTITION}:s3:::my-capture/capture/2026/11/27/07/sample.jsonl`;
const LOG_GROUP = `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/my-endpoint`;
const LOG_STREAM = `${LOG_GROUP}:log-stream:AllTraffic/i-0123456789abcdef0`;
const SUBNET = `arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:subnet/subnet-11111111`;
const SG = `arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:security-group/sg-11111111`;
const ENI = `arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:network-interface/eni-0123456789abcdef0`;

/** GIVEN a model with literal (imported) repositories, buckets and VPC, so every ARN resolves. */
function buildFixture() {
  const stack = new Stack(new App(), 'Sim', { env: { account: ACCOUNT, region: REGION } });
  const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
  const artifacts = s3.Bucket.fromBucketName(stack, 'Artifacts', 'my-artifacts');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-11111111',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-11111111', 'subnet-22222222'],
  });
  const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-11111111');
  const model = new Model(stack, 'Model', {
    containers: [
      { image: ContainerImage.fromEcrRepository(repository, 'v1'), modelData: ModelData.fromBucket(artifacts, 'models/v1/model.tar.gz') },
      { image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/tokenizer:v3`), modelData: ModelData.fromBucket(artifacts, 'weights/v1/') },
    ],
    vpc,
    securityGroups: [sg],
  });
  new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model }],
    dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'Capture', 'my-capture'), destinationPrefix: 'capture/' },
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const roleId = stack.resolve((model.role!.node.defaultChild as any).logicalId);
  return identityPoliciesOf(template, roleId);
}

const ALLOWED: SimRequest[] = [
  { action: 'ecr:GetAuthorizationToken', resource: '*' },
  { action: 'ecr:BatchGetImage', resource: REPO },
  { action: 'ecr:GetDownloadUrlForLayer', resource: REPO },
  { action: 'ecr:BatchCheckLayerAvailability', resource: REPO },
  { action: 'ecr:BatchGetImage', resource: URI_REPO },
  { action: 's3:GetObject', resource: OBJECT },
  { action: 's3:GetObject', resource: PREFIX_OBJECT },
  { action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'weights/v1/' } },
  { action: 's3:PutObject', resource: CAPTURE },
  { action: 'logs:CreateLogGroup', resource: LOG_GROUP },
  { action: 'logs:CreateLogStream', resource: LOG_STREAM },
  { action: 'logs:PutLogEvents', resource: LOG_STREAM },
  { action: 'ec2:CreateNetworkInterface', resource: SUBNET },
  { action: 'ec2:CreateNetworkInterface', resource: SG },
  { action: 'ec2:CreateNetworkInterface', resource: ENI },
  { action: 'ec2:CreateNetworkInterfacePermission', resource: ENI },
  { action: 'ec2:DeleteNetworkInterface', resource: ENI },
  { action: 'ec2:DescribeVpcs', resource: '*' },
  { action: 'ec2:DescribeSubnets', resource: '*' },
];

const DENIED: SimRequest[] = [
  { action: 'ecr:BatchGetImage', resource: `arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/someone-elses` },
  { action: 'ecr:PutImage', resource: REPO },
  { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::my-artifacts/models/v2/model.tar.gz` },
  { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::my-artifacts/secrets.txt` },
  { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::other-bucket/models/v1/model.tar.gz` },
  { action: 's3:PutObject', resource: OBJECT },
  { action: 's3:DeleteObject', resource: OBJECT },
  { action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'models/' } },
  { action: 's3:GetObject', resource: `arn:${PARTITION}:s3:::my-capture/other/x.jsonl` },
  { action: 'logs:PutLogEvents', resource: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/fn:log-stream:x` },
  { action: 'logs:DeleteLogGroup', resource: LOG_GROUP },
  { action: 'ec2:CreateNetworkInterface', resource: `arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:subnet/subnet-99999999` },
  { action: 'ec2:TerminateInstances', resource: `arn:${PARTITION}:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0` },
  { action: 'iam:PassRole', resource: `arn:${PARTITION}:iam::${ACCOUNT}:role/admin` },
  { action: 'sagemaker:CreateEndpoint', resource: `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:endpoint/x` },
];

describe('IAM simulation of the model execution role', () => {
  const policies = buildFixture();

  test.each(ALLOWED.map(r => [`${r.action} on ${r.resource}`, r] as const))('allows %s', async (_key, request) => {
    const result = await decisions(policies, [request]);
    expect([...result.values()]).toEqual(['Allowed']);
  });

  test.each(DENIED.map(r => [`${r.action} on ${r.resource}`, r] as const))('denies %s', async (_key, request) => {
    const result = await decisions(policies, [request]);
    expect([...result.values()]).toEqual(['ImplicitlyDenied']);
  });

  test('allows no other ECR action than the three pull actions and GetAuthorizationToken', async () => {
    const probes = await probesForService('ecr', { repository: [REPO] });
    const allowed = [...(await decisions(policies, probes)).entries()].filter(([, d]) => d === 'Allowed').map(([k]) => k.split(' on ')[0]);
    expect([...new Set(allowed)].sort()).toEqual([
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer',
    ]);
  });

  test('allows no other S3 action than reading model data, listing its prefix and writing capture data', async () => {
    const probes = await probesForService('s3', { object: [OBJECT, PREFIX_OBJECT, CAPTURE], bucket: [BUCKET] });
    const withPrefix = probes.map(p => (p.resource === BUCKET ? { ...p, context: { 's3:prefix': 'weights/v1/' } } : p));
    const allowed = [...(await decisions(policies, withPrefix)).entries()].filter(([, d]) => d === 'Allowed').map(([k]) => k);
    expect(allowed.sort()).toEqual([
      `s3:PutObject on ${CAPTURE}`,
      `s3:GetObject on ${OBJECT}`,
      `s3:GetObject on ${PREFIX_OBJECT}`,
      `s3:ListBucket on ${BUCKET}`,
    ].sort());
  });
});
