// IAM matrix cells of the model sources (issue 16), registered by test/iam-matrix.test.ts: simulated over EVERY
// SageMaker action of the IAM service data x (this package version, another version, the lower-cased spelling,
// another group) for the execution role of a package model, and x (this endpoint, a mixed-case and another endpoint)
// x (the named target model, another target model, no TargetModel) for a target-model invoke grant. The allowed set
// must equal the intended set exactly, and the other services' actions must be exactly the intended ones.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, CfnTemplate, decisions, identityPoliciesOf, probesForService, REGION, sagemakerArnOf, SimRequest } from './iam-sim';
import { multiModelEndpoint } from './multi-model-fixture';
import { fraudDetectorPackage } from './package-fixture';
import { Model } from '../../src/model';

type Policies = { name: string; policy: any }[];

const PKG = sagemakerArnOf('model-package', 'FraudDetector/3');
const PACKAGE_ARNS = {
  PKG,
  PKG_NEXT: sagemakerArnOf('model-package', 'FraudDetector/4'),
  PKG_LOWER: sagemakerArnOf('model-package', 'frauddetector/3'),
  PKG_OTHER: sagemakerArnOf('model-package', 'other-group/3'),
};
const ENDPOINTS = {
  E: sagemakerArnOf('endpoint', 'tenants'),
  E_MIXED: sagemakerArnOf('endpoint', 'Tenants'),
  E_OTHER: sagemakerArnOf('endpoint', 'other-endpoint'),
};
const TARGETS: Record<string, string | undefined> = { NAMED: 'customer-42.tar.gz', PATTERN: 'tenant-a/model.tar.gz', OTHER: 'customer-43.tar.gz', NONE: undefined };

function newStack(): Stack {
  return new Stack(new App(), 'Matrix', { env: { account: ACCOUNT, region: REGION } });
}

function policiesOf(stack: Stack, role: iam.IRole): Policies {
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  return identityPoliciesOf(template, stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId));
}

function otherActionsOf(policies: Policies): string[] {
  return [...new Set(policies.flatMap(p => p.policy.Statement as any[]).flatMap(s => [s.Action].flat() as string[])
    .filter(a => !a.startsWith('sagemaker:')))].sort();
}

async function allowedOf(policies: Policies, probes: SimRequest[], label: (r: SimRequest) => string): Promise<{ allowed: string[]; probes: number }> {
  const result = await decisions(policies, probes);
  const allowed = probes.filter(p => result.get(`${p.action} on ${p.resource}`) === 'Allowed').map(label);
  return { allowed: [...new Set(allowed)].sort(), probes: probes.length };
}

/** Registers the model-source cells (call inside a describe block of the matrix). */
export function registerModelSourceMatrix(): void {
  test('execution role of a package model: DescribeModelPackage on exactly that version, over every SageMaker action', async () => {
    const stack = newStack();
    const model = new Model(stack, 'Model', { containers: [{ modelPackage: fraudDetectorPackage(stack) }] });
    const policies = policiesOf(stack, model.role!);
    const symbolOf = new Map(Object.entries(PACKAGE_ARNS).map(([s, arn]) => [arn, s]));
    const probes = await probesForService('sagemaker', { 'model-package': Object.values(PACKAGE_ARNS) });
    const o = await allowedOf(policies, probes, r => `${r.action} on ${symbolOf.get(r.resource) ?? r.resource}`);
    expect(o.probes).toBeGreaterThan(450);
    expect(o.allowed).toEqual(['sagemaker:DescribeModelPackage on PKG']);
    expect(otherActionsOf(policies)).toEqual([
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer',
      'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 's3:GetObject',
    ]);
  });

  test('grants.invoke with targetModels: InvokeEndpoint on this endpoint for the named models only, over every SageMaker action', async () => {
    const stack = newStack();
    const { endpoint, client } = multiModelEndpoint(stack);
    endpoint.grants.invoke(client, { targetModels: ['customer-42.tar.gz', 'tenant-a/*'] });
    const policies = policiesOf(stack, client);

    const base = await probesForService('sagemaker', { endpoint: Object.values(ENDPOINTS) });
    const probes: SimRequest[] = base.flatMap(p => Object.values(TARGETS).map(t => ({ ...p, ...(t ? { context: { 'sagemaker:TargetModel': t } } : {}) })));
    const symbolOf = new Map(Object.entries(ENDPOINTS).map(([s, arn]) => [arn, s]));
    const targetOf = (r: SimRequest) => Object.entries(TARGETS).find(([, t]) => t === r.context?.['sagemaker:TargetModel'])![0];
    // decisions() keys by action and resource: run each target separately so contexts do not overwrite each other
    const allowed: string[] = [];
    for (const target of Object.keys(TARGETS)) {
      const some = probes.filter(p => targetOf(p) === target);
      const o = await allowedOf(policies, some, r => `${r.action} on ${symbolOf.get(r.resource) ?? r.resource} with ${target}`);
      allowed.push(...o.allowed);
    }
    expect(probes.length).toBeGreaterThan(450 * 4);
    expect(allowed.sort()).toEqual(['sagemaker:InvokeEndpoint on E with NAMED', 'sagemaker:InvokeEndpoint on E with PATTERN']);
    expect(otherActionsOf(policies)).toEqual([]);
  });
}
