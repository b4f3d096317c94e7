// Issue 14, item 5: `endpoint.grants.deploy` and the command's `policy` render the deploy permissions from
// one table (src/private/deploy-permissions.ts). On the same app (guarded, autoscaled, KMS, tags, alarms the
// stack defines, verify-rollout on) they allow the same actions, with the same conditions, on the same
// resources: a literal ARN of one side must be matched by the other side's ARN or pattern, both ways.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BlueGreenDeployment, CapacitySize, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent,
  InferenceComponentRollingDeployment, InstanceType, Model, TrafficRouting,
} from '../src';
import { readAssembly } from '../src/cli/assembly';
import { buildPolicy } from '../src/cli/policy';
import { DEPLOY_PERMISSIONS } from '../src/private/deploy-permissions';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** One allowed (action, conditions) pair and the resources it is allowed on. */
type Allowed = Map<string, string[]>;

/**
 * The guarded, autoscaled, encrypted, tagged endpoint with created alarms and verify-rollout on, and an endpoint
 * that hosts an inference component scaled to zero (issue 15) and one with a rolling deployment and rollback alarms.
 */
function buildApp(outdir: string, grantFirst: boolean): { app: App; stack: Stack; role: iam.Role } {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: REGION } });
  const role = new iam.Role(stack, 'DeployRole', { assumedBy: new iam.AccountRootPrincipal() });
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/fraud:v1`) }] });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 2 }],
    encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN),
    tags: { team: 'ml' },
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'Fraud-Endpoint', tags: { team: 'ml' } });
  if (grantFirst) {
    endpoint.grants.deploy(role);
  }
  endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 4 }).scaleOnInvocations('Invocations', { invocationsPerInstance: 100 });
  const deployment = new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(50), waitInterval: Duration.minutes(5) }),
  });
  deployment.addErrorRateAlarm();
  // the user's own alarm in the same stack (generated name) and an alarm defined elsewhere
  deployment.addAlarm(new cloudwatch.Alarm(stack, 'BothFleets', { metric: endpoint.metricInvocation5XXErrors(), threshold: 5, evaluationPeriods: 1 }));
  deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'TeamAlarm', 'team-alarm'));
  if (!grantFirst) {
    endpoint.grants.deploy(role);
  }
  const icConfig = new EndpointConfig(stack, 'IcConfig', {
    componentHostingVariants: [{
      variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 },
    }],
  });
  const icEndpoint = new Endpoint(stack, 'IcEndpoint', { endpointConfig: icConfig, endpointName: 'Llm-Endpoint' });
  if (grantFirst) {
    icEndpoint.grants.deploy(role);
  }
  const component = new InferenceComponent(stack, 'Component', {
    endpoint: icEndpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/llm:v1`) }),
    minMemoryRequired: Size.gibibytes(8),
  });
  component.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 1 });
  // a rolling update needs 2 or more copies: a second component, with a fixed copy count
  const rolled = new InferenceComponent(stack, 'RolledComponent', {
    endpoint: icEndpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/embed:v1`) }),
    minMemoryRequired: Size.gibibytes(8),
    initialCopyCount: 4,
  });
  const rollout = new InferenceComponentRollingDeployment(stack, 'ComponentRollout', {
    component: rolled, maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(5),
  });
  rollout.addErrorRateAlarm();
  rollout.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'LlmTeamAlarm', 'llm-team-alarm'));
  if (!grantFirst) {
    icEndpoint.grants.deploy(role);
  }
  return { app, stack, role };
}

/** `?` matches one character, `*` any run, as in IAM resource ARNs. */
function covers(pattern: string, arn: string): boolean {
  const re = new RegExp(`^${pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`);
  return re.test(arn);
}

/** A statement list as (action + conditions) -> resources. */
function allowedOf(statements: any[]): Allowed {
  const out: Allowed = new Map();
  for (const s of statements) {
    expect(s.Effect).toEqual('Allow');
    for (const action of [s.Action].flat()) {
      if (!/^(sagemaker|iam|cloudwatch|kms|application-autoscaling|lambda):/.test(action)) {
        continue;
      }
      const key = `${action} ${JSON.stringify(s.Condition ?? {})}`;
      out.set(key, [...new Set([...(out.get(key) ?? []), ...[s.Resource].flat()])].sort());
    }
  }
  return out;
}

/**
 * The deploy role's statements with intrinsics resolved as CloudFormation would: pseudo parameters of the
 * stack, and the ARN of each resource whose name CloudFormation generates as `<stack>-<logical id>-<suffix>`.
 */
function grantStatements(stack: Stack, role: iam.Role): any[] {
  const template = Template.fromStack(stack).toJSON();
  const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  const generated = (id: string) => `${stack.stackName}-${id}-A1B2C3D4E5F6`;
  const resolve = (v: any): any => {
    if (Array.isArray(v)) {
      return v.map(resolve);
    }
    if (v === null || typeof v !== 'object') {
      return v;
    }
    if (v.Ref === 'AWS::Partition') {
      return 'aws';
    }
    if (v.Ref === 'AWS::URLSuffix') {
      return 'amazonaws.com';
    }
    if (v['Fn::Join']) {
      return (resolve(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
    }
    if (v['Fn::GetAtt']) {
      const [id] = v['Fn::GetAtt'];
      const resource = template.Resources[id];
      if (resource.Type === 'AWS::CloudWatch::Alarm') {
        return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${resource.Properties.AlarmName ?? generated(id)}`;
      }
      if (resource.Type === 'AWS::IAM::Role') {
        return `arn:aws:iam::${ACCOUNT}:role/${resource.Properties.RoleName ?? generated(id)}`;
      }
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  return Object.values(template.Resources)
    // a large policy overflows into managed policies attached to the same role
    .filter((r: any) => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && (r.Properties.Roles ?? []).some((x: any) => x.Ref === roleId))
    .flatMap((r: any) => resolve(r.Properties.PolicyDocument.Statement));
}

/** Every resource of `from` is equal to, or covered by, a resource of `by` for the same action and conditions. */
function uncovered(from: Allowed, by: Allowed): string[] {
  const missing: string[] = [];
  for (const [key, resources] of from) {
    const others = by.get(key) ?? [];
    for (const r of resources) {
      if (!others.some(o => o === r || covers(o, r) || covers(r, o))) {
        missing.push(`${key} on ${r}`);
      }
    }
  }
  return missing;
}

describe('grants.deploy and the command\'s policy on the same app', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-permissions-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test.each([true, false])('allow the same actions with the same conditions on the same resources (grant made first: %s)', (grantFirst) => {
    // GIVEN
    const outdir = path.join(tmp, `app-${grantFirst}`);
    const { app, stack, role } = buildApp(outdir, grantFirst);
    // WHEN
    app.synth();
    const grants = allowedOf(grantStatements(stack, role));
    const result = buildPolicy(readAssembly(outdir));
    const policy = allowedOf(result.policy!.Statement);
    // THEN the same (action, conditions) pairs
    expect([...grants.keys()].sort()).toEqual([...policy.keys()].sort());
    // and every resource of one side is named or matched by the other
    expect(uncovered(grants, policy)).toEqual([]);
    expect(uncovered(policy, grants)).toEqual([]);
    // and the app exercises every row of the table
    const actions = new Set([...grants.keys()].map(k => k.split(' ')[0]));
    const rows = Object.entries(DEPLOY_PERMISSIONS).filter(([kind]) => kind !== 'encryptionKeyViaSageMaker');
    for (const [kind, row] of rows) {
      expect(`${kind}: ${row.actions.filter(a => !actions.has(a)).join(', ')}`).toEqual(`${kind}: `);
    }
  });

  test('a key of the same template is granted through SageMaker only by the command, and by its ARN in the grant', () => {
    // GIVEN
    const outdir = path.join(tmp, 'own-key');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Keyed', { env: { account: ACCOUNT, region: REGION } });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/fraud:v1`) }] });
    new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE }],
      encryptionKey: new kms.Key(stack, 'Key'),
    });
    // WHEN
    app.synth();
    const result = buildPolicy(readAssembly(outdir));
    // THEN
    expect(result.policy!.Statement).toContainEqual({
      Sid: 'EncryptionKeysViaSageMaker',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:DescribeKey'],
      Resource: [`arn:aws:kms:${REGION}:${ACCOUNT}:key/*`],
      Condition: { StringEquals: { 'kms:ViaService': `sagemaker.${REGION}.amazonaws.com` } },
    });
    expect(result.warnings.join('\n')).toMatch(/the KMS key is not named by its key ARN at synth/);
  });

  test('a key of a region-agnostic stack is matched in every region through SageMaker', () => {
    // GIVEN
    const outdir = path.join(tmp, 'agnostic-key');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Agnostic');
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/fraud:v1`) }] });
    new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE }],
      encryptionKey: new kms.Key(stack, 'Key'),
    });
    // WHEN
    app.synth();
    const result = buildPolicy(readAssembly(outdir), { account: ACCOUNT });
    // THEN
    expect(result.policy!.Statement.find(s => s.Sid === 'EncryptionKeysViaSageMaker')?.Condition)
      .toEqual({ StringLike: { 'kms:ViaService': 'sagemaker.*.amazonaws.com' } });
  });
});
