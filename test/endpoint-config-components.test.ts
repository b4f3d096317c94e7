import { App, CfnParameter, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import {
  ComponentHostingVariantProps, ContainerImage, Endpoint, EndpointConfig, EndpointConfigProps, InferenceAmiVersion, InstanceType, Model,
  RoutingStrategy, VariantKind,
} from '../src';
import { DeploymentStrategy } from '../src/deployment/deployment-strategy';
import { checkExclusions } from '../src/deployment/private/guardrails';
import { buildFleet } from '../src/endpoint/private/fleet';
import { KNOWN_INSTANCE_TYPES } from '../src/endpoint-config/known-instance-types';
import { ACCELERATED_INSTANCE_RESOURCES } from '../src/private/instance-resources';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-model:v1';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function hosting(props: Partial<ComponentHostingVariantProps> = {}): ComponentHostingVariantProps {
  return { variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, ...props };
}

function configWith(variant: Partial<ComponentHostingVariantProps> = {}, props: EndpointConfigProps = {}) {
  const stack = newStack();
  const config = new EndpointConfig(stack, 'Config', { componentHostingVariants: [hosting(variant)], ...props });
  return { stack, config };
}

function configName(build: (stack: Stack) => EndpointConfig): string {
  const stack = newStack();
  return build(stack).endpointConfigName;
}

function template(build: (stack: Stack) => void): string {
  const stack = newStack();
  build(stack);
  return JSON.stringify(Template.fromStack(stack).toJSON());
}

describe('EndpointConfig hosting inference components', () => {
  describe('rendering', () => {
    // reference section 8 rows 1 and 12 (no ModelName on the variant) and row 2 (ExecutionRoleArn required without a model)
    test('a component-hosting variant renders an instance variant without a model, with the execution role', () => {
      // GIVEN / WHEN
      const { stack } = configWith();
      // THEN
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{
          VariantName: 'AllTraffic',
          InstanceType: 'ml.g5.12xlarge',
          InitialInstanceCount: 1,
          ModelName: Match.absent(),
          InitialVariantWeight: Match.absent(),
          ManagedInstanceScaling: Match.absent(),
          RoutingConfig: Match.absent(),
          InferenceAmiVersion: Match.absent(),
          VolumeSizeInGB: Match.absent(),
        }],
        ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConfigExecutionRole'), 'Arn'] },
      });
    });

    // reference section 8 row 3: managed instance scaling is offered only on component-hosting variants
    test('every component-hosting variant property is rendered', () => {
      // GIVEN / WHEN
      const { stack } = configWith({
        initialInstanceCount: 2,
        managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 4 },
        routingStrategy: RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
        inferenceAmiVersion: InferenceAmiVersion.AL2_GPU_2,
        volumeSize: Size.gibibytes(100),
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{
          VariantName: 'AllTraffic',
          InstanceType: 'ml.g5.12xlarge',
          InitialInstanceCount: 2,
          ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 4 },
          RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
          InferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-2',
          VolumeSizeInGB: 100,
        }],
      });
    });

    test('managed instance scaling can be disabled and the routing strategy can be random', () => {
      const { stack } = configWith({
        managedInstanceScaling: { enabled: false, maxInstanceCount: 2 },
        routingStrategy: RoutingStrategy.RANDOM,
        inferenceAmiVersion: InferenceAmiVersion.of('al2-ami-sagemaker-inference-gpu-3-1'),
      });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({
          ManagedInstanceScaling: { Status: 'DISABLED', MaxInstanceCount: 2 },
          RoutingConfig: { RoutingStrategy: 'RANDOM' },
          InferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-3-1',
        })],
      });
    });

    test('the inference AMI constants are the API values', () => {
      expect([InferenceAmiVersion.AL2_GPU_2, InferenceAmiVersion.AL2_GPU_2_1, InferenceAmiVersion.AL2_GPU_3_1,
        InferenceAmiVersion.AL2023_GPU_4_1, InferenceAmiVersion.AL2_NEURON_2].map(String)).toEqual([
        'al2-ami-sagemaker-inference-gpu-2', 'al2-ami-sagemaker-inference-gpu-2-1', 'al2-ami-sagemaker-inference-gpu-3-1',
        'al2023-ami-sagemaker-inference-gpu-4-1', 'al2-ami-sagemaker-inference-neuron-2',
      ]);
    });

    test('the created execution role can be assumed by SageMaker and only writes logs', () => {
      const { stack } = configWith();
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })] },
        ManagedPolicyArns: Match.absent(),
      });
      t.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] })] },
      });
    });

    test('a given execution role is used and no role is created', () => {
      const stack = newStack();
      const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/ic-role');
      const config = new EndpointConfig(stack, 'Config', { componentHostingVariants: [hosting()], executionRole: role });
      expect(config.executionRole).toBe(role);
      const t = Template.fromStack(stack);
      t.resourceCountIs('AWS::IAM::Role', 0);
      t.hasResourceProperties('AWS::SageMaker::EndpointConfig', { ExecutionRoleArn: 'arn:aws:iam::123456789012:role/ic-role' });
    });

    test('the config depends on its execution role\'s policy, and on the role only through ExecutionRoleArn (cfn-lint W3005)', () => {
      const { stack } = configWith();
      const resources = Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig');
      const dependsOn = Object.values(resources)[0].DependsOn as string[];
      expect(dependsOn.some(d => d.startsWith('ConfigExecutionRoleDefaultPolicy'))).toBe(true);
      expect(dependsOn.filter(d => /^ConfigExecutionRole[0-9A-F]{8}$/.test(d))).toEqual([]);
    });

    test('a model config gets no execution role (unchanged template)', () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      expect(config.executionRole).toBeUndefined();
      expect(config.hostsComponents).toBe(false);
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { ExecutionRoleArn: Match.absent() });
    });

    test('addComponentHostingVariant adds a variant after construction and lists it apart from the model variants', () => {
      const stack = newStack();
      const config = new EndpointConfig(stack, 'Config');
      config.addComponentHostingVariant(hosting({ variantName: 'a' }));
      config.addComponentHostingVariant(hosting({ variantName: 'b', instanceType: InstanceType.ML_G6_XLARGE }));
      expect(config.hostsComponents).toBe(true);
      expect(config.productionVariants).toEqual([]);
      expect(config.componentHostingVariants.map(v => v.variantName)).toEqual(['a', 'b']);
      expect(VariantKind.COMPONENT_HOSTING).toBe('COMPONENT_HOSTING');
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ VariantName: 'a' }), Match.objectLike({ VariantName: 'b', InstanceType: 'ml.g6.xlarge' })],
      });
      Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 1);
    });

    test('an unknown instance type warns', () => {
      const { stack } = configWith({ instanceType: InstanceType.of('ml.g99.xlarge') });
      Annotations.fromStack(stack).hasWarning('/Stack/Config', Match.stringLikeRegexp('instanceType "ml.g99.xlarge" is not in the SageMaker API model'));
    });

    // reference section 8 row 4: scale to zero instances is rejected in some Regions
    test('managed instance scaling to zero instances warns', () => {
      const { stack } = configWith({ managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } });
      Annotations.fromStack(stack).hasWarning('/Stack/Config', Match.stringLikeRegexp(
        'component-hosting variant "AllTraffic" managedInstanceScaling minInstanceCount is 0: scale to zero instances is not accepted in every Region'));
    });

    test('no warning when the minimum is above zero or scaling is disabled', () => {
      const { stack } = configWith({ managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 2 } });
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
      const disabled = configWith({ managedInstanceScaling: { enabled: false, minInstanceCount: 0, maxInstanceCount: 2 } });
      Annotations.fromStack(disabled.stack).hasNoWarning('*', Match.anyValue());
    });

    test('tokens are not validated', () => {
      const stack = newStack();
      const count = new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
      new EndpointConfig(stack, 'Config', { componentHostingVariants: [hosting({ initialInstanceCount: count, managedInstanceScaling: { maxInstanceCount: count, minInstanceCount: count } })] });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ InitialInstanceCount: { Ref: 'Count' } })],
      });
    });
  });

  describe('rules', () => {
    // reference section 8 row 1 (a model on the variant of an inference-component endpoint) and row 12 (docs trap)
    test('a config hosts models or inference components, never both (component after model)', () => {
      const stack = newStack();
      const model = Model.fromModelName(stack, 'Model', 'm');
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      expect(() => config.addComponentHostingVariant(hosting())).toThrow(
        /Stack\/Config: an endpoint config must host models or inference components, never both, got component-hosting variant "AllTraffic" with instance variant "main"/);
    });

    test('a config hosts models or inference components, never both (model after component)', () => {
      const { stack, config } = configWith();
      const model = Model.fromModelName(stack, 'Model', 'm');
      expect(() => config.addInstanceProductionVariant({ variantName: 'main', model })).toThrow(
        /an endpoint config must host models or inference components, never both, got instance variant "main" with component-hosting variant "AllTraffic"/);
    });

    test('a serverless config cannot host inference components', () => {
      const stack = newStack();
      const model = Model.fromModelName(stack, 'Model', 'm');
      expect(() => new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'sl', model, memorySize: Size.gibibytes(2), maxConcurrency: 5 },
        componentHostingVariants: [hosting()],
      })).toThrow(/an endpoint config must host models or inference components, never both, got component-hosting variant "AllTraffic" with serverless variant "sl"/);
    });

    test('an asynchronous config cannot host inference components', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket');
      expect(() => new EndpointConfig(stack, 'Config', { asyncInference: { outputBucket: bucket }, componentHostingVariants: [hosting()] }))
        .toThrow(/asyncInference must not be used with inference components, got asyncInference and component-hosting variant "AllTraffic"/);
    });

    test('data capture is refused on a config that hosts inference components (unconfirmed support)', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket');
      expect(() => new EndpointConfig(stack, 'Config', { dataCapture: { destinationBucket: bucket }, componentHostingVariants: [hosting()] }))
        .toThrow(/dataCapture must not be used with inference components, got dataCapture and component-hosting variant "AllTraffic"/);
    });

    test('an execution role on a config that hosts models is an error', () => {
      const stack = newStack();
      const model = Model.fromModelName(stack, 'Model', 'm');
      const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/r');
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }], executionRole: role });
      expect(() => (stack.node.root as App).synth()).toThrow(/executionRole must only be given for an endpoint config that hosts inference components \(addComponentHostingVariant\(\)\), got Stack\/Role on a config with 1 model variant\(s\)/);
    });

    test('variant names are unique across model and component-hosting variants', () => {
      const { config } = configWith();
      expect(() => config.addComponentHostingVariant(hosting())).toThrow(/variantName must be unique within the endpoint config, got "AllTraffic" twice/);
    });

    test('at most 10 variants', () => {
      const stack = newStack();
      const variants = Array.from({ length: 10 }, (_, i) => hosting({ variantName: `v${i}` }));
      const config = new EndpointConfig(stack, 'Config', { componentHostingVariants: variants });
      expect(() => config.addComponentHostingVariant(hosting({ variantName: 'v10' }))).toThrow(/productionVariants must have 1-10 variants, got 11 \(adding "v10"\)/);
    });

    test('variant name pattern', () => {
      expect(() => configWith({ variantName: '-bad' })).toThrow(/variantName must match/);
    });

    test('instance type shape', () => {
      expect(() => configWith({ instanceType: InstanceType.of('g5.xlarge') }))
        .toThrow(/component-hosting variant "AllTraffic" instanceType must be a SageMaker instance type such as ml.g5.xlarge, got "g5.xlarge"/);
    });

    test('initial instance count at least 1', () => {
      expect(() => configWith({ initialInstanceCount: 0 })).toThrow(/component-hosting variant "AllTraffic" initialInstanceCount must be 1-2147483647, got 0/);
    });

    test('managed instance scaling max at least 1', () => {
      expect(() => configWith({ managedInstanceScaling: { maxInstanceCount: 0 } }))
        .toThrow(/component-hosting variant "AllTraffic" managedInstanceScaling maxInstanceCount must be 1-2147483647, got 0/);
    });

    // reference section 8 row 3: validate min <= initial <= max
    test('managed instance scaling min within 0-max', () => {
      expect(() => configWith({ managedInstanceScaling: { minInstanceCount: 3, maxInstanceCount: 2 } }))
        .toThrow(/component-hosting variant "AllTraffic" managedInstanceScaling minInstanceCount must be 0-2, got 3/);
      expect(() => configWith({ managedInstanceScaling: { minInstanceCount: -1, maxInstanceCount: 2 } }))
        .toThrow(/managedInstanceScaling minInstanceCount must be 0-2, got -1/);
    });

    test('initial instance count within the managed scaling range', () => {
      expect(() => configWith({ initialInstanceCount: 3, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } }))
        .toThrow(/component-hosting variant "AllTraffic" initialInstanceCount must be within managedInstanceScaling 0-2 \(and at least 1\), got 3/);
      expect(() => configWith({ initialInstanceCount: 1, managedInstanceScaling: { minInstanceCount: 2, maxInstanceCount: 4 } }))
        .toThrow(/initialInstanceCount must be within managedInstanceScaling 2-4 \(and at least 1\), got 1/);
    });

    test('volume size 1-512 GiB', () => {
      expect(() => configWith({ volumeSize: Size.gibibytes(600) })).toThrow(/component-hosting variant "AllTraffic" volumeSize must be 1-512 GiB, got 600/);
    });

    test('inference AMI version shape', () => {
      expect(() => configWith({ inferenceAmiVersion: InferenceAmiVersion.of('Not An AMI') }))
        .toThrow(/inferenceAmiVersion must be an inference AMI version such as al2-ami-sagemaker-inference-gpu-2, got "Not An AMI"/);
    });

    test('a KMS key is refused with local NVMe instance types', () => {
      const stack = newStack();
      const key = new kms.Key(stack, 'Key');
      expect(() => new EndpointConfig(stack, 'Config', { encryptionKey: key, componentHostingVariants: [hosting()] }))
        .toThrow(/encryptionKey must not be used with instance types that have local NVMe storage, got "ml.g5.12xlarge" in component-hosting variant "AllTraffic"/);
    });

    test('a config with only component-hosting variants is not empty', () => {
      const { stack } = configWith();
      expect(() => (stack.node.root as App).synth()).not.toThrow();
    });
  });

  describe('content-hash name', () => {
    const base = (stack: Stack, variant: Partial<ComponentHostingVariantProps> = {}, props: EndpointConfigProps = {}) =>
      new EndpointConfig(stack, 'Config', { componentHostingVariants: [hosting(variant)], ...props });

    test('nothing changing keeps the template byte-identical', () => {
      const build = (stack: Stack) => {
        base(stack, { managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 }, routingStrategy: RoutingStrategy.RANDOM });
      };
      expect(template(build)).toEqual(template(build));
    });

    test.each<[string, Partial<ComponentHostingVariantProps>]>([
      ['instance type', { instanceType: InstanceType.ML_G5_2XLARGE }],
      ['initial instance count', { initialInstanceCount: 2 }],
      ['managed scaling max', { managedInstanceScaling: { maxInstanceCount: 3 } }],
      ['managed scaling min', { managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 2 } }],
      ['managed scaling status', { managedInstanceScaling: { enabled: false, maxInstanceCount: 2 } }],
      ['routing strategy', { routingStrategy: RoutingStrategy.LEAST_OUTSTANDING_REQUESTS }],
      ['inference AMI version', { inferenceAmiVersion: InferenceAmiVersion.AL2_GPU_2_1 }],
      ['volume size', { volumeSize: Size.gibibytes(50) }],
      ['variant name', { variantName: 'other' }],
    ])('changing the %s yields a new name', (_what, change) => {
      const before = configName(stack => base(stack, { managedInstanceScaling: { maxInstanceCount: 2 } }));
      const after = configName(stack => base(stack, { managedInstanceScaling: { maxInstanceCount: 2 }, ...change }));
      expect(after).not.toEqual(before);
    });

    test('changing the execution role yields a new name', () => {
      const before = configName(stack => base(stack));
      const after = configName(stack => base(stack, {}, { executionRole: iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/other') }));
      expect(after).not.toEqual(before);
    });

    test('names are lower-case and at most 63 characters', () => {
      const name = configName(stack => base(stack));
      expect(name).toMatch(/^[a-z0-9-]{1,63}$/);
    });

    test('model configs keep their names (the new properties are left out when unset)', () => {
      // the content of a model config is the same object as before this feature: same name as a raw hash
      const stack = newStack();
      const model = Model.fromModelName(stack, 'Model', 'm');
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      expect(config.endpointConfigName).toBe(configName(s => new EndpointConfig(s, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model: Model.fromModelName(s, 'Model', 'm') }],
      })));
    });
  });

  describe('instance resources table', () => {
    test('every accelerated instance type in the table is a known SageMaker instance type', () => {
      const unknown = [...ACCELERATED_INSTANCE_RESOURCES.keys()].filter(t => !KNOWN_INSTANCE_TYPES.has(t));
      expect(unknown).toEqual([]);
    });

    test('the table covers the accelerated families of the brief', () => {
      const families = new Set([...ACCELERATED_INSTANCE_RESOURCES.keys()].map(t => t.split('.')[1]));
      for (const f of ['g4dn', 'g5', 'g6', 'g6e', 'p3', 'p4d', 'p4de', 'p5', 'inf2', 'trn1']) {
        expect(families.has(f)).toBe(true);
      }
      expect(ACCELERATED_INSTANCE_RESOURCES.get('ml.g5.12xlarge')).toEqual({ vcpus: 48, memoryMib: 192 * 1024, accelerators: 4 });
      expect(ACCELERATED_INSTANCE_RESOURCES.get('ml.p4d.24xlarge')).toEqual({ vcpus: 96, memoryMib: 1152 * 1024, accelerators: 8 });
    });
  });

  describe('fleet model', () => {
    test('a component-hosting variant is a fleet variant that hosts components, with its managed scaling range', () => {
      const { config } = configWith({ initialInstanceCount: 2, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 4 } });
      const fleet = buildFleet(config, new Map());
      expect(fleet).toEqual({
        known: true,
        variants: [{
          variantName: 'AllTraffic',
          serverless: false,
          instanceType: InstanceType.ML_G5_12XLARGE,
          instanceCount: 2,
          hostsComponents: true,
          managedInstanceScaling: { minCapacity: 0, maxCapacity: 4 },
        }],
      });
    });

    test('model variants carry no hostsComponents flag (existing readers unaffected)', () => {
      const stack = newStack();
      const model = Model.fromModelName(stack, 'Model', 'm');
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      const fleet = buildFleet(config, new Map());
      expect(fleet.variants[0].hostsComponents).toBeUndefined();
      expect(checkExclusions('deployment', fleet, DeploymentStrategy.ROLLING)).toEqual([]);
    });

    test('a deployment on a component-hosting fleet is an exclusion with a clear message', () => {
      const { config } = configWith();
      expect(checkExclusions('deployment', buildFleet(config, new Map()), DeploymentStrategy.ROLLING)).toEqual([
        'deployment must not be rolling for the component-hosting variant "AllTraffic" '
        + '(what a blue/green or rolling update of an endpoint that hosts inference components does to the component copies is not documented; '
        + 'update the components themselves, or replace the endpoint config without a deployment construct), got rolling',
      ]);
    });

    test('a raw L1 config with a model-less instance variant is read as hosting components', () => {
      const stack = newStack();
      const cfn = new CfnEndpointConfig(stack, 'Cfn', {
        productionVariants: [{ variantName: 'ic', instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 }],
        executionRoleArn: 'arn:aws:iam::123456789012:role/r',
      });
      const fleet = buildFleet(EndpointConfig.fromCfnEndpointConfig(cfn), new Map());
      expect(fleet.variants).toEqual([expect.objectContaining({ variantName: 'ic', hostsComponents: true, instanceCount: 1 })]);
    });
  });
});

describe('the variants of an endpoint that hosts inference components', () => {
  test('are the endpoint\'s variants, with per-variant metrics', () => {
    // GIVEN
    const { stack, config } = configWith();
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
    // WHEN
    const metric = endpoint.variant('AllTraffic').metricCpuUtilization();
    // THEN
    expect(endpoint.variants.map(v => v.variantName)).toEqual(['AllTraffic']);
    expect(metric.dimensions).toEqual({ EndpointName: 'llm', VariantName: 'AllTraffic' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('an unknown variant name is still an error', () => {
    const { stack, config } = configWith();
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    endpoint.variant('Other');
    expect(() => Template.fromStack(stack)).toThrow(/variant\("Other"\) must name a production variant of the endpoint config \("AllTraffic"\), got "Other"/);
  });

  test('refuse instance autoscaling (their instances follow managed instance scaling and the copies)', () => {
    const { stack, config } = configWith();
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    expect(() => endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 2 })).toThrow(
      /Stack\/Endpoint: variant "AllTraffic" autoScaleInstanceCount must not be used on a variant that hosts inference components \(its instances follow managedInstanceScaling and the copies placed on it; scale the copies with component.autoScaleCopyCount\(\)\), got a component-hosting variant/);
  });
});
