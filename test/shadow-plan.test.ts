import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnEndpoint, CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { shadowConfig } from './util/config-shadow';
import { readAssembly } from '../src/cli/assembly';
import { buildPolicy } from '../src/cli/policy';
import { BlueGreenDeployment, CapacitySize, DeploymentPlan, RollingDeployment, TrafficRouting } from '../src/deployment';
import { planFromInputs, planInputs } from '../src/deployment/plan-metadata';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig } from '../src/endpoint-config';
import { CfnTemplate, identityPoliciesOf, sagemakerArnOf, simulate } from './util/iam-sim';
import { exclusionProblems } from '../src/private/plan-checks';

const GR = 'https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html';

function shadowMessage(property: string, strategy: string): string {
  return `${property} must not be ${strategy} for an endpoint config with the shadow variant "Shadow" `
    + `(SageMaker documents no guarded update of an endpoint with a shadow variant, and what a ${strategy} update does to the shadow fleet is not documented: ${GR}; `
    + `use all-at-once traffic routing, which replaces both fleets at once), got ${strategy}`;
}

function shadowEndpoint(opts: Parameters<typeof shadowConfig>[0] = {}) {
  const { stack, config } = shadowConfig(opts);
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
  return { stack, config, endpoint };
}

function synth(stack: { node: { root: unknown } }): void {
  (stack.node.root as { synth(): void }).synth();
}

describe('deployments of an endpoint with a shadow variant', () => {
  test('a canary is refused (guarded updates with a shadow are not documented)', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint();
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(5) }),
    });
    // THEN
    expect(() => synth(stack)).toThrow(shadowMessage('trafficRouting', 'canary'));
  });

  test('a linear rollout is refused', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint({ production: { initialInstanceCount: 4 } });
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(50), waitInterval: Duration.minutes(5) }),
    });
    // THEN
    expect(() => synth(stack)).toThrow(shadowMessage('trafficRouting', 'linear'));
  });

  test('a rolling rollout is refused with the shadow rule, not as a second production variant', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint({ production: { initialInstanceCount: 4 } });
    // WHEN
    new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(5) });
    // THEN
    let message = '';
    try {
      synth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(shadowMessage('deployment', 'rolling'));
    expect(message).not.toContain('exactly 1 production variant');
  });

  test('all at once is planned with both fleets provisioned anew: the shadow counts in the peak and the extra instance-minutes', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint({ shadow: { initialInstanceCount: 3 } });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    synth(stack);
    // THEN
    const plan = deployment.plan;
    expect(plan.instanceCount).toBe(2);
    expect(plan.shadowInstanceCount).toBe(3);
    expect(plan.peakInstanceCount).toBe(2 * 2 + 2 * 3);
    const withoutShadow = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 2, provisioningAllowance: plan.provisioningAllowance,
    });
    expect(plan.extraInstanceMinutes).toBeCloseTo(withoutShadow.extraInstanceMinutes + 3 * plan.worstCaseDuration.toSeconds() / 60, 2);
    expect(plan.toString()).toContain('peak 10 instances (fleet 2 + shadow 3, both fleets provisioned anew)');
    expect(plan.description).toContain('+ 3 shadow instances');
  });

  test('the shadow timeouts count in the default provisioning allowance (its fleet is provisioned too)', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint({
      shadow: { modelDataDownloadTimeout: Duration.minutes(40), containerStartupHealthCheckTimeout: Duration.minutes(20) },
    });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // THEN: 40 + 20 minutes plus 10 minutes of instance start-up
    expect(deployment.plan.provisioningAllowance.toMinutes()).toBe(70);
  });

  test('an autoscaled shadow is planned at its maximum (instance autoscaling on the shadow is allowed)', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint();
    endpoint.variant('Shadow').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 4 });
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // THEN
    expect(deployment.plan.shadowInstanceCount).toBe(4);
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: `endpoint/${endpoint.endpointName}/variant/Shadow`, MinCapacity: 1, MaxCapacity: 4,
    });
  });

  test('rollback alarms watch the production variant only (the shadow answers nobody)', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint();
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // WHEN
    deployment.addErrorRateAlarm();
    // THEN
    const alarms = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toContain('AllTraffic');
    expect(alarms).not.toContain('"Shadow"');
  });

  test('a rollback alarm helper cannot watch the shadow (its errors must not roll production back)', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint();
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // THEN
    expect(() => deployment.addErrorRateAlarm({ variantName: 'Shadow' }))
      .toThrow('Stack/Deployment: addErrorRateAlarm variantName must be one of the endpoint config\'s variants ("AllTraffic"), got "Shadow"');
  });

  test('grants.deploy covers the shadow model and passes exactly its role', () => {
    // GIVEN
    const { stack, endpoint } = shadowEndpoint();
    const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    endpoint.grants.deploy(role);
    // THEN
    const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy', {}));
    const shadowModel = Template.fromStack(stack).findResources('AWS::SageMaker::Model');
    const shadowName = Object.entries(shadowModel).find(([id]) => id.startsWith('ShadowModel'))![1].Properties.ModelName as string;
    expect(policy).toContain(`model/${shadowName.replace(/-[0-9a-f]{16}$/, '')}`);
    const shadowRoleId = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Role')).find(id => id.startsWith('ShadowModelRole'))!;
    expect(policy).toContain(shadowRoleId);
  });
});

describe('an endpoint written with raw L1 constructs and a shadow', () => {
  function l1Endpoint() {
    const stack = shadowConfig().stack;
    const cfnConfig = new CfnEndpointConfig(stack, 'L1Config', {
      productionVariants: [{ variantName: 'AllTraffic', modelName: 'prod', instanceType: 'ml.m5.large', initialInstanceCount: 4 }],
      shadowProductionVariants: [{ variantName: 'Shadow', modelName: 'cand', instanceType: 'ml.m5.large', initialInstanceCount: 2 }],
    });
    const cfnEndpoint = new CfnEndpoint(stack, 'L1Endpoint', { endpointName: 'l1-endpoint', endpointConfigName: cfnConfig.attrEndpointConfigName });
    const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
    return { stack, endpoint };
  }

  test('a canary is refused as for a config of this library', () => {
    // GIVEN
    const { stack, endpoint } = l1Endpoint();
    // WHEN
    new BlueGreenDeployment(stack, 'Deployment', {
      endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(5) }),
    });
    // THEN
    expect(() => synth(stack)).toThrow(shadowMessage('trafficRouting', 'canary'));
  });

  test('all at once plans the shadow fleet as for a config of this library', () => {
    // GIVEN
    const { stack, endpoint } = l1Endpoint();
    // WHEN
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint });
    // THEN
    expect(deployment.plan.shadowInstanceCount).toBe(2);
    expect(deployment.plan.peakInstanceCount).toBe(12);
  });
});

describe('the pure plan with a shadow fleet', () => {
  test('all at once takes a shadow fleet', () => {
    const plan = DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 2, shadowInstanceCount: 1 });
    expect(plan.peakInstanceCount).toBe(6);
    expect(plan.rollbackPeakInstanceCount).toBe(6);
    expect(plan._toJsonObject().shadowInstanceCount).toBe(1);
  });

  test('without a shadow the plan reports 0 shadow instances', () => {
    const plan = DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 2 });
    expect(plan.shadowInstanceCount).toBe(0);
    expect(plan.peakInstanceCount).toBe(4);
  });

  test('a canary plan refuses a shadow fleet', () => {
    expect(() => DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1) }), instanceCount: 4, shadowInstanceCount: 1,
    })).toThrow('shadowInstanceCount must not be given for a canary plan (what a canary update does to the shadow fleet is not documented; '
      + 'plan an all-at-once update, which replaces both fleets), got a shadow');
  });

  test('a rolling plan refuses a shadow fleet', () => {
    expect(() => DeploymentPlan.rolling({
      instanceCount: 4, shadowInstanceCount: 1, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(1),
    })).toThrow('shadowInstanceCount must not be given for a rolling plan');
  });

  test('a serverless plan refuses a shadow fleet', () => {
    expect(() => DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), serverless: true, shadowInstanceCount: 1 }))
      .toThrow('shadowInstanceCount must not be given for a serverless fleet (SageMaker rejects shadow variants on serverless endpoints), got a shadow');
  });

  test('the shadow count is a whole number >= 1', () => {
    expect(() => DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 2, shadowInstanceCount: 0 }))
      .toThrow('shadowInstanceCount must be a whole number >= 1, got 0');
  });

  test('the plan inputs round-trip the shadow', () => {
    const plan = DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 2, shadowInstanceCount: 2 });
    const inputs = planInputs(plan);
    expect(inputs.shadowInstanceCount).toBe(2);
    expect(planFromInputs('BLUE_GREEN', inputs).toJson()).toBe(plan.toJson());
  });

  test('exclusionProblems: all at once accepts a shadow; canary, linear and rolling do not', () => {
    const variants = [
      { variantName: 'AllTraffic', literalName: true, serverless: false },
      { variantName: 'Shadow', literalName: true, serverless: false, shadow: true },
    ];
    expect(exclusionProblems('DeploymentConfig', 'all-at-once', variants)).toEqual([]);
    for (const strategy of ['canary', 'linear', 'rolling']) {
      expect(exclusionProblems('DeploymentConfig', strategy, variants)).toEqual([shadowMessage('DeploymentConfig', strategy)]);
    }
  });
});

describe('IAM: the shadow model is deployed like the production model', () => {
  function deployApp() {
    const { stack, endpoint } = shadowEndpoint();
    const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    endpoint.grants.deploy(role);
    const template = Template.fromStack(stack).toJSON() as CfnTemplate;
    const models = Object.entries(template.Resources as Record<string, any>).filter(([, r]) => r.Type === 'AWS::SageMaker::Model');
    const nameOf = (prefix: string) => models.find(([id]) => id.startsWith(prefix))![1].Properties.ModelName as string;
    return { stack, template, roleId: stack.getLogicalId(role.node.defaultChild as iam.CfnRole), prod: nameOf('ProdModel'), shadow: nameOf('ShadowModel') };
  }

  test('grants.deploy allows creating both models (and the names they rotate to), not another model (simulated)', async () => {
    // GIVEN
    const { template, roleId, prod, shadow: shadowName } = deployApp();
    const policies = identityPoliciesOf(template, roleId);
    const rotated = (n: string) => n.replace(/-[0-9a-f]{16}$/, '-fedcba9876543210');
    // WHEN / THEN
    for (const name of [prod, shadowName, rotated(prod), rotated(shadowName)]) {
      expect([name, await simulate(policies, 'sagemaker:CreateModel', sagemakerArnOf('model', name))]).toEqual([name, 'Allowed']);
    }
    expect(await simulate(policies, 'sagemaker:CreateModel', sagemakerArnOf('model', 'other-model-0123456789abcdef'))).toBe('ImplicitlyDenied');
  });

  test('grants.deploy passes the shadow model role, to SageMaker only', () => {
    // GIVEN
    const { template, roleId } = deployApp();
    const shadowRole = Object.keys(template.Resources).find(id => template.Resources[id].Type === 'AWS::IAM::Role' && id.startsWith('ShadowModelRole'))!;
    // WHEN (the simulator cannot resolve a role's GetAtt Arn, so the statement is read as written)
    const statements = Object.values(template.Resources as Record<string, any>)
      .filter(r => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
      .flatMap(r => r.Properties.PolicyDocument.Statement as any[]);
    const passShadow = statements.filter(st => [st.Action].flat().includes('iam:PassRole')
      && JSON.stringify(st.Resource).includes(`"${shadowRole}"`));
    // THEN
    expect(passShadow).toHaveLength(1);
    expect(passShadow[0].Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
  });

  test('the command\'s policy covers the shadow model from the template alone', () => {
    // GIVEN
    const { stack, shadow: shadowName } = deployApp();
    const outdir = (stack.node.root as any).synth().directory as string;
    // WHEN
    const result = buildPolicy(readAssembly(outdir));
    // THEN
    expect(JSON.stringify(result)).toContain(`model/${shadowName.replace(/-[0-9a-f]{16}$/, '')}`);
  });
});
