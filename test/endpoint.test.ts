import { App, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { attachFakeDeployment, newConfig, newEndpoint, newModel, newStack } from './endpoint-fixtures';
import { Endpoint, EndpointGrants, RetainedVariantProperty } from '../src/endpoint';
import { EndpointDeploymentBinding } from '../src/endpoint/deployment-binding';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ENDPOINT_NAME_RULE } from '../src/private/validation';

function endpointProps(stack: Stack): any {
  return Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint');
}

function onlyEndpoint(stack: Stack): any {
  const endpoints = Object.values(endpointProps(stack));
  expect(endpoints).toHaveLength(1);
  return endpoints[0];
}

describe('Endpoint', () => {
  test('wraps a CfnEndpoint serving the config by its literal content-hashed name', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack);
    // WHEN
    new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      EndpointConfigName: config.endpointConfigName,
      EndpointName: Match.stringLikeRegexp('^stack-endpoint-[a-z0-9-]+$'),
    });
    expect(config.endpointConfigName).toMatch(/^[a-z0-9-]+$/);
  });

  test('depends on its config even though the config is referenced by a literal name (failure-modes row 20)', () => {
    // GIVEN
    const stack = newStack();
    const config = newConfig(stack);
    // WHEN
    new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    // THEN
    const configId = stack.getLogicalId(config.node.defaultChild as any);
    expect(onlyEndpoint(stack).DependsOn).toContain(configId);
  });

  test('depends on a config in another stack through a stack dependency', () => {
    // GIVEN
    const configStack = newStack('Configs');
    const endpointStack = new Stack(configStack.node.root as App, 'Endpoints', { env: { account: '123456789012', region: 'us-east-1' } });
    const config = newConfig(configStack);
    // WHEN
    new Endpoint(endpointStack, 'Endpoint', { endpointConfig: config });
    // THEN
    expect(onlyEndpoint(endpointStack).Properties.EndpointConfigName).toEqual(config.endpointConfigName);
    // construct dependencies across stacks become stack dependencies at synth
    expect(endpointStack.dependencies.map(s => s.stackName)).toEqual(['Configs']);
  });

  test('sets no optional property by default', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newEndpoint(stack);
    // THEN
    const props = onlyEndpoint(stack).Properties;
    expect(Object.keys(props).sort()).toEqual(['EndpointConfigName', 'EndpointName']);
  });

  describe('default name', () => {
    test('is lower-case, at most 63 characters and valid for the SageMaker pattern', () => {
      // GIVEN
      const app = new App();
      const stack = new Stack(app, 'AVeryLongStackNameThatGoesOnAndOnForeverAndEver', { env: { account: '123456789012', region: 'us-east-1' } });
      const deep = new Construct(new Construct(stack, 'SomeDeeplyNestedConstructWithALongName'), 'AnotherLevelOfNesting_With_Underscores');
      // WHEN
      const endpoint = newEndpoint(deep);
      // THEN
      expect(endpoint.endpointName.length).toBeLessThanOrEqual(63);
      expect(endpoint.endpointName).toEqual(endpoint.endpointName.toLowerCase());
      expect(endpoint.endpointName).toMatch(ENDPOINT_NAME_RULE.pattern);
    });

    test('is deterministic across synths', () => {
      // GIVEN / WHEN
      const first = newEndpoint(newStack()).endpointName;
      const second = newEndpoint(newStack()).endpointName;
      // THEN
      expect(first).toEqual(second);
    });

    test('is unique per construct path', () => {
      // GIVEN
      const stack = newStack();
      const config = newConfig(stack);
      // WHEN
      const a = new Endpoint(stack, 'A', { endpointConfig: config });
      const b = new Endpoint(stack, 'B', { endpointConfig: config });
      // THEN
      expect(a.endpointName).not.toEqual(b.endpointName);
    });

    test('is unique per stack for the same construct path', () => {
      // GIVEN / WHEN
      const a = newEndpoint(newStack('StackA')).endpointName;
      const b = newEndpoint(newStack('StackB')).endpointName;
      // THEN
      expect(a).not.toEqual(b);
    });

    test('is always valid for any construct ids (property-based)', () => {
      fc.assert(fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 40 }).filter(id => !id.includes('/')), { minLength: 1, maxLength: 4 }),
        (ids) => {
          const stack = newStack();
          let scope: Construct = stack;
          ids.forEach((id, i) => { scope = new Construct(scope, `${i}${id}`); });
          const name = newEndpoint(scope).endpointName;
          return name.length <= 63 && name === name.toLowerCase() && ENDPOINT_NAME_RULE.pattern.test(name);
        },
      ), { numRuns: 50 });
    });

    test('is a literal string, not a reference to the endpoint resource', () => {
      const endpoint = newEndpoint(newStack());
      expect(endpoint.endpointName).not.toContain('${Token');
      expect(JSON.stringify(endpoint.stack.resolve(endpoint.endpointName))).not.toContain('Ref');
    });
  });

  describe('given name', () => {
    test('keeps its case in EndpointName while the ARN is lower-cased (failure-modes row 9)', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      const endpoint = newEndpoint(stack, { endpointName: 'My-Fancy-Endpoint' });
      // THEN
      expect(onlyEndpoint(stack).Properties.EndpointName).toEqual('My-Fancy-Endpoint');
      expect(endpoint.endpointName).toEqual('My-Fancy-Endpoint');
      expect(stack.resolve(endpoint.endpointArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:endpoint/my-fancy-endpoint']],
      });
    });

    test('accepts 63 characters and double hyphens', () => {
      const stack = newStack();
      const name = `a--${'b'.repeat(60)}`;
      expect(newEndpoint(stack, { endpointName: name }).endpointName).toEqual(name);
    });

    test.each([
      ['a'.repeat(64), /endpointName must be 1-63 characters, got "a{64}" \(64 characters\)/],
      ['', /endpointName must be 1-63 characters, got "" \(0 characters\)/],
      ['my_endpoint', /endpointName must match .* got "my_endpoint"/],
      ['-leading', /endpointName must match .* got "-leading"/],
      ['trailing-', /endpointName must match .* got "trailing-"/],
      ['has.dot', /endpointName must match .* got "has.dot"/],
    ])('rejects %j', (name, message) => {
      const stack = newStack();
      expect(() => newEndpoint(stack, { endpointName: name })).toThrow(message);
    });

    test('names the construct path in the error', () => {
      const stack = newStack();
      expect(() => newEndpoint(stack, { endpointName: 'bad_name' })).toThrow(/^Stack\/Endpoint: endpointName must match/);
    });

    test('skips validation of a token name and uses the resource Ref as ARN', () => {
      // GIVEN
      const stack = newStack();
      const name = new CfnParameter(stack, 'Name').valueAsString;
      // WHEN
      const endpoint = newEndpoint(stack, { endpointName: name });
      // THEN
      expect(stack.resolve(endpoint.endpointArn)).toEqual({ Ref: stack.getLogicalId(endpoint.node.defaultChild as any) });
      expect(onlyEndpoint(stack).Properties.EndpointName).toEqual({ Ref: 'Name' });
    });
  });

  describe('retained variant properties', () => {
    test.each([true, false])('renders retainAllVariantProperties %s', (value) => {
      const stack = newStack();
      newEndpoint(stack, { retainAllVariantProperties: value });
      expect(onlyEndpoint(stack).Properties.RetainAllVariantProperties).toEqual(value);
    });

    test('renders excludeRetainedVariantProperties with retainAllVariantProperties', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      newEndpoint(stack, {
        retainAllVariantProperties: true,
        excludeRetainedVariantProperties: [
          RetainedVariantProperty.DESIRED_WEIGHT,
          RetainedVariantProperty.DATA_CAPTURE_CONFIG,
          RetainedVariantProperty.DESIRED_INSTANCE_COUNT,
        ],
      });
      // THEN
      expect(onlyEndpoint(stack).Properties.ExcludeRetainedVariantProperties).toEqual([
        { VariantPropertyType: 'DesiredWeight' },
        { VariantPropertyType: 'DataCaptureConfig' },
        { VariantPropertyType: 'DesiredInstanceCount' },
      ]);
    });

    describe('the weights of a multi-variant config are retained (review finding)', () => {
      const twoVariants = (props: Partial<Parameters<typeof newEndpoint>[1]> = {}) => {
        const stack = newStack();
        const config = newConfig(stack, { instanceCount: 2 });
        config.addInstanceProductionVariant({ variantName: 'Challenger', model: newModel(stack, 'ChallengerModel'), instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 1 });
        const endpoint = newEndpoint(stack, { ...props, endpointConfig: config });
        return { stack, endpoint };
      };
      const weightWarnings = (stack: Stack) => Annotations.fromStack(stack)
        .findWarning('*', Match.stringLikeRegexp('variantWeightsRetained')).map(w => w.entry.data);

      test('autoscaling a variant of a two-variant config warns that its weights apply only at creation', () => {
        const { stack, endpoint } = twoVariants();
        endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
        expect(weightWarnings(stack)).toEqual([
          'retainAllVariantProperties keeps the running endpoint\'s variant weights on every update, so the weights of the endpoint config\'s variants ("AllTraffic", "Challenger") '
          + 'apply only when the endpoint is created: add RetainedVariantProperty.DESIRED_WEIGHT to excludeRetainedVariantProperties to apply them on updates (the instance counts stay retained) '
          + '[ack: cdk-sagemaker-endpoint:variantWeightsRetained]',
        ]);
      });

      test('excluding DesiredWeight applies the weights and does not warn', () => {
        const { stack, endpoint } = twoVariants({ excludeRetainedVariantProperties: [RetainedVariantProperty.DESIRED_WEIGHT] });
        endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 4 });
        expect(weightWarnings(stack)).toEqual([]);
        expect(onlyEndpoint(stack).Properties.ExcludeRetainedVariantProperties).toEqual([{ VariantPropertyType: 'DesiredWeight' }]);
      });

      test('an explicit retainAllVariantProperties true warns too, and a single-variant config does not', () => {
        const { stack } = twoVariants({ retainAllVariantProperties: true });
        expect(weightWarnings(stack)).toHaveLength(1);
        const single = newStack();
        newEndpoint(single, { retainAllVariantProperties: true });
        expect(weightWarnings(single)).toEqual([]);
      });
    });

    test('accepts excludeRetainedVariantProperties when autoscaling makes retainAllVariantProperties true', () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack, { excludeRetainedVariantProperties: [RetainedVariantProperty.DATA_CAPTURE_CONFIG] });
      endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 });
      const props = onlyEndpoint(stack).Properties;
      expect(props.RetainAllVariantProperties).toBe(true);
      expect(props.ExcludeRetainedVariantProperties).toEqual([{ VariantPropertyType: 'DataCaptureConfig' }]);
    });

    test('rejects excludeRetainedVariantProperties without retainAllVariantProperties', () => {
      const stack = newStack();
      newEndpoint(stack, { excludeRetainedVariantProperties: [RetainedVariantProperty.DESIRED_WEIGHT] });
      expect(() => Template.fromStack(stack)).toThrow(/excludeRetainedVariantProperties must be used with retainAllVariantProperties true \(or autoscaling attached\), got retainAllVariantProperties unset and \["DesiredWeight"\]/);
    });

    test('rejects excludeRetainedVariantProperties with retainAllVariantProperties false', () => {
      const stack = newStack();
      newEndpoint(stack, { retainAllVariantProperties: false, excludeRetainedVariantProperties: [RetainedVariantProperty.DESIRED_WEIGHT] });
      expect(() => Template.fromStack(stack)).toThrow(/got retainAllVariantProperties false/);
    });

    test('rejects a repeated property', () => {
      const stack = newStack();
      expect(() => newEndpoint(stack, {
        retainAllVariantProperties: true,
        excludeRetainedVariantProperties: [RetainedVariantProperty.DESIRED_WEIGHT, RetainedVariantProperty.DESIRED_WEIGHT],
      })).toThrow(/excludeRetainedVariantProperties must not repeat a property, got "DesiredWeight" twice/);
    });

    test('rejects a value outside the enum (untyped callers)', () => {
      const stack = newStack();
      expect(() => newEndpoint(stack, {
        retainAllVariantProperties: true,
        excludeRetainedVariantProperties: ['InstanceType' as RetainedVariantProperty],
      })).toThrow(/excludeRetainedVariantProperties must contain only DesiredInstanceCount, DesiredWeight, DataCaptureConfig, got "InstanceType"/);
    });
  });

  describe('tags', () => {
    test('are rendered sorted by key', () => {
      const stack = newStack();
      newEndpoint(stack, { tags: { team: 'ml', cost: 'inference' } });
      expect(onlyEndpoint(stack).Properties.Tags).toEqual([{ Key: 'cost', Value: 'inference' }, { Key: 'team', Value: 'ml' }]);
    });

    test('combine with Tags.of()', () => {
      const stack = newStack();
      newEndpoint(stack, { tags: { team: 'ml' } });
      Tags.of(stack).add('env', 'prod');
      expect(onlyEndpoint(stack).Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'ml' }]));
    });

    test('reject the reserved aws: prefix (failure-modes row 17)', () => {
      const stack = newStack();
      expect(() => newEndpoint(stack, { tags: { 'aws:owner': 'x' } })).toThrow(/tags key must not start with the reserved prefix "aws:", got "aws:owner"/);
    });

    test('reject more than 50 tags', () => {
      const stack = newStack();
      const tags: { [key: string]: string } = {};
      for (let i = 0; i < 51; i++) tags[`k${i}`] = 'v';
      expect(() => newEndpoint(stack, { tags })).toThrow(/tags must have at most 50 tags, got 51/);
    });

    test('reject a value longer than 256 characters', () => {
      const stack = newStack();
      expect(() => newEndpoint(stack, { tags: { k: 'v'.repeat(257) } })).toThrow(/tags value for key "k" must be 0-256 characters/);
    });
  });

  describe('deployment binding (@internal contract with the deployment module)', () => {
    test('renders the DeploymentConfig lazily, after the binding is attached', () => {
      // GIVEN
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      // WHEN
      attachFakeDeployment(endpoint, ['a1']);
      // THEN
      expect(endpoint._deployment).toBeDefined();
      const alarmId = stack.getLogicalId(endpoint._deployment!.rollbackAlarms()[0].node.defaultChild as any);
      expect(onlyEndpoint(stack).Properties.DeploymentConfig).toEqual({
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 } },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: alarmId } }] },
      });
    });

    test('picks up settings changed after attaching', () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      let wait = 60;
      const binding: EndpointDeploymentBinding = {
        construct: new Construct(stack, 'Deployment'),
        renderDeploymentConfig: () => ({ blueGreenUpdatePolicy: { trafficRoutingConfiguration: { type: 'ALL_AT_ONCE', waitIntervalInSeconds: wait } } }),
        rollbackAlarms: () => [],
      };
      endpoint._attachDeployment(binding);
      wait = 300;
      expect(onlyEndpoint(stack).Properties.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds).toEqual(300);
    });

    test('has no deployment by default', () => {
      expect(newEndpoint(newStack())._deployment).toBeUndefined();
    });

    test('rejects a second deployment construct, naming both paths', () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      const binding = (id: string): EndpointDeploymentBinding => ({
        construct: new Construct(stack, id),
        renderDeploymentConfig: () => ({}),
        rollbackAlarms: () => [],
      });
      endpoint._attachDeployment(binding('First'));
      expect(() => endpoint._attachDeployment(binding('Second'))).toThrow('Stack/Endpoint: an endpoint takes at most one deployment construct, got Stack/First and Stack/Second');
    });

    test('_fleet starts from the initial instance count without autoscaling', () => {
      const endpoint = newEndpoint(newStack(), {}, { instanceCount: 3 });
      const fleet = endpoint._fleet();
      expect(fleet.known).toBe(true);
      expect(fleet.variants.map(v => [v.variantName, v.instanceCount, v.maxInstanceCount])).toEqual([['AllTraffic', 3, undefined]]);
    });

    test('_fleet is the autoscaling range min-max when attached', () => {
      const endpoint = newEndpoint(newStack(), {}, { instanceCount: 3 });
      endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 6 });
      expect(endpoint._fleet().variants.map(v => [v.instanceCount, v.maxInstanceCount])).toEqual([[2, 6]]);
    });

    test('_fleet has no instance count for a serverless variant', () => {
      const endpoint = newEndpoint(newStack(), {}, { serverless: true });
      expect(endpoint._fleet().variants.map(v => [v.serverless, v.instanceCount])).toEqual([[true, undefined]]);
    });
  });

  describe('variants', () => {
    test('variant() returns the same object for the same name', () => {
      const endpoint = newEndpoint(newStack());
      expect(endpoint.variant('AllTraffic')).toBe(endpoint.variant('AllTraffic'));
      expect(endpoint.variant('AllTraffic').variantName).toEqual('AllTraffic');
      expect(endpoint.variant('AllTraffic').endpoint).toBe(endpoint);
    });

    test('rejects at synth a variant name the config does not have', () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      endpoint.variant('Nope').metricInvocations();
      expect(() => Template.fromStack(stack)).toThrow(/variant\("Nope"\) must name a production variant of the endpoint config \("AllTraffic"\), got "Nope"/);
    });
  });

  test('exposes endpointRef for aws-cdk-lib consumers', () => {
    const endpoint = newEndpoint(newStack());
    expect(endpoint.endpointRef).toEqual({ endpointArn: endpoint.endpointArn });
  });

  test('is accepted by apigateway.SagemakerIntegration and synthesizes', () => {
    // GIVEN
    const stack = newStack();
    const endpoint = newEndpoint(stack, { endpointName: 'Api-Endpoint' });
    const api = new apigateway.RestApi(stack, 'Api');
    // WHEN
    api.root.addMethod('POST', new apigateway.SagemakerIntegration(endpoint));
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      Integration: Match.objectLike({
        Type: 'AWS',
        Uri: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('runtime.sagemaker:path/endpoints/Api-Endpoint/invocations')])] }),
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:endpoint/api-endpoint']] },
        })]),
      },
    });
  });

  test('an import is accepted by apigateway.SagemakerIntegration', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'Some-Endpoint');
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('POST', new apigateway.SagemakerIntegration(endpoint));
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('produces no warnings in the default configuration', () => {
    const stack = newStack();
    newEndpoint(stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('Endpoint imports', () => {
  test('fromEndpointName keeps the case of the name and lower-cases the ARN', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'My-Endpoint');
    expect(endpoint.endpointName).toEqual('My-Endpoint');
    expect(stack.resolve(endpoint.endpointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:endpoint/my-endpoint']],
    });
  });

  test('fromEndpointName validates the name', () => {
    const stack = newStack();
    expect(() => Endpoint.fromEndpointName(stack, 'Imported', 'bad_name')).toThrow(/Stack\/Imported: endpointName must match/);
  });

  test('fromEndpointArn parses the name of a literal ARN', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointArn(stack, 'Imported', 'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/prod-endpoint');
    expect(endpoint.endpointName).toEqual('prod-endpoint');
    expect(endpoint.endpointArn).toEqual('arn:aws:sagemaker:eu-west-1:210987654321:endpoint/prod-endpoint');
    expect(endpoint.env).toEqual({ account: '210987654321', region: 'eu-west-1' });
  });

  test('fromEndpointArn lower-cases the name inside a hand-typed mixed-case ARN', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointArn(stack, 'Imported', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/Prod-Endpoint');
    expect(endpoint.endpointName).toEqual('Prod-Endpoint');
    expect(endpoint.endpointArn).toEqual('arn:aws:sagemaker:us-east-1:123456789012:endpoint/prod-endpoint');
  });

  test.each([
    'arn:aws:s3:::bucket/key',
    'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/some-config',
    'not-an-arn',
  ])('fromEndpointArn rejects %s', (arn) => {
    const stack = newStack();
    expect(() => Endpoint.fromEndpointArn(stack, 'Imported', arn)).toThrow(/endpointArn must be arn:<partition>:sagemaker:<region>:<account>:endpoint\/<name>, got/);
  });

  test('fromEndpointArn does not parse a token ARN at synth', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    const endpoint = Endpoint.fromEndpointArn(stack, 'Imported', arn);
    expect(stack.resolve(endpoint.endpointArn)).toEqual({ Ref: 'Arn' });
    expect(stack.resolve(endpoint.endpointName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'Arn' }] }] }] }] });
  });

  test('fromEndpointAttributes needs a name or an ARN', () => {
    const stack = newStack();
    expect(() => Endpoint.fromEndpointAttributes(stack, 'Imported', {})).toThrow(/endpointName or endpointArn must be given, got neither/);
  });

  test('fromEndpointAttributes rejects a name that does not match the ARN', () => {
    const stack = newStack();
    expect(() => Endpoint.fromEndpointAttributes(stack, 'Imported', {
      endpointName: 'one',
      endpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/two',
    })).toThrow(/endpointName must match the name in endpointArn \("two"\), got "one"/);
  });

  test('fromEndpointAttributes keeps the given case of a name matching the ARN', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointAttributes(stack, 'Imported', {
      endpointName: 'My-Endpoint',
      endpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint',
    });
    expect(endpoint.endpointName).toEqual('My-Endpoint');
  });

  test('an import without a config supports invoke and describe but not update', () => {
    const stack = newStack();
    const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'my-endpoint');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    EndpointGrants.fromEndpoint(endpoint).invoke(role);
    EndpointGrants.fromEndpoint(endpoint).describe(role);
    expect(() => EndpointGrants.fromEndpoint(endpoint).update(role)).toThrow(/Stack\/Imported: grants.update needs the endpoint config, got an imported endpoint without one/);
    expect(() => EndpointGrants.fromEndpoint(endpoint).create(role)).toThrow(/grants.create needs the endpoint config/);
    expect(() => EndpointGrants.fromEndpoint(endpoint).deploy(role)).toThrow(/grants.deploy needs the endpoint config/);
  });

  test('an import with a config supports update on the config', () => {
    const stack = newStack();
    const endpointConfig = EndpointConfig.fromEndpointConfigName(stack, 'Config', 'Imported-Config');
    const endpoint = Endpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'my-endpoint', endpointConfig });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    EndpointGrants.fromEndpoint(endpoint).update(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'sagemaker:UpdateEndpoint',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:endpoint/my-endpoint']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:endpoint-config/imported-config']] },
          ],
        })]),
      },
    });
  });
});
