// Issue 13, finding 1: a role built from endpoint.grants.deploy can perform every call CloudFormation makes
// for the three kinds of change of a guarded endpoint (image change, config change, deployment-settings
// change), simulated with @cloud-copilot/iam-simulate, and is implicitly denied the same calls on other
// models, configs, endpoints, alarms and roles.
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { newConfig, newEndpoint, newStack } from './endpoint-fixtures';
import { BlueGreenDeployment, CapacitySize, Model, ModelGrants, TrafficRouting } from '../src';
import { ACCOUNT, CfnTemplate, decisions, identityPoliciesOf, REGION, sagemakerArnOf, SimRequest } from './util/iam-sim';

const PASSED_TO_SAGEMAKER = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const alarmArn = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;

/** Replaces `Fn::GetAtt [<role>, Arn]` with `arn:aws:iam::<account>:role/<logical id>` (the simulator helper leaves roles unresolved). */
function resolveRoleArns(template: any): any {
  const walk = (v: any): any => {
    if (Array.isArray(v)) {
      return v.map(walk);
    }
    if (v && typeof v === 'object') {
      const att = v['Fn::GetAtt'];
      if (Array.isArray(att) && att[1] === 'Arn' && template.Resources[att[0]]?.Type === 'AWS::IAM::Role') {
        return roleArn(att[0]);
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { ...template, Resources: walk(template.Resources) };
}

interface Fixture {
  readonly policies: { name: string; policy: any }[];
  /** lower-cased ARNs of the endpoint, current config and model, and the names they rotate to */
  readonly E: string;
  readonly C: string;
  readonly C2: string;
  readonly M: string;
  readonly M2: string;
  readonly modelRole: string;
  readonly alarm: string;
}

let f: Fixture;
beforeAll(() => {
  // GIVEN a guarded, autoscaled endpoint with a rollback alarm created by the deployment
  const stack = newStack('DeploySim');
  const config = newConfig(stack);
  const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'Sim-Endpoint' });
  endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 4 });
  const role = new iam.Role(stack, 'DeployRole', { assumedBy: new iam.AccountRootPrincipal() });
  // WHEN the role is granted deploy before the deployment and its alarm exist
  endpoint.grants.deploy(role);
  const deployment = new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(50), waitInterval: Duration.minutes(5) }),
  });
  const alarm = deployment.addErrorRateAlarm();
  const template = resolveRoleArns(Template.fromStack(stack).toJSON()) as CfnTemplate;
  const model = config.productionVariants[0].model as Model;
  const id = (c: any) => stack.resolve(c.node.defaultChild.logicalId);
  f = {
    policies: identityPoliciesOf(template, id(role)),
    E: sagemakerArnOf('endpoint', 'sim-endpoint'),
    C: sagemakerArnOf('endpoint-config', config.endpointConfigName),
    C2: sagemakerArnOf('endpoint-config', `${config._namePrefix}-0123456789abcdef`),
    M: sagemakerArnOf('model', model.modelName),
    M2: sagemakerArnOf('model', `${model._namePrefix}-fedcba9876543210`),
    modelRole: roleArn(id(model.role)),
    alarm: alarmArn(id(alarm)),
  };
});

/** The calls CloudFormation makes for each kind of change (create, wait, clean up or roll back). */
function calls(kind: 'image' | 'config' | 'settings'): SimRequest[] {
  const { E, C, C2, M, M2, modelRole, alarm } = f;
  const configChange: SimRequest[] = [
    { action: 'sagemaker:CreateEndpointConfig', resource: C2 },
    { action: 'sagemaker:AddTags', resource: C2 },
    { action: 'sagemaker:DescribeEndpointConfig', resource: C2 },
    { action: 'sagemaker:UpdateEndpoint', resource: E },
    { action: 'sagemaker:UpdateEndpoint', resource: C2 },
    { action: 'sagemaker:DescribeEndpoint', resource: E },
    { action: 'cloudwatch:DescribeAlarms', resource: alarm },
    { action: 'sagemaker:DeleteEndpointConfig', resource: C },
    // rollback: the new config is deleted instead
    { action: 'sagemaker:DeleteEndpointConfig', resource: C2 },
  ];
  switch (kind) {
    case 'image':
      return [
        { action: 'sagemaker:CreateModel', resource: M2 },
        { action: 'iam:PassRole', resource: modelRole, context: PASSED_TO_SAGEMAKER },
        { action: 'sagemaker:AddTags', resource: M2 },
        { action: 'sagemaker:DescribeModel', resource: M2 },
        ...configChange,
        { action: 'sagemaker:DeleteModel', resource: M },
        { action: 'sagemaker:DeleteModel', resource: M2 },
      ];
    case 'config':
      return configChange;
    case 'settings':
      // a new canary size or alarm threshold: the alarm is updated, the endpoint updated in place
      return [
        { action: 'cloudwatch:PutMetricAlarm', resource: alarm },
        { action: 'cloudwatch:DescribeAlarms', resource: alarm },
        { action: 'cloudwatch:DeleteAlarms', resource: alarm },
        { action: 'sagemaker:UpdateEndpoint', resource: E },
        { action: 'sagemaker:UpdateEndpoint', resource: C },
        { action: 'sagemaker:DescribeEndpoint', resource: E },
        { action: 'sagemaker:DescribeEndpointConfig', resource: C },
        {
          action: 'application-autoscaling:PutScalingPolicy',
          resource: `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/0123abcd`,
          context: { 'application-autoscaling:service-namespace': 'sagemaker' },
        },
      ];
  }
}

describe('grants.deploy simulated against the calls CloudFormation makes', () => {
  test.each(['image', 'config', 'settings'] as const)('allows every call of a %s change', async (kind) => {
    const result = await decisions(f.policies, calls(kind));
    const denied = [...result].filter(([, d]) => d !== 'Allowed').map(([k]) => k);
    expect(denied).toEqual([]);
    expect(result.size).toBeGreaterThanOrEqual(8);
  });

  test('implicitly denies the same calls on other models, configs, endpoints, alarms and roles', async () => {
    const others: SimRequest[] = [
      { action: 'sagemaker:CreateModel', resource: sagemakerArnOf('model', 'other-model-0123456789abcdef') },
      { action: 'sagemaker:DeleteModel', resource: sagemakerArnOf('model', 'other-model-0123456789abcdef') },
      { action: 'sagemaker:CreateModel', resource: sagemakerArnOf('model', `${f.M.split('/')[1].slice(0, -17)}-extra-0123456789abcdef`) },
      { action: 'iam:PassRole', resource: roleArn('SomeAdminRole'), context: PASSED_TO_SAGEMAKER },
      { action: 'iam:PassRole', resource: f.modelRole, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      { action: 'sagemaker:CreateEndpointConfig', resource: sagemakerArnOf('endpoint-config', 'other-config-0123456789abcdef') },
      { action: 'sagemaker:DeleteEndpointConfig', resource: sagemakerArnOf('endpoint-config', 'other-config-0123456789abcdef') },
      { action: 'sagemaker:UpdateEndpoint', resource: sagemakerArnOf('endpoint', 'other-endpoint') },
      { action: 'sagemaker:DeleteEndpoint', resource: sagemakerArnOf('endpoint', 'other-endpoint') },
      { action: 'cloudwatch:PutMetricAlarm', resource: alarmArn('other-alarm') },
      { action: 'cloudwatch:DeleteAlarms', resource: alarmArn('other-alarm') },
    ];
    const result = await decisions(f.policies, others);
    expect([...result].filter(([, d]) => d !== 'ImplicitlyDenied').map(([k]) => k)).toEqual([]);
  });
});

describe('model.grants', () => {
  test('deploy allows a model deployed on its own to be created, described, deleted and its role passed', async () => {
    // GIVEN
    const stack: Stack = newStack('ModelSim');
    const config = newConfig(stack);
    const model = config.productionVariants[0].model as Model;
    const role = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    model.grants.deploy(role);
    ModelGrants.fromModel(model).describe(role);
    // THEN
    const id = (c: any) => stack.resolve(c.node.defaultChild.logicalId);
    const policies = identityPoliciesOf(resolveRoleArns(Template.fromStack(stack).toJSON()), id(role));
    const M = sagemakerArnOf('model', model.modelName);
    const M2 = sagemakerArnOf('model', `${model._namePrefix}-0000000000000000`);
    const result = await decisions(policies, [
      { action: 'sagemaker:CreateModel', resource: M2 },
      { action: 'sagemaker:DescribeModel', resource: M },
      { action: 'sagemaker:DeleteModel', resource: M },
      { action: 'iam:PassRole', resource: roleArn(id(model.role)), context: PASSED_TO_SAGEMAKER },
    ]);
    expect([...result.values()]).toEqual(['Allowed', 'Allowed', 'Allowed', 'Allowed']);
    expect(await decisions(policies, [{ action: 'sagemaker:CreateEndpoint', resource: sagemakerArnOf('endpoint', 'x') }]))
      .toEqual(new Map([[`sagemaker:CreateEndpoint on ${sagemakerArnOf('endpoint', 'x')}`, 'ImplicitlyDenied']]));
  });

  test('an imported model without a role gets no iam:PassRole', () => {
    const stack = newStack('ModelImport');
    const role = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.AccountRootPrincipal() });
    ModelGrants.fromModel(Model.fromModelName(stack, 'Imported', 'my-model')).deploy(role);
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).toContain(':model/my-model');
    expect(json).not.toContain('iam:PassRole');
  });
});

test('a rollback alarm added by the user (not created by the deployment) is only described, not written', () => {
  const stack = newStack('UserAlarm');
  const endpoint = newEndpoint(stack);
  const role = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.AccountRootPrincipal() });
  endpoint.grants.deploy(role);
  const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
  deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'Existing', 'team-alarm'));
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  expect(json).toContain('cloudwatch:DescribeAlarms');
  expect(json).not.toContain('cloudwatch:PutMetricAlarm');
});
