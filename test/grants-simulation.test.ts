// IAM simulation of every EndpointGrants method with @cloud-copilot/iam-simulate: each method ALLOWS
// exactly its intended actions on this endpoint's and config's lower-cased ARNs and IMPLICITLY DENIES
// the same actions on other endpoints/configs and every other SageMaker action of the service data.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { attachFakeDeployment, newConfig, newEndpoint, newStack } from './endpoint-fixtures';
import { CfnTemplate, Decision, decisions, identityPoliciesOf, probesForService, sagemakerArnOf, simulate } from './util/iam-sim';
import { Endpoint, EndpointGrants } from '../src/endpoint';
import { EndpointConfig } from '../src/endpoint-config';

type Method = 'invoke' | 'create' | 'update' | 'describe' | 'deploy';
const METHODS: Method[] = ['invoke', 'create', 'update', 'describe', 'deploy'];

interface Fixture {
  readonly template: CfnTemplate;
  readonly roles: Record<Method, string>;
  readonly endpoint: Endpoint;
  readonly config: EndpointConfig;
  /** lower-cased ARNs */
  readonly E: string;
  readonly C: string;
  readonly R: string;
}

const OTHER_ENDPOINT = sagemakerArnOf('endpoint', 'other-endpoint');
const OTHER_CONFIG = sagemakerArnOf('endpoint-config', 'other-config-0123456789abcdef');
/** shares the readable stem of the fixture's config prefix (`sim-config`) but not the prefix itself */
const SIMILAR_CONFIG = sagemakerArnOf('endpoint-config', 'sim-configuration-0123456789abcdef');

/** GIVEN an autoscaled endpoint with a MIXED-CASE name, a tagged content-hashed config and rollback alarms. */
function buildFixture(): Fixture {
  const stack = newStack('Sim');
  const config = newConfig(stack, { props: { tags: { team: 'ml' } } });
  const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'My-Endpoint' });
  endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 4 });
  attachFakeDeployment(endpoint, ['my-endpoint-rollback']);
  const roles = {} as Record<Method, string>;
  for (const method of METHODS) {
    const role = new iam.Role(stack, `${method}Role`, { assumedBy: new iam.AccountRootPrincipal() });
    endpoint.grants[method](role);
    roles[method] = logicalId(stack, role);
  }
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const E = sagemakerArnOf('endpoint', 'my-endpoint');
  const C = sagemakerArnOf('endpoint-config', config.endpointConfigName.toLowerCase());
  const R = sagemakerArnOf('endpoint-config', `${config._namePrefix}-fedcba9876543210`);
  return { template, roles, endpoint, config, E, C, R };
}

function logicalId(stack: Stack, role: iam.Role): string {
  return stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId);
}

/** What each method is meant to allow: action -> the fixture ARNs it applies to. */
function intended(f: Fixture, method: Method): Record<string, string[]> {
  const { E, C, R } = f;
  switch (method) {
    case 'invoke':
      return { 'sagemaker:InvokeEndpoint': [E], 'sagemaker:InvokeEndpointWithResponseStream': [E] };
    case 'create':
      return { 'sagemaker:CreateEndpoint': [E, C], 'sagemaker:CreateEndpointConfig': [C], 'sagemaker:AddTags': [E, C] };
    case 'update':
      return { 'sagemaker:UpdateEndpoint': [E, C, R], 'sagemaker:UpdateEndpointWeightsAndCapacities': [E] };
    case 'describe':
      return { 'sagemaker:DescribeEndpoint': [E], 'sagemaker:DescribeEndpointConfig': [C] };
    case 'deploy':
      return {
        'sagemaker:CreateEndpoint': [E, C, R],
        'sagemaker:UpdateEndpoint': [E, C, R],
        'sagemaker:DescribeEndpoint': [E],
        'sagemaker:DeleteEndpoint': [E],
        'sagemaker:CreateEndpointConfig': [C, R],
        'sagemaker:DescribeEndpointConfig': [C, R],
        'sagemaker:DeleteEndpointConfig': [C, R],
        'sagemaker:AddTags': [E, C, R],
        'sagemaker:DeleteTags': [E, C, R],
        'sagemaker:ListTags': [E, C, R],
        'sagemaker:UpdateEndpointWeightsAndCapacities': [E],
      };
  }
}

let fixture: Fixture;
beforeAll(() => {
  fixture = buildFixture();
});

describe.each(METHODS)('grants.%s', (method) => {
  test('allows each intended action on this endpoint and config (lower-cased ARNs, mixed-case endpoint name)', async () => {
    // GIVEN
    const policies = identityPoliciesOf(fixture.template, fixture.roles[method]);
    const expected = intended(fixture, method);
    // WHEN
    const requests = Object.entries(expected).flatMap(([action, arns]) => arns.map(resource => ({ action, resource })));
    const result = await decisions(policies, requests);
    // THEN
    for (const [request, decision] of result) {
      expect(`${request}: ${decision}`).toEqual(`${request}: Allowed`);
    }
    expect(requests.length).toBeGreaterThan(0);
  });

  test('implicitly denies the intended actions on another endpoint and another config', async () => {
    // GIVEN
    const policies = identityPoliciesOf(fixture.template, fixture.roles[method]);
    // a config nested under the fixture config's path (`<prefix>-two-<hash>`): `<prefix>-*` would match it
    const nestedConfig = sagemakerArnOf('endpoint-config', `${fixture.config._namePrefix}-two-0123456789abcdef`);
    const probes = (await probesForService('sagemaker', { 'endpoint': [OTHER_ENDPOINT], 'endpoint-config': [OTHER_CONFIG, SIMILAR_CONFIG, nestedConfig] }))
      .filter(p => Object.keys(intended(fixture, method)).includes(p.action));
    // WHEN
    const result = await decisions(policies, probes);
    // THEN
    expect(probes.length).toBeGreaterThanOrEqual(Object.keys(intended(fixture, method)).length);
    for (const [request, decision] of result) {
      expect(`${request}: ${decision}`).toEqual(`${request}: ImplicitlyDenied`);
    }
  });

  test('implicitly denies every SageMaker action of the service data it is not meant to grant', async () => {
    // GIVEN
    const policies = identityPoliciesOf(fixture.template, fixture.roles[method]);
    const expected = intended(fixture, method);
    const probes = await probesForService('sagemaker', {
      'endpoint': [fixture.E, OTHER_ENDPOINT],
      'endpoint-config': [fixture.C, fixture.R, OTHER_CONFIG],
    });
    // WHEN
    const result = await decisions(policies, probes);
    // THEN every decision matches the intended matrix, and nothing else is allowed
    const unexpected: string[] = [];
    for (const probe of probes) {
      const want: Decision = (expected[probe.action] ?? []).includes(probe.resource) ? 'Allowed' : 'ImplicitlyDenied';
      const got = result.get(`${probe.action} on ${probe.resource}`);
      if (got !== want) {
        unexpected.push(`${probe.action} on ${probe.resource}: got ${got}, want ${want}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(new Set(probes.map(p => p.action)).size).toBeGreaterThan(400);
  });
});

describe('the fixture', () => {
  test('has the config prefix the similar-config probe is built around', () => {
    expect(fixture.config._namePrefix).toEqual('sim-config');
    expect(fixture.C).toMatch(/endpoint-config\/sim-config-[0-9a-f]{16}$/);
  });
});

describe('grants outside SageMaker', () => {
  test('only deploy grants actions of other services', () => {
    // GIVEN / WHEN
    const services = (method: Method) => new Set(identityPoliciesOf(fixture.template, fixture.roles[method])
      .flatMap(p => p.policy.Statement)
      .flatMap((s: any) => [s.Action].flat())
      .map((a: string) => a.split(':')[0]));
    // THEN
    expect([...services('invoke')]).toEqual(['sagemaker']);
    expect([...services('create')]).toEqual(['sagemaker']);
    expect([...services('update')]).toEqual(['sagemaker']);
    expect([...services('describe')]).toEqual(['sagemaker']);
    expect([...services('deploy')].sort()).toEqual(['application-autoscaling', 'cloudwatch', 'iam', 'sagemaker']);
  });

  test('deploy allows describing, writing and deleting the rollback alarm the deployment created, and no other alarm', async () => {
    const policies = identityPoliciesOf(fixture.template, fixture.roles.deploy);
    const alarm = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    expect(await simulate(policies, 'cloudwatch:DescribeAlarms', alarm('my-endpoint-rollback'))).toEqual('Allowed');
    expect(await simulate(policies, 'cloudwatch:DescribeAlarms', alarm('someone-elses-alarm'))).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'cloudwatch:PutMetricAlarm', alarm('my-endpoint-rollback'))).toEqual('Allowed');
    expect(await simulate(policies, 'cloudwatch:DeleteAlarms', alarm('my-endpoint-rollback'))).toEqual('Allowed');
    expect(await simulate(policies, 'cloudwatch:PutMetricAlarm', alarm('someone-elses-alarm'))).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'cloudwatch:DeleteAlarms', alarm('someone-elses-alarm'))).toEqual('ImplicitlyDenied');
  });

  test('deploy allows the autoscaling registration, deregistration and policies of the variant (failure-modes row 14)', async () => {
    const policies = identityPoliciesOf(fixture.template, fixture.roles.deploy);
    const target = 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0123456789abcdef0123456789abcdef';
    const sagemakerNamespace = { 'application-autoscaling:service-namespace': 'sagemaker' };
    for (const action of ['RegisterScalableTarget', 'DeregisterScalableTarget', 'PutScalingPolicy', 'DeleteScalingPolicy']) {
      expect(await simulate(policies, `application-autoscaling:${action}`, target, sagemakerNamespace)).toEqual('Allowed');
      // the scalable targets of other services (ECS, DynamoDB, ...) stay out of reach
      expect(await simulate(policies, `application-autoscaling:${action}`, target, { 'application-autoscaling:service-namespace': 'ecs' })).toEqual('ImplicitlyDenied');
    }
    for (const action of ['DescribeScalableTargets', 'DescribeScalingPolicies', 'DescribeScalingActivities']) {
      expect(await simulate(policies, `application-autoscaling:${action}`, '*')).toEqual('Allowed');
    }
    expect(await simulate(policies, 'application-autoscaling:PutScheduledAction', target, sagemakerNamespace)).toEqual('ImplicitlyDenied');
    const otherRegion = 'arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0123456789abcdef0123456789abcdef';
    expect(await simulate(policies, 'application-autoscaling:DeregisterScalableTarget', otherRegion, sagemakerNamespace)).toEqual('ImplicitlyDenied');
  });

  test('deploy allows target-tracking alarms of this endpoint only (name case kept)', async () => {
    const policies = identityPoliciesOf(fixture.template, fixture.roles.deploy);
    const alarm = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const mine = alarm('TargetTracking-endpoint/My-Endpoint/variant/AllTraffic-AlarmHigh-1b2c3d4e');
    const theirs = alarm('TargetTracking-endpoint/other-endpoint/variant/AllTraffic-AlarmHigh-1b2c3d4e');
    for (const action of ['PutMetricAlarm', 'DescribeAlarms', 'DeleteAlarms']) {
      expect(await simulate(policies, `cloudwatch:${action}`, mine)).toEqual('Allowed');
      expect(await simulate(policies, `cloudwatch:${action}`, theirs)).toEqual('ImplicitlyDenied');
    }
  });

  test('deploy allows creating only the Application Auto Scaling service-linked role for SageMaker', async () => {
    const policies = identityPoliciesOf(fixture.template, fixture.roles.deploy);
    const slr = 'arn:aws:iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint';
    expect(await simulate(policies, 'iam:CreateServiceLinkedRole', slr, { 'iam:AWSServiceName': 'sagemaker.application-autoscaling.amazonaws.com' })).toEqual('Allowed');
    expect(await simulate(policies, 'iam:CreateServiceLinkedRole', slr, { 'iam:AWSServiceName': 'ecs.application-autoscaling.amazonaws.com' })).toEqual('ImplicitlyDenied');
    const other = 'arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService';
    expect(await simulate(policies, 'iam:CreateServiceLinkedRole', other, { 'iam:AWSServiceName': 'ecs.application-autoscaling.amazonaws.com' })).toEqual('ImplicitlyDenied');
  });
});

describe('grants on imported endpoints', () => {
  test('invoke on an endpoint imported by a hand-typed mixed-case ARN allows the lower-cased ARN', async () => {
    // GIVEN
    const stack = newStack('Imports');
    const endpoint = Endpoint.fromEndpointArn(stack, 'Imported', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/Legacy-Endpoint');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    EndpointGrants.fromEndpoint(endpoint).invoke(role);
    // THEN
    const policies = identityPoliciesOf(Template.fromStack(stack).toJSON() as CfnTemplate, logicalId(stack, role));
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', sagemakerArnOf('endpoint', 'legacy-endpoint'))).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', OTHER_ENDPOINT)).toEqual('ImplicitlyDenied');
  });
});

describe('grants.invoke on an asynchronous endpoint', () => {
  test('allows InvokeEndpoint and InvokeEndpointAsync, and denies response streaming', async () => {
    // GIVEN
    const stack = newStack('Async');
    const config = newConfig(stack, { props: { asyncInference: { outputBucket: new s3.Bucket(stack, 'Out') } } });
    const endpoint = newEndpoint(stack, { endpointConfig: config, endpointName: 'Async-Endpoint' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    endpoint.grantInvoke(role);
    // THEN
    const policies = identityPoliciesOf(Template.fromStack(stack).toJSON() as CfnTemplate, logicalId(stack, role));
    const E = sagemakerArnOf('endpoint', 'async-endpoint');
    expect(await simulate(policies, 'sagemaker:InvokeEndpointAsync', E)).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:InvokeEndpoint', E)).toEqual('Allowed');
    expect(await simulate(policies, 'sagemaker:InvokeEndpointWithResponseStream', E)).toEqual('ImplicitlyDenied');
    expect(await simulate(policies, 'sagemaker:InvokeEndpointAsync', OTHER_ENDPOINT)).toEqual('ImplicitlyDenied');
    // the mixed-case ARN SageMaker never uses grants nothing either way; the lower-cased one is what counts
    expect(await simulate(policies, 'sagemaker:InvokeEndpointAsync', sagemakerArnOf('endpoint', 'Async-Endpoint'))).toEqual('ImplicitlyDenied');
  });
});
