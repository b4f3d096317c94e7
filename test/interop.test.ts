// Interop with the rest of aws-cdk-lib: API Gateway's SagemakerIntegration, imported endpoints used for
// grants, Tags.of() aspects, CDK Stages and cross-stack references. Policies are checked with the IAM
// simulator (test/util/iam-sim.ts), not by reading JSON.
import { App, CfnParameter, NestedStack, Stack, Stage, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  BlueGreenDeployment, CapacitySize, ContainerImage, Endpoint, EndpointConfig, InstanceType, Model, TrafficRouting,
  EndpointGrants,
} from '../src';
import { ACCOUNT, CfnTemplate, identityPoliciesOf, REGION, sagemakerArnOf, simulate } from './util/iam-sim';

const ENV = { account: ACCOUNT, region: REGION };
const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/model:1`;

function model(scope: Construct, id = 'Model'): Model {
  return new Model(scope, id, { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
}

function config(scope: Construct, m: Model = model(scope), id = 'Config', tags?: { [key: string]: string }): EndpointConfig {
  return new EndpointConfig(scope, id, {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model: m, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
    tags,
  });
}

function roleIn(scope: Construct, id = 'Role'): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.AccountRootPrincipal() });
}

function logicalIdOf(construct: Construct): string {
  return Stack.of(construct).resolve((construct.node.defaultChild as iam.CfnRole).logicalId);
}

function policiesOf(role: iam.IRole): { name: string; policy: any }[] {
  const stack = Stack.of(role);
  return identityPoliciesOf(Template.fromStack(stack).toJSON() as CfnTemplate, logicalIdOf(role as iam.Role));
}

const PSEUDO = /^AWS::/;

/** Every Ref / Fn::GetAtt of a template that names neither a resource, a parameter nor a pseudo parameter of it. */
function danglingReferences(template: any): string[] {
  const known = new Set([...Object.keys(template.Resources ?? {}), ...Object.keys(template.Parameters ?? {})]);
  const out: string[] = [];
  const walk = (v: any): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === 'object') {
      if (typeof v.Ref === 'string' && !PSEUDO.test(v.Ref) && !known.has(v.Ref)) {
        out.push(`Ref ${v.Ref}`);
      }
      const getAtt = v['Fn::GetAtt'];
      if (Array.isArray(getAtt) && !known.has(getAtt[0])) {
        out.push(`GetAtt ${getAtt.join('.')}`);
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(template.Resources);
  walk(template.Outputs);
  return out;
}

function typesIn(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>).map(r => r.Type);
}

describe('apigateway.SagemakerIntegration', () => {
  test('invokes the endpoint by its case-preserved name and its role may invoke exactly this endpoint', async () => {
    // GIVEN an endpoint with a mixed-case name
    const app = new App();
    const stack = new Stack(app, 'Api', { env: ENV });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config(stack), endpointName: 'Fraud-Detector' });
    // WHEN
    const api = new apigateway.RestApi(stack, 'RestApi');
    const method = api.root.addResource('predict').addMethod('POST', new apigateway.SagemakerIntegration(endpoint));
    // THEN the integration URI uses the name as given (InvokeEndpoint is case-preserving)
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: {
        Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':runtime\\.sagemaker:path/endpoints/Fraud-Detector/invocations$')])] },
      },
    });
    // AND the generated integration role is allowed exactly InvokeEndpoint on the lower-cased ARN
    const role = method.node.findChild('SagemakerRole') as iam.Role;
    const policies = policiesOf(role);
    const mine = sagemakerArnOf('endpoint', 'fraud-detector');
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', mine)).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'other'))).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'sagemaker:UpdateEndpoint', mine)).toEqual('ImplicitlyDenied');
  });

  test('accepts an imported endpoint', async () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Api', { env: ENV });
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'Shared-Model');
    // WHEN
    const api = new apigateway.RestApi(stack, 'RestApi');
    const method = api.root.addMethod('POST', new apigateway.SagemakerIntegration(endpoint));
    // THEN
    const policies = policiesOf(method.node.findChild('SagemakerRole') as iam.Role);
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'shared-model'))).toEqual('Allowed');
  });
});

describe('imported endpoints used for grants', () => {
  test('fromEndpointName grants on the lower-cased ARN of this stack\'s account and Region', async () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: ENV });
    const role = roleIn(stack);
    // WHEN
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'Team-Endpoint');
    endpoint.grantInvoke(role);
    EndpointGrants.fromEndpoint(endpoint).describe(role);
    // THEN
    const policies = policiesOf(role);
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'team-endpoint'))).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:DescribeEndpoint', sagemakerArnOf('endpoint', 'team-endpoint'))).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'other'))).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'sagemaker:DescribeEndpointConfig', sagemakerArnOf('endpoint-config', 'anything'))).toEqual('ImplicitlyDenied');
  });

  test('fromEndpointArn normalizes a hand-typed mixed-case ARN and keeps its account and Region', async () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: ENV });
    const role = roleIn(stack);
    // WHEN
    const endpoint = Endpoint.fromEndpointArn(stack, 'Imported', `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/Team-Endpoint`);
    endpoint.grantInvoke(role);
    // THEN
    const policies = policiesOf(role);
    expect(endpoint.endpointName).toEqual('Team-Endpoint');
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'team-endpoint'))).toEqual('Allowed');
  });

  test('fromEndpointArn with a deploy-time ARN (a parameter) grants on exactly that ARN', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: ENV });
    const arn = new CfnParameter(stack, 'EndpointArn').valueAsString;
    const role = roleIn(stack);
    // WHEN
    Endpoint.fromEndpointArn(stack, 'Imported', arn).grantInvoke(role);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: { Ref: 'EndpointArn' } })] },
    });
  });

  test('fromEndpointAttributes with the config lets grants.update cover the config', async () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: ENV });
    const role = roleIn(stack);
    const endpointConfig = EndpointConfig.fromEndpointConfigName(stack, 'Config', 'Team-Config-1');
    // WHEN
    const endpoint = Endpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'Team-Endpoint', endpointConfig });
    EndpointGrants.fromEndpoint(endpoint).update(role);
    // THEN
    const policies = policiesOf(role);
    expect(await simulate(policies, 'sagemaker:UpdateEndpoint', sagemakerArnOf('endpoint', 'team-endpoint'))).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:UpdateEndpoint', sagemakerArnOf('endpoint-config', 'team-config-1'))).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:UpdateEndpoint', sagemakerArnOf('endpoint-config', 'team-config-2'))).toEqual('ImplicitlyDenied');
  });

  test('an imported endpoint without a config refuses grants that need it, naming the fix', () => {
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: ENV });
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'team-endpoint');
    expect(() => EndpointGrants.fromEndpoint(endpoint).deploy(roleIn(stack))).toThrow(/grants.deploy needs the endpoint config/);
  });
});

describe('Tags.of()', () => {
  test.each([false, true])('tags added to the app reach the endpoint and its config, and grants.create then allows AddTags (aspectStabilization %s)', async (stabilization) => {
    // GIVEN an untagged endpoint and config
    const app = new App({ context: { '@aws-cdk/core:aspectStabilization': stabilization } });
    const stack = new Stack(app, 'Tagged', { env: ENV });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config(stack), endpointName: 'tagged-endpoint' });
    const role = roleIn(stack);
    endpoint.grants.create(role);
    // WHEN tags come only from an aspect, added after the grant
    Tags.of(app).add('cost-center', 'ml-42');
    // THEN
    const template = Template.fromStack(stack);
    const tag = Match.arrayWith([{ Key: 'cost-center', Value: 'ml-42' }]);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { Tags: tag });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { Tags: tag });
    template.hasResourceProperties('AWS::SageMaker::Model', { Tags: tag });
    const policies = policiesOf(role);
    expect(await simulate(policies, 'sagemaker:AddTags', sagemakerArnOf('endpoint', 'tagged-endpoint'))).toEqual('Allowed');
  });

  test('a reserved aws: key added with Tags.of() is a synth error naming the resource (failure-modes row 17)', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Tagged', { env: ENV });
    new Endpoint(stack, 'Endpoint', { endpointConfig: config(stack), endpointName: 'tagged-endpoint' });
    // WHEN
    Tags.of(stack).add('aws:team', 'ml');
    // THEN
    expect(() => app.synth()).toThrow(/tags key must not start with the reserved prefix "aws:", got "aws:team" on Tagged\/Endpoint\/Resource \(added with Tags.of\(\)\)/);
    expect(() => app.synth()).toThrow(/got "aws:team" on Tagged\/Config\/Resource/);
    expect(() => app.synth()).toThrow(/got "aws:team" on Tagged\/Model\/Resource/);
  });

  test('tags do not change the config name (tags update in place)', () => {
    const names = [false, true].map(tagged => {
      const app = new App();
      const stack = new Stack(app, 'Tagged', { env: ENV });
      config(stack);
      if (tagged) {
        Tags.of(app).add('team', 'ml');
      }
      return Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig');
    }).map(r => Object.values(r)[0].Properties.EndpointConfigName);
    expect(names[1]).toEqual(names[0]);
  });

  test('without tags, grants.create does not allow AddTags', async () => {
    const app = new App();
    const stack = new Stack(app, 'Untagged', { env: ENV });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config(stack), endpointName: 'plain-endpoint' });
    const role = roleIn(stack);
    endpoint.grants.create(role);
    const policies = policiesOf(role);
    expect(await simulate(policies, 'sagemaker:AddTags', sagemakerArnOf('endpoint', 'plain-endpoint'))).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'sagemaker:CreateEndpoint', sagemakerArnOf('endpoint', 'plain-endpoint'))).toEqual('Allowed');
  });
});

class ServiceStage extends Stage {
  public readonly stack: Stack;
  public readonly endpoint: Endpoint;
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    this.stack = new Stack(this, 'FraudDetectionInferenceServiceStackWithAVeryLongName');
    const m = model(this.stack, 'FraudDetectorModelWithAnEvenLongerConstructIdentifier');
    const c = config(this.stack, m, 'FraudDetectorEndpointConfigWithAnEvenLongerConstructIdentifier');
    this.endpoint = new Endpoint(this.stack, 'FraudDetectorEndpointWithAnEvenLongerConstructIdentifier', { endpointConfig: c });
    const deployment = new BlueGreenDeployment(this.stack, 'Deployment', {
      endpoint: this.endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }),
    });
    deployment.addErrorRateAlarm();
  }
}

const NAME_PROPERTY: { [type: string]: string } = {
  'AWS::SageMaker::Model': 'ModelName',
  'AWS::SageMaker::EndpointConfig': 'EndpointConfigName',
  'AWS::SageMaker::Endpoint': 'EndpointName',
};

function sagemakerNames(stack: Stack): string[] {
  const template = Template.fromStack(stack).toJSON();
  return Object.values(template.Resources as Record<string, any>)
    .filter(r => r.Type.startsWith('AWS::SageMaker::'))
    .map(r => r.Properties[NAME_PROPERTY[r.Type]]);
}

describe('inside CDK Stages', () => {
  test('synthesizes into a nested assembly with valid names', () => {
    // GIVEN
    const app = new App();
    const stage = new ServiceStage(app, 'Prod');
    // WHEN
    const assembly = app.synth();
    // THEN
    expect(assembly.nestedAssemblies.map(n => n.nestedAssembly.stacks.map(s => s.stackName))).toEqual([['Prod-FraudDetectionInferenceServiceStackWithAVeryLongName']]);
    for (const name of sagemakerNames(stage.stack)) {
      expect(name).toMatch(/^[a-z0-9](-*[a-z0-9]){0,62}$/);
    }
  });

  test('two stages of the same app in one account and Region get distinct names for every SageMaker resource', () => {
    // GIVEN the same service deployed as Beta and Prod into one account and Region
    const app = new App();
    const beta = new ServiceStage(app, 'Beta');
    const prod = new ServiceStage(app, 'Prod');
    // WHEN
    const betaNames = sagemakerNames(beta.stack);
    const prodNames = sagemakerNames(prod.stack);
    // THEN no name is shared (a shared name fails the second deployment: "already exists")
    expect(betaNames).toHaveLength(3);
    expect(betaNames.filter(n => prodNames.includes(n))).toEqual([]);
  });
});

describe('cross-stack references', () => {
  test('an endpoint in one stack, a grant and an alarm in another: literal names, no exports needed', async () => {
    // GIVEN
    const app = new App();
    const serving = new Stack(app, 'Serving', { env: ENV });
    const endpoint = new Endpoint(serving, 'Endpoint', { endpointConfig: config(serving), endpointName: 'Shared-Endpoint' });
    const consumer = new Stack(app, 'Consumer', { env: ENV });
    const role = roleIn(consumer);
    // WHEN
    endpoint.grantInvoke(role);
    endpoint.grants.describe(role);
    new cloudwatch.Alarm(consumer, 'Errors', { metric: endpoint.metricInvocation5XXErrors(), threshold: 1, evaluationPeriods: 1 });
    // THEN
    const assembly = app.synth();
    expect(JSON.stringify(assembly.getStackByName('Consumer').template)).not.toContain('Fn::ImportValue');
    expect(Object.keys(assembly.getStackByName('Serving').template.Outputs ?? {})).toEqual([]);
    Template.fromStack(consumer).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: Match.arrayWith([{ Name: 'EndpointName', Value: 'Shared-Endpoint' }]),
    });
    const policies = policiesOf(role);
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'shared-endpoint'))).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:DescribeEndpointConfig',
      sagemakerArnOf('endpoint-config', (endpoint.endpointConfig as EndpointConfig).endpointConfigName.toLowerCase()))).toEqual('Allowed');
  });

  test('a model in one stack and its config and endpoint in another: the serving stack deploys after the model stack', () => {
    // GIVEN
    const app = new App();
    const models = new Stack(app, 'Models', { env: ENV });
    const m = model(models);
    const serving = new Stack(app, 'Serving', { env: ENV });
    // WHEN
    new Endpoint(serving, 'Endpoint', { endpointConfig: config(serving, m) });
    app.synth();
    // THEN CreateEndpointConfig names the model: the model must exist first (failure-modes row 20)
    expect(serving.dependencies.map(s => s.stackName)).toContain('Models');
    expect(typesIn(serving)).not.toContain('AWS::SageMaker::Model');
  });

  test('a config in one stack and the endpoint in another: the endpoint stack deploys after the config stack', () => {
    const app = new App();
    const configs = new Stack(app, 'Configs', { env: ENV });
    const c = config(configs);
    const serving = new Stack(app, 'Serving', { env: ENV });
    new Endpoint(serving, 'Endpoint', { endpointConfig: c });
    app.synth();
    expect(serving.dependencies.map(s => s.stackName)).toContain('Configs');
  });

  test('a deployment and its alarms in a monitoring stack: the endpoint stack waits for the alarms, no cycle', () => {
    // GIVEN
    const app = new App();
    const serving = new Stack(app, 'Serving', { env: ENV });
    const endpoint = new Endpoint(serving, 'Endpoint', { endpointConfig: config(serving) });
    const monitoring = new Stack(app, 'Monitoring', { env: ENV });
    // WHEN
    const deployment = new BlueGreenDeployment(monitoring, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }),
    });
    deployment.addErrorRateAlarm();
    const assembly = app.synth();
    // THEN the endpoint references the alarm, never the other way round
    expect(serving.dependencies.map(s => s.stackName)).toContain('Monitoring');
    expect(monitoring.dependencies.map(s => s.stackName)).not.toContain('Serving');
    expect(assembly.getStackByName('Serving').template.Resources).toBeDefined();
  });

  test.each([false, true])('grants.deploy to a role in a pipeline stack, with rollback alarms and a KMS key added: names and patterns known at synth, no export, no dependency on the service stack (aspectStabilization %s)', async (stabilization) => {
    // GIVEN a service stack with a model, an encrypted config, autoscaling and a rollback alarm created after the grant
    const app = new App({ context: { '@aws-cdk/core:aspectStabilization': stabilization } });
    const serving = new Stack(app, 'Serving', { env: ENV });
    const m = model(serving);
    const c = new EndpointConfig(serving, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model: m, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
      encryptionKey: new kms.Key(serving, 'Key'),
    });
    const endpoint = new Endpoint(serving, 'Endpoint', { endpointConfig: c });
    const pipeline = new Stack(app, 'Pipeline', { env: ENV });
    const role = roleIn(pipeline);
    // WHEN
    endpoint.grants.deploy(role);
    const deployment = new BlueGreenDeployment(serving, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }),
    });
    const alarm = deployment.addErrorRateAlarm();
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
    const assembly = app.synth();
    // THEN the pipeline stack imports nothing, the service stack exports nothing, and neither depends on the other
    for (const stack of assembly.stacks) {
      expect([stack.stackName, danglingReferences(stack.template)]).toEqual([stack.stackName, []]);
    }
    expect(JSON.stringify(assembly.getStackByName('Pipeline').template)).not.toContain('Fn::ImportValue');
    expect(Object.keys(assembly.getStackByName('Serving').template.Outputs ?? {})).toEqual([]);
    expect(pipeline.dependencies).toEqual([]);
    expect(serving.dependencies).toEqual([]);
    // and the role may still deploy: the model (PassRole of the tagged model role), the alarm, the key
    const policies = policiesOf(role);
    const alarmLogicalId = serving.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).logicalId);
    const generatedAlarm = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:Serving-${alarmLogicalId}-ABCDEF123456`;
    expect(await simulate(policies, 'cloudwatch:PutMetricAlarm', generatedAlarm)).toEqual('Allowed');
    expect(await simulate(policies, 'cloudwatch:DescribeAlarms', generatedAlarm)).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:CreateModel', sagemakerArnOf('model', m.modelName))).toEqual('Allowed');
    const modelRole = `arn:aws:iam::${ACCOUNT}:role/Serving-ModelRole1234-ABCDEF`;
    const tag = 'aws:ResourceTag/cdk-sagemaker-endpoint:model-role';
    const roleTags = Template.fromStack(serving).findResources('AWS::IAM::Role');
    const tagValue = (Object.values(roleTags)[0] as any).Properties.Tags.find((t: any) => t.Key === 'cdk-sagemaker-endpoint:model-role').Value;
    expect(await simulate(policies, 'iam:PassRole', modelRole, { [tag]: tagValue, 'iam:PassedToService': 'sagemaker.amazonaws.com' })).toEqual('Allowed');
    expect(await simulate(policies, 'iam:PassRole', modelRole, { [tag]: 'SomeOtherRole', 'iam:PassedToService': 'sagemaker.amazonaws.com' })).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'iam:PassRole', modelRole, { [tag]: tagValue, 'iam:PassedToService': 'ec2.amazonaws.com' })).toEqual('ImplicitlyDenied');
    // KMS also needs the key policy (the simulator requires it), so the identity statement is checked as written
    const kmsStatement = policies.flatMap(p => p.policy.Statement).find((st: any) => st.Action?.[0] === 'kms:CreateGrant');
    expect(kmsStatement).toEqual(expect.objectContaining({
      Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': `sagemaker.${REGION}.amazonaws.com` } },
    }));
  });

  test('grants.deploy to a role in the parent of a nested serving stack: no dangling reference', () => {
    // GIVEN
    const app = new App();
    const parent = new Stack(app, 'Parent', { env: ENV });
    const nested = new NestedStack(parent, 'Serving');
    const endpoint = new Endpoint(nested, 'Endpoint', { endpointConfig: config(nested) });
    const role = roleIn(parent);
    endpoint.grants.deploy(role);
    // WHEN
    new BlueGreenDeployment(nested, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }),
    }).addErrorRateAlarm();
    app.synth();
    // THEN
    expect(danglingReferences(Template.fromStack(parent).toJSON())).toEqual([]);
    expect(danglingReferences(Template.fromStack(nested).toJSON())).toEqual([]);
  });

  test('grants to a role in another account use the endpoint\'s own account in the ARN', async () => {
    const app = new App();
    const serving = new Stack(app, 'Serving', { env: ENV });
    const endpoint = new Endpoint(serving, 'Endpoint', { endpointConfig: config(serving), endpointName: 'shared' });
    const consumer = new Stack(app, 'Consumer', { env: { account: '210987654321', region: REGION } });
    const role = roleIn(consumer);
    endpoint.grantInvoke(role);
    expect(JSON.stringify(Template.fromStack(consumer).toJSON())).toContain(`:${ACCOUNT}:endpoint/shared`);
  });
});
