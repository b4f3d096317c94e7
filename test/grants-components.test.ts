// grants.deploy of an endpoint that hosts inference components (issue 15): the components, their copy autoscaling
// and the config's execution role, also when they are attached after the grant.
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CapacitySize, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InferenceComponentRollingDeployment,
  InstanceType, Model,
} from '../src';

const ENV = { account: '123456789012', region: 'us-east-1' };
const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${resource}`]] });
const sagemaker = (resource: string) => arn(`sagemaker:us-east-1:123456789012:${resource}`);

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

function icEndpoint(stack: Stack): Endpoint {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } }],
  });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'Llm-Endpoint' });
}

function newComponent(stack: Stack, endpoint: Endpoint, id = 'Component', initialCopyCount?: number): InferenceComponent {
  return new InferenceComponent(stack, id, {
    endpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1') }),
    minMemoryRequired: Size.gibibytes(8),
    initialCopyCount,
  });
}

function newRollout(component: InferenceComponent, id = 'Rollout'): InferenceComponentRollingDeployment {
  return new InferenceComponentRollingDeployment(component.stack, id, {
    component, maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(5),
  });
}

/** The statements of a role that allow a CloudWatch action. */
function cloudwatchStatementsOf(stack: Stack, role: iam.Role): any[] {
  return statementsOf(stack, role).filter(s => [s.Action].flat().some((a: string) => a.startsWith('cloudwatch:')));
}

function newRole(stack: Stack, id = 'Role'): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });
}

function statementsOf(stack: Stack, role: iam.Role): any[] {
  const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  return Object.values(Template.fromStack(stack).toJSON().Resources)
    .filter((p: any) => (p.Type === 'AWS::IAM::Policy' || p.Type === 'AWS::IAM::ManagedPolicy') && (p.Properties.Roles ?? []).some((r: any) => r.Ref === roleId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

/** The component statements of a deploy grant, by their first action. */
function componentStatements(ic: InferenceComponent): any[] {
  const name = ic.inferenceComponentName;
  const rotated = name.replace(/-[0-9a-f]{16}$/, `-${'?'.repeat(16)}`);
  const arns = [sagemaker(`inference-component/${name}`), sagemaker(`inference-component/${rotated}`)];
  return [
    {
      Action: [
        'sagemaker:CreateInferenceComponent', 'sagemaker:UpdateInferenceComponent', 'sagemaker:UpdateInferenceComponentRuntimeConfig',
        'sagemaker:DescribeInferenceComponent', 'sagemaker:DeleteInferenceComponent',
      ],
      Effect: 'Allow',
      Resource: arns,
    },
    { Action: 'sagemaker:CreateInferenceComponent', Effect: 'Allow', Resource: sagemaker('endpoint/llm-endpoint') },
    { Action: ['sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags'], Effect: 'Allow', Resource: arns },
  ];
}

function scalingStatements(ic: InferenceComponent): any[] {
  const name = ic.inferenceComponentName;
  return [
    {
      Action: [
        'application-autoscaling:RegisterScalableTarget', 'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy',
      ],
      Condition: { StringEquals: { 'application-autoscaling:service-namespace': 'sagemaker' } },
      Effect: 'Allow',
      Resource: arn('application-autoscaling:us-east-1:123456789012:scalable-target/*'),
    },
    {
      Action: [
        'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies',
        'application-autoscaling:DescribeScalingActivities',
      ],
      Effect: 'Allow',
      Resource: '*',
    },
    {
      Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms'],
      Effect: 'Allow',
      Resource: arn(`cloudwatch:us-east-1:123456789012:alarm:TargetTracking-inference-component/${name}-*`),
    },
    {
      Action: 'iam:CreateServiceLinkedRole',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'sagemaker.application-autoscaling.amazonaws.com' } },
      Effect: 'Allow',
      Resource: arn('iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint'),
    },
    {
      Action: [
        'cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms',
        'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource',
      ],
      Effect: 'Allow',
      Resource: arn(`cloudwatch:us-east-1:123456789012:alarm:${name}-NoCapacityInvocationFailures`),
    },
  ];
}

describe('grants.deploy of an endpoint with inference components', () => {
  test('grants the component actions on the component (and the names it rotates to), CreateInferenceComponent on the endpoint, and PassRole of the config role', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const ic = newComponent(stack, endpoint);
    const role = newRole(stack);
    // WHEN
    endpoint.grants.deploy(role);
    // THEN
    const statements = statementsOf(stack, role);
    for (const statement of componentStatements(ic)) {
      expect(statements).toContainEqual(statement);
    }
    const configRoleId = stack.getLogicalId((endpoint.endpointConfig as EndpointConfig).executionRole!.node.defaultChild as iam.CfnRole);
    expect(statements).toContainEqual({
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [configRoleId, 'Arn'] },
    });
    // and nothing of autoscaling
    expect(statements.flatMap(s => [s.Action].flat()).filter(a => a.startsWith('application-autoscaling:'))).toEqual([]);
  });

  test('covers a component added after the grant', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    // WHEN
    const ic = newComponent(stack, endpoint);
    // THEN
    const statements = statementsOf(stack, role);
    for (const statement of componentStatements(ic)) {
      expect(statements).toContainEqual(statement);
    }
  });

  test.each([true, false])('covers copy autoscaling to zero (grant made first: %s)', (grantFirst) => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    if (grantFirst) {
      endpoint.grants.deploy(role);
    }
    const ic = newComponent(stack, endpoint);
    // WHEN
    ic.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 1 });
    if (!grantFirst) {
      endpoint.grants.deploy(role);
    }
    // THEN
    const statements = statementsOf(stack, role);
    for (const statement of scalingStatements(ic)) {
      expect(statements).toContainEqual(statement);
    }
    // a component scales copies, not instances: no UpdateEndpointWeightsAndCapacities
    expect(statements.flatMap(s => [s.Action].flat())).not.toContain('sagemaker:UpdateEndpointWeightsAndCapacities');
  });

  test('without minCapacity 0 there is no scale-from-zero alarm to grant', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    // WHEN
    newComponent(stack, endpoint).autoScaleCopyCount({ minCapacity: 1, maxCapacity: 2 });
    // THEN
    expect(statementsOf(stack, role).flatMap(s => [s.Action].flat())).not.toContain('cloudwatch:TagResource');
  });

  test('covers the model of a component that runs one (created after the grant), and PassRole of its role', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1') }] });
    // WHEN
    new InferenceComponent(stack, 'Component', { endpoint, specification: ComponentSpecification.fromModel(model), minMemoryRequired: Size.gibibytes(8) });
    // THEN
    const statements = statementsOf(stack, role);
    const modelArns = [
      sagemaker(`model/${model.modelName}`),
      sagemaker(`model/${model.modelName.replace(/-[0-9a-f]{16}$/, `-${'?'.repeat(16)}`)}`),
    ];
    expect(statements).toContainEqual({
      Action: ['sagemaker:CreateModel', 'sagemaker:DescribeModel', 'sagemaker:DeleteModel'],
      Effect: 'Allow',
      Resource: modelArns,
    });
    const modelRoleId = stack.getLogicalId(model.role!.node.defaultChild as iam.CfnRole);
    expect(statements).toContainEqual({
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [modelRoleId, 'Arn'] },
    });
  });

  test('two components: each is covered, on its own ARN', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    endpoint.grants.deploy(role);
    // WHEN
    const a = newComponent(stack, endpoint, 'A');
    const b = newComponent(stack, endpoint, 'B');
    // THEN
    expect(a.inferenceComponentName).not.toEqual(b.inferenceComponentName);
    const statements = statementsOf(stack, role);
    for (const statement of [...componentStatements(a), ...componentStatements(b)]) {
      expect(statements).toContainEqual(statement);
    }
  });

  test('a grantee in another stack gets the config role by its tag, without a reference to the endpoint stack', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Service', { env: ENV });
    const pipeline = new Stack(app, 'Pipeline', { env: ENV });
    const endpoint = icEndpoint(stack);
    newComponent(stack, endpoint);
    const role = newRole(pipeline);
    // WHEN
    endpoint.grants.deploy(role);
    // THEN
    const template = JSON.stringify(Template.fromStack(pipeline).toJSON());
    expect(template).not.toContain('Fn::ImportValue');
    expect(statementsOf(pipeline, role)).toContainEqual({
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com', 'aws:ResourceTag/cdk-sagemaker-endpoint:config-role': expect.any(String) } },
      Effect: 'Allow',
      Resource: arn('iam::123456789012:role/*'),
    });
  });

  test.each([true, false])('covers the rollback alarms of a component rollout, the same whether the grant comes before or after it (grant made first: %s)', (grantFirst) => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    if (grantFirst) {
      endpoint.grants.deploy(role);
    }
    const rollout = newRollout(newComponent(stack, endpoint, 'Component', 4));
    // WHEN
    const alarm = rollout.addErrorRateAlarm();
    if (!grantFirst) {
      endpoint.grants.deploy(role);
    }
    // THEN the read action on the alarm, and the write and tag actions because the stack defines it
    const alarmArn = { 'Fn::GetAtt': [stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm), 'Arn'] };
    expect(cloudwatchStatementsOf(stack, role)).toEqual([
      { Action: 'cloudwatch:DescribeAlarms', Effect: 'Allow', Resource: alarmArn },
      {
        Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
        Effect: 'Allow',
        Resource: alarmArn,
      },
    ]);
  });

  test.each([true, false])('an alarm shared by two component rollouts is granted once (grant made first: %s)', (grantFirst) => {
    // GIVEN
    const stack = newStack();
    const endpoint = icEndpoint(stack);
    const role = newRole(stack);
    const shared = cloudwatch.Alarm.fromAlarmArn(stack, 'Shared', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:llm-errors');
    if (grantFirst) {
      endpoint.grants.deploy(role);
    }
    // WHEN
    newRollout(newComponent(stack, endpoint, 'A', 4), 'RolloutA').addAlarm(shared);
    newRollout(newComponent(stack, endpoint, 'B', 4), 'RolloutB').addAlarm(shared);
    if (!grantFirst) {
      endpoint.grants.deploy(role);
    }
    // THEN one read statement with the alarm once, and no write statement (the stack does not define the alarm)
    expect(cloudwatchStatementsOf(stack, role)).toEqual([
      { Action: 'cloudwatch:DescribeAlarms', Effect: 'Allow', Resource: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:llm-errors' },
    ]);
  });
});
