// The verify-rollout custom resource: the handler (with a mocked SageMaker client) and the resources it adds.
import * as fs from 'fs';
import * as path from 'path';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { App, Duration, Stack, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { BlueGreenDeployment, ContainerImage, Endpoint, EndpointConfig, InstanceType, Model, RollingDeployment, CapacitySize } from '../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verify } = require('../assets/verify-rollout/index.js');

const sm = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1' });
const noSleep = async () => undefined;
const event = (requestType: string) => ({
  RequestType: requestType,
  PhysicalResourceId: requestType === 'Create' ? undefined : 'verify-rollout-my-endpoint',
  ResourceProperties: { EndpointName: 'my-endpoint', EndpointConfigName: 'cfg-new' },
});

describe('verify-rollout handler', () => {
  beforeEach(() => sm.reset());

  test('succeeds when the endpoint is InService on the rendered config', async () => {
    sm.on(DescribeEndpointCommand, { EndpointName: 'my-endpoint' }).resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-new' });
    const result = await verify(event('Update'), { client, sleep: noSleep });
    expect(result).toEqual({ status: 'SUCCESS', reason: 'endpoint my-endpoint is InService on cfg-new', physicalResourceId: 'verify-rollout-my-endpoint' });
  });

  test('fails a silent rollback: InService, but on the old config', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-old', FailureReason: 'alarm my-alarm fired' });
    const result = await verify(event('Update'), { client, sleep: noSleep });
    expect(result.status).toBe('FAILED');
    expect(result.reason).toBe('endpoint my-endpoint is InService on cfg-old, not on cfg-new: SageMaker rolled the update back: alarm my-alarm fired');
  });

  test('fails with the FailureReason when the endpoint is Failed', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'Failed', EndpointConfigName: 'cfg-new', FailureReason: 'image not found' });
    const result = await verify(event('Create'), { client, sleep: noSleep });
    expect(result).toMatchObject({ status: 'FAILED', reason: 'endpoint my-endpoint is Failed, not InService on cfg-new: image not found' });
  });

  test('retries DescribeEndpoint when throttled', async () => {
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sm.on(DescribeEndpointCommand)
      .rejectsOnce(throttle)
      .rejectsOnce(throttle)
      .resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-new' });
    const result = await verify(event('Update'), { client, sleep: noSleep });
    expect(result.status).toBe('SUCCESS');
    expect(sm.commandCalls(DescribeEndpointCommand)).toHaveLength(3);
  });

  test('fails when the endpoint was deleted', async () => {
    sm.on(DescribeEndpointCommand).rejects(Object.assign(new Error('Could not find endpoint "my-endpoint".'), { name: 'ValidationException' }));
    const result = await verify(event('Update'), { client, sleep: noSleep });
    expect(result.status).toBe('FAILED');
    expect(result.reason).toMatch(/^endpoint my-endpoint does not exist after its update/);
  });

  test('polls while the endpoint is still updating', async () => {
    sm.on(DescribeEndpointCommand)
      .resolvesOnce({ EndpointStatus: 'Updating', EndpointConfigName: 'cfg-old' })
      .resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-new' });
    const result = await verify(event('Update'), { client, sleep: noSleep, remainingMs: () => 600000 });
    expect(result.status).toBe('SUCCESS');
  });

  test('never blocks a stack rollback: a failed check succeeds while its stack rolls back', async () => {
    // GIVEN CloudFormation rolls the stack back and updates the check to the previous config name while the
    // endpoint is still on the new one
    sm.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-old' });
    const stackIds: string[] = [];
    const rollback = { ...event('Update'), StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Stack/guid' };
    // WHEN
    const result = await verify(rollback, {
      client, sleep: noSleep, stackStatus: async (id: string) => { stackIds.push(id); return 'UPDATE_ROLLBACK_IN_PROGRESS'; },
    });
    // THEN
    expect(stackIds).toEqual([rollback.StackId]);
    expect(result.status).toBe('SUCCESS');
    expect(result.reason).toBe('stack is UPDATE_ROLLBACK_IN_PROGRESS: not blocking the rollback '
      + '(endpoint my-endpoint is InService on cfg-old, not on cfg-new: SageMaker rolled the update back)');
  });

  test('a forward update still fails when its stack is updating, or when the stack status cannot be read', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-old' });
    const forward = { ...event('Update'), StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Stack/guid' };
    const updating = await verify(forward, { client, sleep: noSleep, stackStatus: async () => 'UPDATE_IN_PROGRESS' });
    expect(updating.status).toBe('FAILED');
    const unreadable = await verify(forward, { client, sleep: noSleep, stackStatus: async () => { throw new Error('AccessDenied'); } });
    expect(unreadable.status).toBe('FAILED');
  });

  test('a successful check never reads the stack status', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointConfigName: 'cfg-new' });
    const stackStatus = jest.fn(async () => 'UPDATE_IN_PROGRESS');
    const result = await verify({ ...event('Update'), StackId: 'arn:stack' }, { client, sleep: noSleep, stackStatus });
    expect(result.status).toBe('SUCCESS');
    expect(stackStatus).not.toHaveBeenCalled();
  });

  test('a Delete event is a no-op that never calls SageMaker', async () => {
    const result = await verify(event('Delete'), { client, sleep: noSleep });
    expect(result).toEqual({ status: 'SUCCESS', reason: 'nothing to verify on delete', physicalResourceId: 'verify-rollout-my-endpoint' });
    expect(sm.calls()).toHaveLength(0);
  });
});

describe('verifyRollout resources', () => {
  function app(verifyRollout: boolean | undefined, two = false) {
    const a = new App();
    const stack = new Stack(a, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const endpoints = (two ? ['A', 'B'] : ['A']).map(id => {
      const model = new Model(stack, `Model${id}`, { containers: [{ image: ContainerImage.fromImageUri('111111111111.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
      const config = new EndpointConfig(stack, `Config${id}`, {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 4 }],
      });
      const endpoint = new Endpoint(stack, `Endpoint${id}`, { endpointConfig: config, endpointName: `endpoint-${id.toLowerCase()}` });
      if (id === 'A') {
        new BlueGreenDeployment(stack, `Deployment${id}`, { endpoint, verifyRollout });
      } else {
        new RollingDeployment(stack, `Deployment${id}`, { endpoint, verifyRollout, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) });
      }
      return endpoint;
    });
    return { stack, endpoints, template: Template.fromStack(stack) };
  }
  const shared = app(undefined, true);

  test('by default each deployment adds a check that depends on its endpoint and changes with the config name', () => {
    const resources = shared.template.findResources('Custom::SageMakerVerifyRollout');
    expect(Object.keys(resources)).toHaveLength(2);
    const [id, check] = Object.entries(resources).find(([, r]) => (r as any).Properties.EndpointName === 'endpoint-a')!;
    expect(id).toMatch(/^EndpointAVerifyRollout/);
    const endpointId = shared.stack.getLogicalId(shared.endpoints[0].node.defaultChild as any);
    expect((check as any).DependsOn).toContain(endpointId);
    // the config's content-hash name: a new config is a new name, so CloudFormation sends an Update
    expect((check as any).Properties.EndpointConfigName).toMatch(/^stack-configa-[0-9a-f]{16}$/);
  });

  test('the check of an endpoint adopted with fromCfnEndpoint depends on the CfnEndpoint itself', () => {
    // GIVEN a raw L1 endpoint wrapped by the library (the Endpoint construct is a child of the L1, with no resource)
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('111111111111.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 4 }],
    });
    const cfn = new sagemaker.CfnEndpoint(stack, 'Legacy', { endpointName: 'legacy', endpointConfigName: config.endpointConfigName });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', { endpoint: Endpoint.fromCfnEndpoint(cfn, { endpointConfig: config }) });
    // THEN
    const [check] = Object.values(Template.fromStack(stack).findResources('Custom::SageMakerVerifyRollout')) as any[];
    expect(check.DependsOn).toContain(stack.getLogicalId(cfn));
  });

  test('one provider per stack, on aws-cdk-lib\'s latest Node.js runtime, allowed DescribeEndpoint on exactly the checked endpoints', () => {
    shared.template.resourceCountIs('AWS::Lambda::Function', 1);
    shared.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: Match.stringLikeRegexp('^nodejs'),
      Handler: 'index.handler',
      FunctionName: Match.stringLikeRegexp('^cdk-sagemaker-verify-rollout-[0-9a-f]{10}$'),
    });
    const policy = JSON.stringify(Object.entries(shared.template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('CdkSageMakerEndpointVerifyRollout')));
    expect(policy).toContain(':endpoint/endpoint-a');
    expect(policy).toContain(':endpoint/endpoint-b');
    expect(policy).not.toMatch(/"sagemaker:\*"|"Resource":"\*"/);
    expect(policy).not.toContain('AWSLambdaBasicExecutionRole');
    // and reads the status of its own stack only (so that it never blocks a rollback)
    expect(policy).toContain('"cloudformation:DescribeStacks"');
    expect(policy).toContain(':cloudformation:us-east-1:111111111111:stack/Stack/*');
  });

  test('the check waits for its permission through the function it calls, not through a DependsOn per check', () => {
    const template = shared.template.toJSON();
    const [fnId, fn] = Object.entries(shared.template.findResources('AWS::Lambda::Function'))[0];
    const policyIds = Object.keys(shared.template.findResources('AWS::IAM::Policy')).filter(id => id.startsWith('CdkSageMakerEndpointVerifyRollout'));
    expect(policyIds).toHaveLength(1);
    // the function depends on the role and its DefaultPolicy, where DescribeEndpoint is
    expect((fn as any).DependsOn).toEqual(expect.arrayContaining(policyIds));
    for (const check of Object.values(shared.template.findResources('Custom::SageMakerVerifyRollout'))) {
      expect((check as any).Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      // only the endpoint: the role and its policies come before the function, which comes before the check
      expect((check as any).DependsOn).toHaveLength(1);
      expect(template.Resources[(check as any).DependsOn[0]].Type).toBe('AWS::SageMaker::Endpoint');
    }
  });

  test('endpoints share DescribeEndpoint statements, 25 endpoints each, so that a stack of many endpoints still splits into policies', () => {
    // GIVEN 30 endpoints with verified rollouts in one stack
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('111111111111.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    });
    for (let i = 0; i < 30; i++) {
      const endpoint = new Endpoint(stack, `Endpoint${i}`, { endpointConfig: config, endpointName: `endpoint-${i}` });
      new BlueGreenDeployment(stack, `Deployment${i}`, { endpoint });
    }
    // THEN two statements: 25 endpoints and 5, each endpoint exactly once
    const statements = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('CdkSageMakerEndpointVerifyRollout'))
      .flatMap(([, p]) => (p as any).Properties.PolicyDocument.Statement)
      .filter((st: any) => st.Action === 'sagemaker:DescribeEndpoint');
    expect(statements.map((st: any) => st.Resource.length)).toEqual([25, 5]);
    const arns = JSON.stringify(statements);
    for (let i = 0; i < 30; i++) {
      expect(arns.split(`:endpoint/endpoint-${i}"`).length - 1).toBe(1);
    }
  });

  test('the handler code asset is the same on every synth (reproducible snapshots)', () => {
    const code = (t: Template) => JSON.stringify(Object.values(t.findResources('AWS::Lambda::Function'))[0].Properties.Code);
    expect(code(app(undefined).template)).toBe(code(shared.template));
  });

  test('verifyRollout: false removes every resource it adds', () => {
    const off = app(false, true).template.toJSON().Resources as { [id: string]: { Type: string } };
    const on = shared.template.toJSON().Resources as { [id: string]: { Type: string } };
    const added = Object.keys(on).filter(id => !(id in off)).map(id => on[id].Type).sort();
    expect(added).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'Custom::SageMakerVerifyRollout', 'Custom::SageMakerVerifyRollout']);
    expect(Object.values(off).map(r => r.Type)).not.toContain('AWS::Lambda::Function');
  });
});

describe('the deploy role manages the provider', () => {
  test('grants.deploy allows the provider function and role by their exact names, and passes the role only to Lambda', () => {
    const a = new App();
    const stack = new Stack(a, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('111111111111.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
    const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    endpoint.grants.deploy(role);
    // the deployment is added after the grant: the grant still follows
    new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes('Deployer'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const text = JSON.stringify(statements);
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0].Properties.FunctionName as string;
    expect(text).toContain(`:lambda:us-east-1:111111111111:function:${fn}"`);
    expect(text).toContain(`:iam::111111111111:role/${fn}"`);
    const pass = statements.find((s: any) => s.Action === 'iam:PassRole' && JSON.stringify(s.Resource).includes(fn));
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
    expect(text).not.toMatch(/function:\*|role\/\*/);
  });
});

describe('the handler ships and the integ snapshots show the check', () => {
  test('npm pack publishes the handler at the path the provider reads (lib/deployment/private -> ../../../assets)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require('child_process');
    const root = path.join(__dirname, '..');
    const r = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf-8' });
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('assets/verify-rollout/index.js');
    expect(path.resolve(root, 'lib', 'deployment', 'private', '..', '..', '..', 'assets', 'verify-rollout', 'index.js'))
      .toBe(path.join(root, 'assets', 'verify-rollout', 'index.js'));
  });

  test.each(['integ.blue-green.ts.snapshot/SageMakerBlueGreenCanary', 'integ.rolling.ts.snapshot/SageMakerRolling'])('%s: the check depends on the endpoint', (name) => {
    const template = JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.template.json`), 'utf-8'));
    const entries = Object.entries<any>(template.Resources);
    const endpointId = entries.find(([, r]) => r.Type === 'AWS::SageMaker::Endpoint')![0];
    const checks = entries.filter(([, r]) => r.Type === 'Custom::SageMakerVerifyRollout');
    expect(checks).toHaveLength(1);
    expect(checks[0][1].DependsOn).toContain(endpointId);
    expect(entries.filter(([, r]) => r.Type === 'AWS::Lambda::Function')).toHaveLength(1);
  });
});
