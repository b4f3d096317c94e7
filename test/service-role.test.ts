// The execution roles this library creates are written as the L1 resources iam.Role renders (docs/benchmarks.md),
// and the verify-rollout provider as the L1 resources lambda.Function renders. These tests pin that the templates
// are the same as with the L2s, that the L2 is still used where only it works (pre-created roles, property
// injectors), and what the lean role does not do (split a policy that is too large).
import * as path from 'path';
import { App, Aws, Duration, IPropertyInjector, InjectionContext, Stack, aws_iam as iam, aws_lambda as lambda, aws_s3 as s3 } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { BlueGreenDeployment, ContainerImage, Endpoint, EndpointConfig, InstanceType, Model, ModelData } from '../src';
import { newServiceRole, ServiceRole } from '../src/private/service-role';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1';
const env = { account: '123456789012', region: 'us-east-1' };

/** A property injector that leaves iam.Role's props as they are: it makes the library take the L2 role. */
class KeepRoleProps implements IPropertyInjector {
  public readonly constructUniqueId = iam.Role.PROPERTY_INJECTION_ID;
  public readonly injected: string[] = [];
  public inject(props: any, context: InjectionContext): any {
    this.injected.push(context.id);
    return props;
  }
}

function modelApp(app: App): Stack {
  const stack = new Stack(app, 'Stack', { env });
  const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'models');
  const model = new Model(stack, 'Model', {
    containers: [{ image: ContainerImage.fromImageUri(IMAGE), modelData: ModelData.fromBucket(bucket, 'm.tar.gz') }],
  });
  model.role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchLambdaInsightsExecutionRolePolicy'));
  return stack;
}

function resourcesOf(stack: Stack): Record<string, unknown> {
  return Template.fromStack(stack).toJSON().Resources;
}

describe('the lean execution role', () => {
  test('a model role renders exactly the resources iam.Role renders (role, DefaultPolicy, managed policy, dependencies)', () => {
    const lean = modelApp(new App());
    const injectors = new KeepRoleProps();
    const l2 = modelApp(new App({ propertyInjectors: [injectors] }));
    expect(injectors.injected).toEqual(['Role']);
    expect(resourcesOf(lean)).toEqual(resourcesOf(l2));
    expect(Object.values(resourcesOf(lean)).map((r: any) => r.Type).sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::SageMaker::Model']);
  });

  test('the model role is a ServiceRole by default, an iam.Role with property injectors for roles or pre-created roles', () => {
    const lean = new Model(new Stack(new App(), 'S'), 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    expect(lean.role).toBeInstanceOf(ServiceRole);

    const injected = new Model(new Stack(new App({ propertyInjectors: [new KeepRoleProps()] }), 'S'), 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    expect(injected.role).toBeInstanceOf(iam.Role);

    const app = new App();
    iam.Role.customizeRoles(app, { usePrecreatedRoles: { 'S/M/Role': 'platform-sagemaker-role' } });
    const stack = new Stack(app, 'S');
    const precreated = new Model(stack, 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    expect(precreated.role).toBeInstanceOf(iam.Role);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(precreatedArn(template)).toContain(':role/platform-sagemaker-role');
  });

  test('an injector for another construct type keeps the lean role', () => {
    const other: IPropertyInjector = { constructUniqueId: 'aws-cdk-lib.aws-s3.Bucket', inject: (p: any) => p };
    const model = new Model(new Stack(new App({ propertyInjectors: [other] }), 'S'), 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    expect(model.role).toBeInstanceOf(ServiceRole);
  });

  test('grants on the role go to its DefaultPolicy, PassRole and AssumeRole name the role', () => {
    const stack = new Stack(new App(), 'S', { env });
    const role = newServiceRole(stack, 'Role', { service: 'sagemaker.amazonaws.com', description: 'd' });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    role.grantPassRole(caller);
    role.grantAssumeRole(caller);
    role.grant(caller, 'iam:GetRole');
    expect((role as ServiceRole).addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }))).toBe(true);
    role.attachInlinePolicy(new iam.Policy(stack, 'Extra', { statements: [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] })] }));
    const template = Template.fromStack(stack);
    const roleId = stack.getLogicalId((role as ServiceRole).node.defaultChild as iam.CfnRole);
    const callerPolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((p: any) => p.Properties.Roles[0].Ref !== roleId) as any;
    expect(callerPolicy.Properties.PolicyDocument.Statement.map((s: any) => s.Action)).toEqual(['iam:PassRole', 'sts:AssumeRole', 'iam:GetRole']);
    for (const statement of callerPolicy.Properties.PolicyDocument.Statement) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    }
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) => p.Properties.Roles[0].Ref === roleId);
    expect(attached).toHaveLength(2); // its DefaultPolicy and the attached one
    expect(role.principalAccount).toBe('123456789012');
    expect(role.assumeRoleAction).toBe('sts:AssumeRole');
    expect(stack.resolve(role.roleRef.roleArn)).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test('a role without statements has no DefaultPolicy', () => {
    const stack = new Stack(new App(), 'S');
    newServiceRole(stack, 'Role', { service: 'sagemaker.amazonaws.com', description: 'd' });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('a policy above IAM\'s 10,240 characters is a synth error asking for a role of your own (iam.Role would split it)', () => {
    const stack = new Stack(new App(), 'S');
    const model = new Model(stack, 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    for (let i = 0; i < 60; i++) {
      model.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::bucket-number-${i}/${'k'.repeat(150)}`] }));
    }
    expect(() => Template.fromStack(stack)).toThrow(/\[S\/M\/Role\] the policy of the role this library created must be at most 10240 characters \(IAM's limit for a role's policies; iam.Role would split it into managed policies, this role does not\), got \d{5}; pass a role of your own \(an iam.Role\) instead/);
  });

  test('20 short statements stay within the limit', () => {
    const stack = new Stack(new App(), 'S');
    const model = new Model(stack, 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    for (let i = 0; i < 20; i++) {
      model.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::b${i}/k`] }));
    }
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('an invalid statement is reported as iam.Policy reports it', () => {
    const stack = new Stack(new App(), 'S');
    const model = new Model(stack, 'M', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'] }));
    expect(() => Template.fromStack(stack)).toThrow(/A PolicyStatement used in an identity-based policy must specify at least one resource/);
  });
});

/** One thing done to an execution role, as the library and its users do it. */
type RoleOp =
  | { readonly kind: 'statement'; readonly actions: string[]; readonly resources: string[]; readonly condition: boolean; readonly deny: boolean }
  | { readonly kind: 'managed'; readonly name: string }
  | { readonly kind: 'grant'; readonly how: 'passRole' | 'assumeRole' | 'getRole' }
  | { readonly kind: 'inline'; readonly actions: string[] };

const ACTIONS = ['s3:GetObject', 'ecr:BatchGetImage', 'logs:PutLogEvents', 'kms:Decrypt'];
const RESOURCES = ['*', 'arn:aws:s3:::models/m.tar.gz', 'bucket', 'bucket/*'];

const roleOp: fc.Arbitrary<RoleOp> = fc.oneof(
  fc.record({
    kind: fc.constant('statement' as const),
    actions: fc.subarray(ACTIONS, { minLength: 1 }),
    resources: fc.subarray(RESOURCES, { minLength: 1 }),
    condition: fc.boolean(),
    deny: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('managed' as const), name: fc.constantFrom('AmazonS3ReadOnlyAccess', 'CloudWatchLogsReadOnlyAccess') }),
  fc.record({ kind: fc.constant('grant' as const), how: fc.constantFrom('passRole' as const, 'assumeRole' as const, 'getRole' as const) }),
  fc.record({ kind: fc.constant('inline' as const), actions: fc.subarray(ACTIONS, { minLength: 1 }) }),
);

/** The resources of a stack with one execution role (lean or iam.Role) that went through `ops`. */
function roleTemplate(lean: boolean, ops: RoleOp[], minimize: boolean): Record<string, unknown> {
  const app = new App({ context: minimize ? { '@aws-cdk/aws-iam:minimizePolicies': true } : {} });
  const stack = new Stack(app, 'Stack', { env });
  const bucket = new s3.Bucket(stack, 'Bucket');
  const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  const role: iam.IRole = lean
    ? new ServiceRole(stack, 'Role', { service: 'sagemaker.amazonaws.com', description: 'execution role' })
    : new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'), description: 'execution role' });
  const arn = (r: string) => (r === 'bucket' ? bucket.bucketArn : r === 'bucket/*' ? bucket.arnForObjects('*') : r);
  ops.forEach((op, i) => {
    switch (op.kind) {
      case 'statement':
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          effect: op.deny ? iam.Effect.DENY : iam.Effect.ALLOW,
          actions: op.actions,
          resources: op.resources.map(arn),
          conditions: op.condition ? { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } : undefined,
        }));
        break;
      case 'managed':
        role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(op.name));
        break;
      case 'grant':
        if (op.how === 'passRole') {
          role.grantPassRole(caller);
        } else if (op.how === 'assumeRole') {
          role.grantAssumeRole(caller);
        } else {
          role.grant(caller, 'iam:GetRole');
        }
        break;
      case 'inline':
        role.attachInlinePolicy(new iam.Policy(stack, `Inline${i}`, { statements: [new iam.PolicyStatement({ actions: op.actions, resources: ['*'] })] }));
        break;
    }
  });
  return resourcesOf(stack);
}

describe('the lean execution role against iam.Role, over random uses', () => {
  test('any sequence of statements, managed policies, grants and attached policies renders the same resources', () => {
    // GIVEN random uses of a role (fixed seed: the same cases every run), with and without policy minimization
    fc.assert(fc.property(fc.array(roleOp, { maxLength: 8 }), fc.boolean(), (ops, minimize) => {
      // THEN the lean role and iam.Role give the same template
      expect(roleTemplate(true, ops, minimize)).toEqual(roleTemplate(false, ops, minimize));
    }), { seed: 20261203, numRuns: 80 });
  });
});

function precreatedArn(template: Template): string {
  const model = Object.values(template.findResources('AWS::SageMaker::Model'))[0] as any;
  return JSON.stringify(model.Properties.ExecutionRoleArn);
}

describe('the verify-rollout provider as L1 resources', () => {
  function appWithRollout(flags: Record<string, unknown>): Stack {
    const stack = new Stack(new App({ context: flags }), 'Stack', { env });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    });
    new BlueGreenDeployment(stack, 'Deploy', { endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config }) });
    return stack;
  }

  /** What lambda.Function renders for the provider's props, in a stack of its own. */
  function referenceFunction(flags: Record<string, unknown>, ours: any): Record<string, any> {
    const stack = new Stack(new App({ context: flags }), 'Stack', { env });
    const holder = new Construct(stack, 'CdkSageMakerEndpointVerifyRollout');
    const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/r', { mutable: false });
    new lambda.Function(holder, 'Function', {
      functionName: ours.Properties.FunctionName,
      runtime: lambda.determineLatestNodeRuntime(holder),
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'assets', 'verify-rollout')),
      timeout: Duration.minutes(10),
      memorySize: 128,
      role,
      description: ours.Properties.Description,
    });
    return Template.fromStack(stack).toJSON().Resources;
  }

  test.each([
    ['without the managed log group flag', {}],
    ['with @aws-cdk/aws-lambda:useCdkManagedLogGroup', { [cxapi.USE_CDK_MANAGED_LAMBDA_LOGGROUP]: true }],
  ])('the function and its log group are what lambda.Function renders (%s)', (_name, flags) => {
    const ours = Template.fromStack(appWithRollout(flags)).toJSON().Resources;
    const fnId = Object.keys(ours).find(k => ours[k].Type === 'AWS::Lambda::Function')!;
    expect(fnId).toBe('CdkSageMakerEndpointVerifyRolloutFunction03411BFD');
    const reference = referenceFunction(flags, ours[fnId]);
    const refFn = reference[fnId];
    // the same properties except the role (the reference imports one), the same DependsOn shape on the role
    expect({ ...ours[fnId].Properties, Role: undefined }).toEqual({ ...refFn.Properties, Role: undefined });
    expect(ours[fnId].DependsOn).toEqual(['CdkSageMakerEndpointVerifyRolloutRoleDefaultPolicy6444B5FA', 'CdkSageMakerEndpointVerifyRolloutRoleC112F6A6']);
    const logGroups = (resources: Record<string, any>) => Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups(ours)).toEqual(logGroups(reference));
    expect(logGroups(ours)).toHaveLength(Object.keys(flags).length);
  });

  test('the check is the resource CustomResource renders: same path, type, properties and deletion policy', () => {
    const stack = appWithRollout({});
    const check = stack.node.findAll().find(c => c.node.path === 'Stack/Endpoint/VerifyRollout/Default');
    expect(check).toBeDefined();
    const checks = Template.fromStack(stack).findResources('Custom::SageMakerVerifyRollout');
    const [resource] = Object.values(checks) as any[];
    expect(Object.keys(resource.Properties)).toEqual(['ServiceToken', 'EndpointName', 'EndpointConfigName']);
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(resource.UpdateReplacePolicy).toBe('Delete');
    Annotations.fromStack(stack).hasNoError('*', '*');
  });
});
