import { Aspects, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { attachFakeDeployment, newConfig, newEndpoint, newStack } from './endpoint-fixtures';
import { Endpoint, EndpointGrants } from '../src/endpoint';
import { EndpointConfig } from '../src/endpoint-config';

const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:us-east-1:123456789012:${resource}`]] });

function newRole(stack: Stack, id = 'Role'): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });
}

/** All statements of the role's policies, resolved. */
function statementsOf(stack: Stack, role: iam.Role): any[] {
  const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function actionsOf(statements: any[]): string[] {
  return statements.flatMap(s => [s.Action].flat()).sort();
}

describe('EndpointGrants', () => {
  test('invoke grants InvokeEndpoint and InvokeEndpointWithResponseStream on the lower-cased endpoint ARN', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'Mixed-Case' });
    const role = newRole(stack);
    // WHEN
    endpoint.grants.invoke(role);
    // THEN
    expect(statementsOf(stack, role)).toEqual([{
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      Effect: 'Allow',
      Resource: arn('endpoint/mixed-case'),
    }]);
  });

  test('grantInvoke delegates to grants.invoke', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    const viaGrants = newRole(stack, 'A');
    const viaMethod = newRole(stack, 'B');
    // WHEN
    endpoint.grants.invoke(viaGrants);
    const grant = endpoint.grantInvoke(viaMethod);
    // THEN
    expect(statementsOf(stack, viaMethod)).toEqual(statementsOf(stack, viaGrants));
    expect(grant.success).toBe(true);
  });

  test('create grants CreateEndpoint and CreateEndpointConfig on exactly the endpoint and config ARNs, without AddTags when untagged', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack);
    const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'ep' });
    const role = newRole(stack);
    // WHEN
    endpoint.grants.create(role);
    // THEN
    expect(statementsOf(stack, role)).toEqual([{
      Action: ['sagemaker:CreateEndpoint', 'sagemaker:CreateEndpointConfig'],
      Effect: 'Allow',
      Resource: [arn('endpoint/ep'), arn(`endpoint-config/${config.endpointConfigName}`)],
    }]);
  });

  test.each([
    ['endpoint tags', (_s: Stack, props: any) => ({ ...props, tags: { team: 'ml' } }), () => undefined],
    ['config tags', (s: Stack, props: any) => ({ ...props, endpointConfig: newConfig(s, { props: { tags: { team: 'ml' } } }) }), () => undefined],
    ['Tags.of() on the stack', (_s: Stack, props: any) => props, (s: Stack) => Tags.of(s).add('team', 'ml')],
  ])('create adds AddTags on the endpoint and config ARNs with %s', (_name, makeProps, afterwards) => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, makeProps(stack, { endpointName: 'ep' }));
    const role = newRole(stack);
    // WHEN
    endpoint.grants.create(role);
    afterwards(stack);
    // THEN
    const configName = (endpoint.endpointConfig as EndpointConfig).endpointConfigName;
    expect(statementsOf(stack, role)).toContainEqual({
      Action: 'sagemaker:AddTags',
      Effect: 'Allow',
      Resource: [arn('endpoint/ep'), arn(`endpoint-config/${configName}`)],
    });
  });

  test('update grants UpdateEndpoint on the endpoint, the config and the rotated config names (failure-modes row 10)', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack);
    const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'ep' });
    const role = newRole(stack);
    // WHEN
    endpoint.grants.update(role);
    // THEN
    expect(config._namePrefix).toEqual('stack-config');
    expect(statementsOf(stack, role)).toEqual([
      {
        Action: 'sagemaker:UpdateEndpoint',
        Effect: 'Allow',
        Resource: [arn('endpoint/ep'), arn(`endpoint-config/${config.endpointConfigName}`), arn('endpoint-config/stack-config-????????????????')],
      },
      { Action: 'sagemaker:UpdateEndpointWeightsAndCapacities', Effect: 'Allow', Resource: arn('endpoint/ep') },
    ]);
  });

  test('update covers only the exact config ARN when the config name is pinned', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack, { props: { endpointConfigName: 'Pinned-Config' } });
    const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'ep' });
    const role = newRole(stack);
    // WHEN
    endpoint.grants.update(role);
    // THEN
    expect(statementsOf(stack, role)[0].Resource).toEqual([arn('endpoint/ep'), arn('endpoint-config/pinned-config')]);
  });

  test('describe grants DescribeEndpoint and DescribeEndpointConfig', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack);
    const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'ep' });
    const role = newRole(stack);
    // WHEN
    endpoint.grants.describe(role);
    // THEN
    expect(statementsOf(stack, role)).toEqual([
      { Action: 'sagemaker:DescribeEndpoint', Effect: 'Allow', Resource: arn('endpoint/ep') },
      { Action: 'sagemaker:DescribeEndpointConfig', Effect: 'Allow', Resource: arn(`endpoint-config/${config.endpointConfigName}`) },
    ]);
  });

  test('deploy without deployment or autoscaling grants only SageMaker actions on the endpoint, configs and models, and PassRole of the model role', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'ep' });
    const role = newRole(stack);
    // WHEN
    endpoint.grants.deploy(role);
    // THEN
    expect([...new Set(actionsOf(statementsOf(stack, role)))]).toEqual([
      'iam:PassRole',
      'sagemaker:AddTags', 'sagemaker:CreateEndpoint', 'sagemaker:CreateEndpointConfig', 'sagemaker:CreateModel', 'sagemaker:DeleteEndpoint',
      'sagemaker:DeleteEndpointConfig', 'sagemaker:DeleteModel', 'sagemaker:DeleteTags', 'sagemaker:DescribeEndpoint', 'sagemaker:DescribeEndpointConfig',
      'sagemaker:DescribeModel', 'sagemaker:ListTags', 'sagemaker:UpdateEndpoint',
    ]);
  });

  test('deploy covers rollback alarms of a deployment attached after the grant', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    // WHEN
    const { alarms } = attachFakeDeployment(endpoint, ['first', 'second']);
    // THEN
    expect(statementsOf(stack, role)).toContainEqual({
      Action: 'cloudwatch:DescribeAlarms',
      Effect: 'Allow',
      Resource: alarms.map(a => ({ 'Fn::GetAtt': [stack.getLogicalId(a.node.defaultChild as any), 'Arn'] })),
    });
  });

  test('deploy covers rollback alarms added to the deployment after attaching it', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    const role = newRole(stack);
    const { alarms } = attachFakeDeployment(endpoint, ['first']);
    endpoint.grants.deploy(role);
    // WHEN
    const late = cloudwatch.Alarm.fromAlarmArn(stack, 'Late', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:late');
    alarms.push(late);
    endpoint._addRollbackAlarm(late);
    // THEN
    const describe = statementsOf(stack, role).find(s => s.Action === 'cloudwatch:DescribeAlarms');
    expect(describe.Resource).toHaveLength(2);
    expect(describe.Resource[1]).toEqual('arn:aws:cloudwatch:us-east-1:123456789012:alarm:late');
  });

  test('deploy adds its statements when alarms and autoscaling are attached, not from an aspect or a validator', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'ep' });
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    // WHEN
    attachFakeDeployment(endpoint, ['late-alarm']);
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    // THEN the statements are in the role's policy before synthesis (no aspect ran, no validator ran)
    const actions = (role.node.tryFindChild('DefaultPolicy') as iam.Policy).document.toJSON().Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['cloudwatch:DescribeAlarms', 'application-autoscaling:RegisterScalableTarget']));
    expect(Aspects.of(endpoint).all).toEqual([]);
  });

  test('deploy adds the autoscaling statements when autoscaling is attached after the grant (failure-modes row 14)', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'ep' });
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    // WHEN
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    // THEN
    const statements = statementsOf(stack, role);
    expect(statements).toContainEqual({
      Action: [
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
      ],
      Condition: { StringEquals: { 'application-autoscaling:service-namespace': 'sagemaker' } },
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':application-autoscaling:us-east-1:123456789012:scalable-target/*']] },
    });
    expect(statements).toContainEqual({
      Action: [
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingPolicies',
        'application-autoscaling:DescribeScalingActivities',
      ],
      Effect: 'Allow',
      Resource: '*',
    });
    expect(statements).toContainEqual({
      Action: 'iam:CreateServiceLinkedRole',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'sagemaker.application-autoscaling.amazonaws.com' } },
      Effect: 'Allow',
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
          ':iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint']],
      },
    });
    expect(statements).toContainEqual({ Action: 'sagemaker:UpdateEndpointWeightsAndCapacities', Effect: 'Allow', Resource: arn('endpoint/ep') });
  });

  test('only the read-only Application Auto Scaling actions use a * resource', () => {
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
    attachFakeDeployment(endpoint);
    const role = newRole(stack);
    for (const method of ['invoke', 'create', 'update', 'describe', 'deploy'] as const) {
      endpoint.grants[method](role);
    }
    const starred = statementsOf(stack, role).filter(s => [s.Resource].flat().includes('*'));
    expect(actionsOf(starred)).toEqual([
      'application-autoscaling:DescribeScalableTargets',
      'application-autoscaling:DescribeScalingActivities',
      'application-autoscaling:DescribeScalingPolicies',
    ]);
  });

  test.each(['create', 'update', 'deploy'] as const)('%s grants kms:CreateGrant and kms:DescribeKey on the config key', (method) => {
    // GIVEN
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const config = newConfig(stack, { props: { encryptionKey: key } });
    const endpoint = newEndpoint(stack, { endpointConfig: config });
    const role = newRole(stack);
    // WHEN
    endpoint.grants[method](role);
    // THEN
    expect(statementsOf(stack, role)).toContainEqual({
      Action: ['kms:CreateGrant', 'kms:DescribeKey'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as any), 'Arn'] },
    });
  });

  test('invoke on an imported asynchronous endpoint grants InvokeEndpointAsync', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'ep', asyncInference: true });
    const role = newRole(stack);
    EndpointGrants.fromEndpoint(endpoint).invoke(role);
    expect(statementsOf(stack, role)).toEqual([{
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync'],
      Effect: 'Allow',
      Resource: arn('endpoint/ep'),
    }]);
  });

  test('describe on an import without config covers the endpoint only', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'ep');
    const role = newRole(stack);
    EndpointGrants.fromEndpoint(endpoint).describe(role);
    expect(statementsOf(stack, role)).toEqual([{ Action: 'sagemaker:DescribeEndpoint', Effect: 'Allow', Resource: arn('endpoint/ep') }]);
  });

  describe('EndpointGrants.fromEndpoint', () => {
    test('returns the grants of an endpoint of this library, so later attachments still reach its deploy grantees', () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      const imported = Endpoint.fromEndpointName(stack, 'Imported', 'ep');
      expect(EndpointGrants.fromEndpoint(endpoint)).toBe(endpoint.grants);
      expect(EndpointGrants.fromEndpoint(imported)).toBe(EndpointGrants.fromEndpoint(imported));
    });

    test('grants invoke and describe on a raw CfnEndpoint by its Ref (the ARN)', () => {
      // GIVEN
      const stack = newStack();
      const cfn = new sagemaker.CfnEndpoint(stack, 'Raw', { endpointConfigName: 'config' });
      const role = newRole(stack);
      // WHEN
      EndpointGrants.fromEndpoint(cfn).invoke(role);
      EndpointGrants.fromEndpoint(cfn).describe(role);
      // THEN
      expect(statementsOf(stack, role)).toEqual([
        { Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'], Effect: 'Allow', Resource: { Ref: 'Raw' } },
        { Action: 'sagemaker:DescribeEndpoint', Effect: 'Allow', Resource: { Ref: 'Raw' } },
      ]);
    });

    test('lower-cases the name in a literal ARN of a reference and rejects an ARN that is not an endpoint', () => {
      // GIVEN
      const stack = newStack();
      const ref = (id: string, endpointArn: string) => {
        const c = new Construct(stack, id);
        return Object.assign(c, { env: { account: '123456789012', region: 'us-east-1' }, endpointRef: { endpointArn } });
      };
      const role = newRole(stack);
      // WHEN
      EndpointGrants.fromEndpoint(ref('Literal', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/Team-EP')).invoke(role);
      // THEN
      expect(statementsOf(stack, role)[0].Resource).toEqual('arn:aws:sagemaker:us-east-1:123456789012:endpoint/team-ep');
      expect(() => EndpointGrants.fromEndpoint(ref('Bad', 'arn:aws:sagemaker:us-east-1:123456789012:model/m')))
        .toThrow(/Stack\/Bad: endpointRef.endpointArn must be arn:<partition>:sagemaker:<region>:<account>:endpoint\/<name>, got "arn:aws:sagemaker:us-east-1:123456789012:model\/m"/);
    });

    test('create, update and deploy on a bare reference say they need the endpoint config', () => {
      const stack = newStack();
      const cfn = new sagemaker.CfnEndpoint(stack, 'Raw', { endpointConfigName: 'config' });
      const grants = EndpointGrants.fromEndpoint(cfn);
      const role = newRole(stack);
      for (const method of ['create', 'update', 'deploy'] as const) {
        expect(() => grants[method](role)).toThrow(new RegExp(`Stack/Raw: grants.${method} needs the endpoint config`));
      }
    });
  });

  test('grants on a principal in another stack do not create a dependency on the endpoint', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack);
    const other = new Stack(stack.node.root as any, 'Consumer', { env: { account: '123456789012', region: 'us-east-1' } });
    const role = newRole(other);
    // WHEN
    endpoint.grants.invoke(role);
    // THEN
    Template.fromStack(other).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }) })] },
    });
    expect(other.dependencies).toEqual([]);
  });
});
