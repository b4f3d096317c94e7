// Compliance: the cdk-nag AwsSolutions, HIPAA.Security and NIST.800.53.R5 packs over the canonical example
// (test/util/canonical-app.ts, the same app as examples/app.ts) and over every integ stack (the apps the
// test/integ.*.ts files build) and over an app with inference components (issue 15). Zero unacknowledged findings: every finding is acknowledged on its exact
// construct with a specific reason from the table below, and the acknowledgements that concern resources the
// LIBRARY creates are checked for the evidence their reason claims.
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, PolicyViolation, Size, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct, Node } from 'constructs';
import {
  BlueGreenDeployment, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InstanceType, Model, ModelData,
  RollingDeployment,
} from '../src';
import { canonicalApp } from './util/canonical-app';
import { modelSourceApp } from './util/compliance-model-sources';

/** Actions IAM only accepts with `Resource: "*"` (IAM service authorization reference). */
const NO_RESOURCE_LEVEL = new Set([
  'ecr:GetAuthorizationToken',
  'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
  'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies',
  'application-autoscaling:DescribeScalingActivities',
]);

type Source = 'library' | 'library grant' | 'app';

interface AckRule {
  /** Matches the full finding id, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: RegExp;
  /** Matches the violating construct. */
  readonly where: (c: IConstruct) => boolean;
  /** Who creates what the finding is about. */
  readonly source: Source;
  readonly reason: string;
  /** Evidence the reason claims, checked on the construct before acknowledging (throws when false). */
  readonly evidence?: (c: IConstruct) => void;
}

const LIBRARY_TYPES = [Model, EndpointConfig, Endpoint, BlueGreenDeployment, RollingDeployment];

function ancestors(c: IConstruct): IConstruct[] {
  return c.node.scopes.slice(0, -1).reverse();
}

function libraryOwner(c: IConstruct): IConstruct | undefined {
  return ancestors(c).find(a => LIBRARY_TYPES.some(t => a instanceof t));
}

const ownedByModel = (c: IConstruct) => libraryOwner(c) instanceof Model;
/** The execution role of a model with a multi-model container (issue 16). */
const ownedByMultiModel = (c: IConstruct) => {
  const owner = libraryOwner(c);
  return owner instanceof Model && owner._hosting.multiModel;
};
/** The execution role of a config that hosts inference components (issue 15). */
const ownedByConfig = (c: IConstruct) => libraryOwner(c) instanceof EndpointConfig;
const isPolicy = (c: IConstruct) => c instanceof iam.CfnPolicy;
const isAlarm = (c: IConstruct) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::CloudWatch::Alarm';

/** The resolved statements of an AWS::IAM::Policy. */
function statements(c: IConstruct): any[] {
  const cfn = c as iam.CfnPolicy;
  return Stack.of(cfn).resolve(cfn.policyDocument).Statement;
}

/** Every statement with `Resource: "*"` may only hold actions that support no resource-level permissions. */
function starOnlyForNoResourceLevelActions(c: IConstruct): void {
  for (const s of statements(c)) {
    if ([s.Resource].flat().includes('*')) {
      const actions = [s.Action].flat() as string[];
      const bad = actions.filter(a => !NO_RESOURCE_LEVEL.has(a));
      if (bad.length > 0) {
        throw new Error(`${c.node.path}: Resource "*" for ${bad.join(', ')}, which support resource-level permissions`);
      }
    }
  }
}

/** The statements whose resources contain `marker` grant exactly the given actions (and there is one). */
function wildcardOnlyFor(marker: string, allowed: string[]): (c: IConstruct) => void {
  return (c) => {
    const hits = statements(c).filter(s => JSON.stringify(s.Resource).includes(marker));
    if (hits.length === 0) {
      throw new Error(`${c.node.path}: no statement on ${marker}`);
    }
    for (const s of hits) {
      const bad = ([s.Action].flat() as string[]).filter(a => !allowed.includes(a));
      if (bad.length > 0) {
        throw new Error(`${c.node.path}: ${marker} is also used for ${bad.join(', ')}`);
      }
    }
  };
}

const ACKS: AckRule[] = [
  // ---- what the library creates ----
  // ---- the verify-rollout provider (one Lambda function and role per stack, see docs/deployments.md) ----
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\/aws\/lambda\/cdk-sagemaker-verify-rollout-[0-9a-f]{10}:\*\]$/,
    where: c => isPolicy(c) && ancestors(c).some(a => a.node.id === 'CdkSageMakerEndpointVerifyRollout'),
    source: 'library',
    reason: 'verify-rollout provider role: its own log group only; CloudWatch Logs names log streams at run time, so the streams of that one group need the ":*" suffix',
    evidence: wildcardOnlyFor('log-group', ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']),
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack\/[A-Za-z0-9-]+\/\*\]$/,
    where: c => isPolicy(c) && ancestors(c).some(a => a.node.id === 'CdkSageMakerEndpointVerifyRollout'),
    source: 'library',
    reason: 'verify-rollout provider role: DescribeStacks of its own stack only, so that a failed check never blocks a rollback; a stack ARN ends in an id CloudFormation assigns, hence the "/*" after the stack name',
    evidence: wildcardOnlyFor(':stack/', ['cloudformation:DescribeStacks']),
  },
  {
    id: /^AwsSolutions-L1$|^(HIPAA\.Security|NIST\.800\.53\.R5)-Lambda(Concurrency|DLQ|InsideVPC)$/,
    where: c => ancestors(c).some(a => a.node.id === 'CdkSageMakerEndpointVerifyRollout'),
    source: 'library',
    reason: 'verify-rollout provider function: its runtime is aws-cdk-lib\'s current default (lambda.determineLatestNodeRuntime), it runs once per stack update so it needs no concurrency limit or DLQ (CloudFormation reports a failed or missing answer as a failed update), and it stays outside any VPC because it only calls the SageMaker and CloudFormation APIs and answers CloudFormation\'s response URL',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    where: c => isPolicy(c) && ownedByModel(c),
    source: 'library',
    reason: 'model execution role: ecr:GetAuthorizationToken (and, for VPC models, the ec2:Describe* calls SageMaker makes) support no resource-level permissions, so IAM only accepts "*" for them; every other statement names exact ARNs',
    evidence: starOnlyForNoResourceLevelActions,
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\/aws\/sagemaker\/\*\]$/,
    where: c => isPolicy(c) && ownedByModel(c),
    source: 'library',
    reason: 'model execution role: SageMaker writes container logs to /aws/sagemaker/Endpoints/<endpoint> log groups it creates; a model does not know which endpoints will serve it, so the role may log under /aws/sagemaker/ only',
    evidence: wildcardOnlyFor('log-group:/aws/sagemaker/*', ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']),
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface\/\*\]$/,
    where: c => isPolicy(c) && ownedByModel(c),
    source: 'library',
    reason: 'model execution role of a VPC model: SageMaker creates and deletes the elastic network interfaces of the containers at run time, their ids cannot be named at deploy time',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::(arn:<AWS::Partition>:s3:::[a-z0-9.-]+|<[A-Za-z0-9]+\.Arn>)\/[^\]]*\*\]$/,
    where: c => isPolicy(c) && ownedByMultiModel(c),
    source: 'library',
    reason: 'multi-model execution role: SageMaker loads whichever model under the container\'s S3 prefix a request names (TargetModel), so the role reads that prefix (s3:GetObject on <prefix>*, s3:ListBucket with s3:prefix <prefix>*) and nothing else',
    evidence: c => {
      const reads = statements(c).filter((st: any) => [st.Action].flat().includes('s3:GetObject'));
      expect(reads.length).toBeGreaterThan(0);
    },
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+\.Arn>\/[^\]]*\*\]$/,
    where: c => isPolicy(c) && ownedByModel(c),
    source: 'library',
    reason: 'model execution role: data capture and asynchronous inference write new objects with keys SageMaker generates under the configured prefix; the grant is s3:PutObject on that prefix only',
  },
  {
    id: /^(HIPAA\.Security|NIST\.800\.53\.R5)-IAMNoInlinePolicy$/,
    where: c => isPolicy(c),
    source: 'library grant',
    reason: 'AWS::IAM::Policy written by CDK grants (iam.Grant.addToPrincipal) and attached to exactly one role; every statement is least privilege and verified by the IAM simulation suites (test/iam-matrix.test.ts)',
  },
  {
    id: /^(HIPAA\.Security|NIST\.800\.53\.R5)-CloudWatchAlarmAction$/,
    where: c => isAlarm(c) && (libraryOwner(c) instanceof BlueGreenDeployment || libraryOwner(c) instanceof RollingDeployment),
    source: 'library',
    reason: 'rollback alarm of a deployment: SageMaker reads it during a rollout (DeploymentConfig.AutoRollbackConfiguration) and its action is the automatic rollback; the returned cloudwatch.Alarm takes notification actions when the app wants them',
  },
  // ---- grants.deploy on a pipeline role (the statements are written by the library) ----
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:endpoint-config\/[a-z0-9-]+-\?{16}\]$/,
    where: c => isPolicy(c),
    source: 'library grant',
    reason: 'grants.deploy: endpoint configs have content-hashed names that rotate on every change (<construct path>-<16 hex digits>); the pattern covers only the names of this config construct, which CloudFormation creates and deletes during a rollout',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:scalable-target\/\*\]$/,
    where: c => isPolicy(c),
    source: 'library grant',
    reason: 'grants.deploy with autoscaling: Application Auto Scaling assigns the scalable-target id at registration, so it cannot be named at deploy time (failure-modes row 14)',
    evidence: wildcardOnlyFor('scalable-target/*', ['application-autoscaling:RegisterScalableTarget', 'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy']),
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:TargetTracking-endpoint\/[^/]+\/variant\/\*\]$/,
    where: c => isPolicy(c),
    source: 'library grant',
    reason: 'grants.deploy with autoscaling: target-tracking alarms get generated suffixes from Application Auto Scaling; the pattern is scoped to this endpoint',
  },
  // ---- inference components (issue 15) ----
  {
    id: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    where: c => isPolicy(c) && ownedByConfig(c),
    source: 'library',
    reason: 'execution role of an endpoint config that hosts inference components: ecr:GetAuthorizationToken supports no resource-level permission, so IAM only accepts "*" for it; every other statement names exact ARNs',
    evidence: starOnlyForNoResourceLevelActions,
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\/aws\/sagemaker\/\*\]$/,
    where: c => isPolicy(c) && ownedByConfig(c),
    source: 'library',
    reason: 'execution role of an endpoint config that hosts inference components: SageMaker writes container logs to /aws/sagemaker/... log groups it creates and names per component, so the role may log under /aws/sagemaker/ only',
    evidence: wildcardOnlyFor('log-group:/aws/sagemaker/*', ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']),
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:TargetTracking-inference-component\/[a-z0-9-]+-\*\]$/,
    where: c => isPolicy(c),
    source: 'library grant',
    reason: 'grants.deploy with copy autoscaling: target-tracking alarms get generated suffixes from Application Auto Scaling; the pattern is scoped to this inference component',
    evidence: wildcardOnlyFor('TargetTracking-inference-component/', ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms']),
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    where: c => isPolicy(c) && !ownedByModel(c),
    source: 'library grant',
    reason: 'grants.deploy with autoscaling: application-autoscaling:DescribeScalableTargets/DescribeScalingPolicies/DescribeScalingActivities support no resource-level permissions',
    evidence: starOnlyForNoResourceLevelActions,
  },
  // ---- what the apps (the example and the integ fixtures) choose ----
  {
    id: /^(HIPAA\.Security|NIST\.800\.53\.R5)-SageMakerEndpointConfigurationKMSKeyConfigured$/,
    where: c => c.node.scope instanceof EndpointConfig && (c.node.scope as EndpointConfig).encryptionKey === undefined,
    source: 'app',
    reason: 'this app gives the endpoint config no encryptionKey (volumes use AWS-managed encryption); with one the library renders KmsKeyId and the finding disappears (asserted in this suite)',
  },
  {
    id: /^(HIPAA\.Security|NIST\.800\.53\.R5)-CloudWatchAlarmAction$/,
    where: c => isAlarm(c),
    source: 'app',
    reason: 'alarm of the test app on endpoint metrics (a rollback alarm or a dashboard alarm); where it notifies is the application\'s choice',
  },
  {
    id: /^AwsSolutions-(IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]|L1)$|^(HIPAA\.Security|NIST\.800\.53\.R5)-Lambda(Concurrency|DLQ|InsideVPC)$/,
    where: c => ancestors(c).some(a => a.node.id === 'Client'),
    source: 'app',
    reason: 'the example\'s client Lambda function only demonstrates grantInvoke; its runtime, logging role, concurrency, DLQ and VPC are the application\'s choice, not the library\'s',
  },
  {
    id: /^AwsSolutions-(APIG[1-6]|COG4|IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AmazonAPIGatewayPushToCloudWatchLogs\])$|^(HIPAA\.Security|NIST\.800\.53\.R5)-APIGW[A-Za-z]+$/,
    where: c => ancestors(c).some(a => a.node.id === 'Api'),
    source: 'app',
    reason: 'the API Gateway in front of the inference-components integ app only shows a client passing InferenceComponentName; its authorization, validation, logging, caching, WAF and TLS are the application\'s choice, not the library\'s',
  },
  {
    id: /^AwsSolutions-(VPC7|S1)$|^(HIPAA\.Security|NIST\.800\.53\.R5)-(VPCDefaultSecurityGroupClosed|VPCFlowLogsEnabled|S3BucketLoggingEnabled|S3BucketReplicationEnabled|S3BucketVersioningEnabled|S3DefaultEncryptionKMS|SNSEncryptedKMS)$/,
    where: c => !libraryOwner(c),
    source: 'app',
    reason: 'fixture resource of the integ test (VPC, bucket or topic the test app creates to exercise VPC models, data capture and async notifications), not created by the library',
  },
];

const PACKS = (): NagPack[] => [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];

interface Finding {
  readonly id: string;
  readonly path: string;
  readonly description: string;
}

function findings(app: App): Finding[] {
  const out: Finding[] = [];
  for (const pack of PACKS()) {
    for (const v of pack.validateScope(app).violations as PolicyViolation[]) {
      for (const r of v.violatingResources) {
        out.push({ id: v.ruleName, path: r.constructPath ?? '', description: v.description });
      }
    }
  }
  return out;
}

interface Acknowledged {
  readonly app: string;
  readonly id: string;
  readonly path: string;
  readonly source: Source;
  readonly reason: string;
}

/**
 * `Validations.of(c).acknowledge()`, except for finding ids with more than one `::` (IAM5 findings on ARNs such
 * as `Resource::arn:<AWS::Partition>:...`): aws-cdk-lib 2.257 rejects those ids (InvalidValidationId, it
 * reserves `::` for one prefix separator) although cdk-nag 3.0.2 reports them, so the same acknowledgement
 * metadata that `acknowledge()` writes (and cdk-nag reads) is recorded directly.
 */
function acknowledge(construct: IConstruct, id: string, reason: string): void {
  if (id.split('::').length <= 2) {
    Validations.of(construct).acknowledge({ id, reason });
  } else {
    construct.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}

/** Acknowledges every finding an AckRule covers (after checking its evidence); returns what it acknowledged. */
function acknowledgeKnown(name: string, app: App): Acknowledged[] {
  const byPath = new Map(app.node.findAll().map(c => [c.node.path, c] as const));
  const done: Acknowledged[] = [];
  for (const f of findings(app)) {
    const construct = byPath.get(f.path);
    if (!construct) {
      continue;
    }
    const rule = ACKS.find(a => a.id.test(f.id) && a.where(construct));
    if (!rule) {
      continue;
    }
    rule.evidence?.(construct);
    acknowledge(construct, f.id, rule.reason);
    done.push({ app: name, id: f.id, path: f.path, source: rule.source, reason: rule.reason });
  }
  return done;
}

/** Loads a test/integ.*.ts app (the files build an App at module level and never synthesize it). */
function loadIntegApp(file: string): App[] {
  const roots = new Set<IConstruct>();
  const proto = Node.prototype as any;
  const addChild = proto.addChild;
  proto.addChild = function (this: Node, ...args: unknown[]) {
    roots.add(this.root);
    return addChild.apply(this, args);
  };
  try {
    // the integ files are scripts with side effects only: load them for those
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, file));
  } finally {
    proto.addChild = addChild;
  }
  return [...roots].filter(r => App.isApp(r)) as App[];
}

/**
 * An endpoint that hosts a base component (container and artifact) and a LoRA adapter, the base scaled to zero
 * copies and instances, and a pipeline role with grants.deploy (issue 15).
 */
function componentApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Components');
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{
      variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 },
    }],
    // no encryptionKey: ml.g5 instances have local NVMe storage, which SageMaker encrypts itself
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
  endpoint.grants.deploy(new iam.Role(stack, 'PipelineRole', { assumedBy: new iam.AccountRootPrincipal() }));
  const artifacts = s3.Bucket.fromBucketName(stack, 'Artifacts', 'llm-artifacts');
  const base = new InferenceComponent(stack, 'Base', {
    endpoint,
    specification: ComponentSpecification.fromContainer({
      image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1'),
      modelData: ModelData.fromBucket(artifacts, 'base/model.tar.gz'),
    }),
    numberOfAcceleratorDevicesRequired: 1,
    minMemoryRequired: Size.gibibytes(16),
  });
  base.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 4 }).scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 1 });
  new InferenceComponent(stack, 'Adapter', {
    endpoint,
    specification: ComponentSpecification.adapter(ModelData.fromBucket(artifacts, 'lora/adapter.tar.gz')),
    baseComponent: base,
  });
  return app;
}

const INTEG_FILES = fs.readdirSync(__dirname).filter(f => /^integ\.[a-z0-9-]+\.ts$/.test(f)).sort();

const apps: Array<{ name: string; app: App }> = [];
const acknowledged: Acknowledged[] = [];

beforeAll(() => {
  apps.push({ name: 'canonical example', app: canonicalApp().app });
  apps.push({ name: 'inference components', app: componentApp() });
  apps.push({ name: 'model sources', app: modelSourceApp() });
  apps.push({ name: 'shadow variant', app: canonicalApp({ trafficRouting: 'all-at-once', shadow: { imageTag: 'v43' } }).app });
  for (const file of INTEG_FILES) {
    for (const app of loadIntegApp(file)) {
      apps.push({ name: file, app });
    }
  }
  for (const { name, app } of apps) {
    app.synth(); // aspects (Tags.of) and validations (late grants) run first, as in a real synth
    acknowledged.push(...acknowledgeKnown(name, app));
  }
  // one line per acknowledgement class: how many findings, which rules, who creates the resource, why
  const byReason = new Map<string, Acknowledged[]>();
  for (const a of acknowledged) {
    byReason.set(a.reason, [...(byReason.get(a.reason) ?? []), a]);
  }
  const lines = [...byReason].map(([reason, list]) => {
    const ids = [...new Set(list.map(a => a.id.replace(/\[Resource::(.{0,60}).*\]$/, '[Resource::$1...]')))].join(', ');
    return `- ${list.length} x [${list[0].source}] ${ids}\n    reason: ${reason}`;
  });
  // eslint-disable-next-line no-console
  console.log(`cdk-nag: ${apps.length} apps, ${acknowledged.length} acknowledged findings, 0 unacknowledged\n${lines.join('\n')}`);
});

describe('cdk-nag AwsSolutions, HIPAA.Security and NIST.800.53.R5', () => {
  test('every integ app is checked', () => {
    expect(INTEG_FILES.length).toBeGreaterThanOrEqual(3);
    expect(apps.map(a => a.name)).toEqual(['canonical example', 'inference components', 'model sources', 'shadow variant', ...INTEG_FILES]);
  });

  test.each(['canonical example', 'inference components', 'model sources', 'shadow variant', ...INTEG_FILES])('%s has zero unacknowledged findings', (name) => {
    // GIVEN the acknowledgements applied in beforeAll
    const app = apps.find(a => a.name === name)!.app;
    // WHEN
    const left = findings(app).map(f => `${f.id} on ${f.path}: ${f.description.slice(0, 160)}`);
    // THEN
    expect(left).toEqual([]);
  });

  test('every acknowledgement carries a specific reason', () => {
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      expect(a.reason.length).toBeGreaterThan(80);
    }
  });
});

describe('findings the library avoids', () => {
  function checkedStack(build: (stack: Stack) => void): Finding[] {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    build(stack);
    app.synth();
    return findings(app);
  }

  test('a config given an encryptionKey renders KmsKeyId: no KMS finding, and data capture uses its own key', () => {
    // GIVEN
    let template: Template | undefined;
    const result = checkedStack(stack => {
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'capture-bucket');
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_C5_XLARGE }],
        encryptionKey: key,
        dataCapture: { destinationBucket: bucket, encryptionKey: key },
      });
      template = Template.fromStack(stack);
    });
    // THEN
    expect(result.filter(f => /KMSKeyConfigured/.test(f.id))).toEqual([]);
    template!.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      DataCaptureConfig: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });

  test('a model role never uses an AWS managed policy (no AwsSolutions-IAM4 on library roles)', () => {
    const library = acknowledged.filter(a => a.source === 'library');
    expect(library.filter(a => a.id.startsWith('AwsSolutions-IAM4'))).toEqual([]);
    for (const { app } of apps) {
      const libraryFindings = findings(app).filter(f => f.id.startsWith('AwsSolutions-IAM4') && /\/Model\/Role\//.test(f.path));
      expect(libraryFindings).toEqual([]);
    }
  });

  test('the library-created findings are only the documented classes', () => {
    const classes = [...new Set(acknowledged.filter(a => a.source !== 'app').map(a => a.id.replace(/<[A-Za-z0-9]+\.Arn>/, '<bucket>')))].sort();
    // eslint-disable-next-line no-console
    console.log(`findings about what the library creates or grants:\n${classes.join('\n')}`);
    for (const c of classes) {
      // the Lambda classes are the verify-rollout provider's (acknowledged above with their reason)
      expect(c).toMatch(/^(AwsSolutions-IAM5\[|AwsSolutions-L1$|(HIPAA\.Security|NIST\.800\.53\.R5)-(IAMNoInlinePolicy|CloudWatchAlarmAction|LambdaConcurrency|LambdaDLQ|LambdaInsideVPC)$)/);
    }
  });
});
