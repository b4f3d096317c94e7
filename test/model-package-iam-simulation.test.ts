// IAM simulation (issue 16) with @cloud-copilot/iam-simulate: the execution role of a model deployed from a
// model-registry version allows exactly DescribeModelPackage on that version (and artifact, image and key read
// where named) and no other SageMaker action; a target-model invoke grant allows the named models only and
// denies a request without TargetModel.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Model } from '../src';
import { ACCOUNT, CfnTemplate, decisions, identityPoliciesOf, PARTITION, probesForService, REGION } from './util/iam-sim';
import { multiModelEndpoint } from './util/multi-model-fixture';
import { fraudDetectorPackage } from './util/package-fixture';

const PKG = `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:model-package/FraudDetector/3`;
const KEY = `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const REPO = `arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/fraud-image`;
const ARTIFACT = `arn:${PARTITION}:s3:::registry-artifacts/fraud/v3/model.tar.gz`;
const ENDPOINT = `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:endpoint/tenants`;

function packageRolePolicies() {
  const stack = new Stack(new App(), 'Sim', { env: { account: ACCOUNT, region: REGION } });
  const model = new Model(stack, 'Model', {
    containers: [{ modelPackage: fraudDetectorPackage(stack, { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY) }) }],
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  return identityPoliciesOf(template, stack.resolve((model.role!.node.defaultChild as iam.CfnRole).logicalId));
}

function invokeClientPolicies() {
  const stack = new Stack(new App(), 'Sim', { env: { account: ACCOUNT, region: REGION } });
  const { endpoint, client } = multiModelEndpoint(stack);
  endpoint.grants.invoke(client, { targetModels: ['customer-42.tar.gz', 'tenant-a/*'] });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  return identityPoliciesOf(template, stack.resolve((client.node.defaultChild as iam.CfnRole).logicalId));
}

describe('IAM simulation of the execution role of a model package version', () => {
  const policies = packageRolePolicies();

  test.each([
    ['sagemaker:DescribeModelPackage', PKG],
    ['s3:GetObject', ARTIFACT],
    ['ecr:BatchGetImage', REPO],
    ['ecr:GetDownloadUrlForLayer', REPO],
  ])('allows %s on %s', async (action, resource) => {
    expect([...(await decisions(policies, [{ action, resource }])).values()]).toEqual(['Allowed']);
  });

  test.each([
    ['sagemaker:DescribeModelPackage', `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:model-package/FraudDetector/4`],
    ['sagemaker:DescribeModelPackage', `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:model-package/frauddetector/3`],
    ['sagemaker:DescribeModelPackage', `arn:${PARTITION}:sagemaker:${REGION}:${ACCOUNT}:model-package/Other/3`],
    ['sagemaker:UpdateModelPackage', PKG],
    ['s3:GetObject', `arn:${PARTITION}:s3:::registry-artifacts/fraud/v4/model.tar.gz`],
    ['ecr:PutImage', REPO],
    ['kms:Encrypt', KEY],
  ])('implicitly denies %s on %s', async (action, resource) => {
    expect([...(await decisions(policies, [{ action, resource }])).values()]).toEqual(['ImplicitlyDenied']);
  });

  // kms:Decrypt is not simulated: KMS authorizes through the key policy as well, which an identity-only simulation
  // cannot model; test/model-package.test.ts checks the statement.

  test('allows no SageMaker action but DescribeModelPackage on this version, over every SageMaker action', async () => {
    const probes = await probesForService('sagemaker', { 'model-package': [PKG] });
    const allowed = [...(await decisions(policies, probes)).entries()].filter(([, d]) => d === 'Allowed').map(([k]) => k);
    expect(allowed).toEqual([`sagemaker:DescribeModelPackage on ${PKG}`]);
  });
});

describe('IAM simulation of an invoke grant restricted to target models', () => {
  const policies = invokeClientPolicies();
  const invoke = (context?: Record<string, string>) => [{ action: 'sagemaker:InvokeEndpoint', resource: ENDPOINT, context }];

  test('allows the named target model', async () => {
    expect([...(await decisions(policies, invoke({ 'sagemaker:TargetModel': 'customer-42.tar.gz' }))).values()]).toEqual(['Allowed']);
  });

  test('allows a target model matching the pattern', async () => {
    expect([...(await decisions(policies, invoke({ 'sagemaker:TargetModel': 'tenant-a/model.tar.gz' }))).values()]).toEqual(['Allowed']);
  });

  test('implicitly denies another target model', async () => {
    expect([...(await decisions(policies, invoke({ 'sagemaker:TargetModel': 'customer-43.tar.gz' }))).values()]).toEqual(['ImplicitlyDenied']);
  });

  test('implicitly denies a request without the TargetModel key', async () => {
    expect([...(await decisions(policies, invoke())).values()]).toEqual(['ImplicitlyDenied']);
  });

  test('does not grant the invoke actions the condition cannot restrict', async () => {
    const requests = ['sagemaker:InvokeEndpointWithResponseStream', 'sagemaker:InvokeEndpointAsync']
      .map(action => ({ action, resource: ENDPOINT, context: { 'sagemaker:TargetModel': 'customer-42.tar.gz' } }));
    expect([...(await decisions(policies, requests)).values()]).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });
});
