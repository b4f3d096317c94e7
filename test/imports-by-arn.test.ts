// Every import by ARN validates and lower-cases alike (issue 14): fromModelArn, fromEndpointConfigArn and
// fromEndpointArn go through one parser (src/private/arns.ts).
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Endpoint, EndpointConfig, Model } from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

const KINDS = [
  {
    type: 'model',
    property: 'modelArn',
    importArn: (s: Stack, arn: string) => {
      const m = Model.fromModelArn(s, 'Imported', arn);
      return { name: m.modelName, arn: m.modelArn };
    },
  },
  {
    type: 'endpoint-config',
    property: 'endpointConfigArn',
    importArn: (s: Stack, arn: string) => {
      const c = EndpointConfig.fromEndpointConfigArn(s, 'Imported', arn);
      return { name: c.endpointConfigName, arn: c.endpointConfigArn };
    },
  },
  {
    type: 'endpoint',
    property: 'endpointArn',
    importArn: (s: Stack, arn: string) => {
      const e = Endpoint.fromEndpointArn(s, 'Imported', arn);
      return { name: e.endpointName, arn: e.endpointArn };
    },
  },
];

describe.each(KINDS)('import of a $type by ARN', ({ type, property, importArn }) => {
  test('keeps the name as written and lower-cases it inside the ARN (IAM matches lower-cased names)', () => {
    // GIVEN a hand-typed ARN with a mixed-case name
    const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/Fraud-Detector`;
    // WHEN
    const imported = importArn(stack(), arn);
    // THEN
    expect(imported).toEqual({ name: 'Fraud-Detector', arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/fraud-detector` });
  });

  test('rejects an ARN of another service or resource type, naming the property and the shape', () => {
    const bad = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type === 'model' ? 'endpoint' : 'model'}/x`;
    expect(() => importArn(stack(), bad)).toThrow(
      `Stack/Imported: ${property} must be arn:<partition>:sagemaker:<region>:<account>:${type}/<name>, got "${bad}"`);
    expect(() => importArn(stack(), 'arn:aws:s3:::bucket')).toThrow(`${property} must be arn:<partition>:sagemaker:`);
  });

  test('rejects something that is not an ARN with the same message, not an aws-cdk-lib parse error', () => {
    expect(() => importArn(stack(), 'fraud-detector')).toThrow(
      `Stack/Imported: ${property} must be arn:<partition>:sagemaker:<region>:<account>:${type}/<name>, got "fraud-detector"`);
  });

  test('rejects an invalid name inside the ARN', () => {
    expect(() => importArn(stack(), `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/bad_name`)).toThrow(
      `Stack/Imported: ${property} name must match`);
  });

  test('takes a token ARN as given, with the name split out at deploy time', () => {
    const s = stack();
    const arn = Fn.importValue('SharedArn');
    const imported = importArn(s, arn);
    expect(imported.arn).toBe(arn);
    expect(s.resolve(imported.name)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::ImportValue': 'SharedArn' }] }] }] }] });
  });
});
