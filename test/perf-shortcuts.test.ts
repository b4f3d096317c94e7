// Synth-time shortcuts that skip token resolution (docs/benchmarks.md): each must give what the resolved
// template gives, including after an escape hatch changed the L1.
import { App, Aws, CfnParameter, Duration, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import * as fc from 'fast-check';
import { IMAGE_URI, newStack } from './blue-green-fixtures';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';
import { stableIdentity } from '../src/private/hash-identity';

const CANARY_ONE = TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(5) });

function downloadTimeoutEndpoint(stack: Stack, download: Duration): { endpoint: Endpoint; config: EndpointConfig } {
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{
      variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2, modelDataDownloadTimeout: download,
    }],
  });
  return { endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config }), config };
}

describe('the fleet reads the timeouts of its own config without resolving it', () => {
  test('the plan uses the download timeout the config renders', () => {
    // GIVEN two configs that differ only in the download timeout
    const short = downloadTimeoutEndpoint(newStack(), Duration.minutes(1));
    const long = downloadTimeoutEndpoint(newStack(), Duration.minutes(50));
    // WHEN
    const shortPlan = new BlueGreenDeployment(short.endpoint, 'Deployment', { endpoint: short.endpoint, trafficRouting: CANARY_ONE }).plan;
    const longPlan = new BlueGreenDeployment(long.endpoint, 'Deployment', { endpoint: long.endpoint, trafficRouting: CANARY_ONE }).plan;
    // THEN the fleet carries the rendered value and the longer download gets the longer timeout
    expect(short.endpoint._fleet().variants[0].downloadSeconds).toBe(60);
    expect(long.endpoint._fleet().variants[0].downloadSeconds).toBe(3000);
    expect(longPlan.maximumExecutionTimeout.toSeconds()).toBeGreaterThan(shortPlan.maximumExecutionTimeout.toSeconds());
  });

  test('a timeout given as a lazy number is resolved', () => {
    // GIVEN
    const { endpoint } = downloadTimeoutEndpoint(newStack(), Duration.seconds(Lazy.number({ produce: () => 900 })));
    // THEN
    expect(endpoint._fleet().variants[0].downloadSeconds).toBe(900);
  });

  test('variants replaced on the L1 by an escape hatch are read from the L1', () => {
    // GIVEN a config whose L1 variants an escape hatch replaced with a 2,000-second download timeout
    const stack = newStack();
    const { endpoint, config } = downloadTimeoutEndpoint(stack, Duration.minutes(1));
    const cfn = config.node.defaultChild as CfnEndpointConfig;
    cfn.productionVariants = [{
      variantName: 'AllTraffic',
      modelName: 'm',
      instanceType: 'ml.m5.large',
      initialInstanceCount: 2,
      initialVariantWeight: 1,
      modelDataDownloadTimeoutInSeconds: 2000,
    }];
    // THEN the fleet reads what CloudFormation receives
    expect(endpoint._fleet().variants[0].downloadSeconds).toBe(2000);
    expect(config._renderedVariants()).toBeUndefined();
  });

  test('the config renders the same variants it reports', () => {
    // GIVEN
    const stack = newStack();
    const { config } = downloadTimeoutEndpoint(stack, Duration.minutes(1));
    // THEN
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig')) as any[];
    expect(resource.Properties.ProductionVariants.map((v: any) => v.ModelDataDownloadTimeoutInSeconds)).toEqual([60]);
    expect(config._renderedVariants()!.map(v => v.modelDataDownloadTimeoutInSeconds)).toEqual([60]);
  });
});

describe('a content-hash identity resolves each value as stack.resolve does', () => {
  test.each([
    ['literals', () => ({ a: 'x', b: [1, true, null], c: { d: 'e' } })],
    ['undefined values and elements are dropped', () => ({ a: undefined, b: [1, undefined, 2], c: 'x' })],
    ['pseudo parameters in a string', () => ({ uri: `${Stack.of(stack).account}.dkr.ecr.${Stack.of(stack).region}.${Stack.of(stack).urlSuffix}/model:1` })],
    ['a Fn::Sub', () => ({ s: Fn.sub('cdk-${AWS::AccountId}-${AWS::Region}') })],
    ['an attribute of a resource of the stack', () => ({ arn: bucket.bucketArn, name: [bucket.bucketName] })],
    ['a key that is a token', () => ({ [Lazy.string({ produce: () => 'key' })]: 'x' })],
    ['a number token', () => ({ n: Lazy.number({ produce: () => 7 }) })],
    ['list tokens', () => ({ azs: Fn.getAzs(), split: Fn.split(',', bucket.bucketName) })],
  ])('%s', (_, value) => {
    // THEN
    expect(stableIdentity(stack, value())).toEqual(stack.resolve(value()));
  });

  test('a list token where a string belongs and a key that resolves to an intrinsic are not knowable, as stack.resolve fails on them', () => {
    // THEN
    expect(() => stack.resolve({ s: Fn.getAzs()[0] })).toThrow(/encoded list token/);
    expect(stableIdentity(stack, { s: Fn.getAzs()[0] })).toBeUndefined();
    expect(() => stack.resolve({ [bucket.bucketName]: 'x' })).toThrow(/must resolve to a string/);
    expect(stableIdentity(stack, { [bucket.bucketName]: 'x' })).toBeUndefined();
  });

  test('any nesting of literals, pseudo parameters, attributes, lazy values and list tokens gives what stack.resolve gives', () => {
    // GIVEN values built from the tokens content-hash identities meet (fixed seed: the same cases every run)
    const leaf: fc.Arbitrary<() => unknown> = fc.oneof(
      fc.constantFrom<() => unknown>(
        () => 'literal', () => 42, () => true, () => null, () => undefined,
      () => Aws.REGION, () => `${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/model:1`,
      () => bucket.bucketArn, () => `s3://${bucket.bucketName}/model.tar.gz`,
      () => Lazy.string({ produce: () => 'lazy' }), () => Lazy.number({ produce: () => 7 }),
      () => Fn.join('-', ['a', bucket.bucketName]),
      () => Fn.getAzs(), () => Fn.split(',', bucket.bucketName),
      () => Fn.getAzs()[0],
      ),
    );
    const { tree } = fc.letrec<{ tree: () => unknown }>(rec => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(rec('tree'), { maxLength: 3 }).map(items => () => items.map(f => f())),
        fc.dictionary(fc.constantFrom('a', 'b', 'image', 'role'), rec('tree'), { maxKeys: 3 })
          .map(entries => () => Object.fromEntries(Object.entries(entries).map(([k, f]) => [k, f()]))),
      ),
    }));
    fc.assert(fc.property(tree, make => {
      // THEN the identity is the resolved value, or undefined where stack.resolve fails
      let expected: unknown;
      try {
        expected = stack.resolve(make());
      } catch {
        expected = undefined;
      }
      expect(stableIdentity(stack, make())).toEqual(expected);
    }), { seed: 20261203, numRuns: 300 });
  });

  test('a parameter is not stable', () => {
    const param = new CfnParameter(stack, 'P');
    expect(stableIdentity(stack, { p: param.valueAsString })).toBeUndefined();
  });

  test('models that share an image URI resolve it alike', () => {
    // GIVEN one image URI of tokens, used by two models
    const image = ContainerImage.fromImageUri(`${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/shared:1`);
    const a = new Model(stack, 'A', { containers: [{ image }] });
    const b = new Model(stack, 'B', { containers: [{ image }] });
    // THEN both are content-hash named, and the template shows the same resolved image
    expect(Token.isUnresolved(a.modelName)).toBe(false);
    expect(Token.isUnresolved(b.modelName)).toBe(false);
    const models = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model')) as any[];
    const images = models.filter(m => m.Properties.PrimaryContainer.Image['Fn::Join']).map(m => JSON.stringify(m.Properties.PrimaryContainer.Image));
    expect(images).toHaveLength(2);
    expect(images[0]).toEqual(images[1]);
  });

  let stack: Stack;
  let bucket: s3.Bucket;
  beforeEach(() => {
    stack = new Stack(new App(), 'Identity', { env: { account: '123456789012', region: 'us-east-1' } });
    bucket = new s3.Bucket(stack, 'Bucket');
  });
});

describe('rollback alarms, read without minting tokens', () => {
  function canary(stack: Stack): BlueGreenDeployment {
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 4 }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    return new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: CANARY_ONE });
  }

  test('an alarm created in another stack of the endpoint\'s environment is named through the stacks\' export', () => {
    // GIVEN an alarm in a second stack of the same environment
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const home = new Stack(app, 'Home', { env });
    const alarms = new Stack(app, 'Alarms', { env });
    const deployment = canary(home);
    const alarm = new cloudwatch.Alarm(alarms, 'Remote', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors' }), threshold: 1, evaluationPeriods: 1,
    });
    // WHEN
    deployment.addAlarm(alarm);
    // THEN the rollback alarm is an import of the other stack's export, as alarm.alarmName renders it
    const [endpoint] = Object.values(Template.fromStack(home).findResources('AWS::SageMaker::Endpoint')) as any[];
    expect(endpoint.Properties.DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Alarms:ExportsOutputRefRemote/) });
  });

  test('an alarm created in a stack of another Region is a synth error', () => {
    // GIVEN
    const app = new App();
    const home = new Stack(app, 'Home', { env: { account: '123456789012', region: 'us-east-1' } });
    const remote = new Stack(app, 'Remote', { env: { account: '123456789012', region: 'eu-west-1' } });
    const deployment = canary(home);
    const alarm = new cloudwatch.Alarm(remote, 'Errors', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors' }),
      threshold: 1,
      evaluationPeriods: 1,
      alarmName: 'remote-errors',
    });
    // WHEN
    deployment.addAlarm(alarm);
    // THEN
    expect(() => app.synth()).toThrow('rollback alarm must be in the endpoint\'s account 123456789012, Region us-east-1, got Remote/Errors in account 123456789012, Region eu-west-1');
  });
});
