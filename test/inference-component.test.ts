import { App, CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BlueGreenDeployment, CapacitySize, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, IEndpoint, InferenceComponent,
  InferenceAmiVersion, InferenceComponentProps, InstanceType, Model, ModelData, RollingDeployment, RoutingStrategy,
} from '../src';
import { formatFindings, lintTemplates } from './util/cfn-lint';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1';
const ENV = { account: '123456789012', region: 'us-east-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

function synth(stack: Stack): void {
  (stack.node.root as App).synth();
}

/** An endpoint whose config hosts components on one ml.g5.12xlarge variant (`AllTraffic`). */
function icEndpoint(stack: Stack, id = 'Endpoint', variantNames = ['AllTraffic']): Endpoint {
  const config = new EndpointConfig(stack, `${id}Config`, {
    componentHostingVariants: variantNames.map(variantName => ({ variantName, instanceType: InstanceType.ML_G5_12XLARGE })),
  });
  return new Endpoint(stack, id, { endpointConfig: config });
}

function container(): ComponentSpecification {
  return ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI) });
}

function component(stack: Stack, props: Partial<InferenceComponentProps> = {}, id = 'Component'): InferenceComponent {
  const endpoint = props.endpoint ?? (stack.node.tryFindChild('Endpoint') as IEndpoint | undefined) ?? icEndpoint(stack);
  return new InferenceComponent(stack, id, {
    endpoint,
    specification: container(),
    minMemoryRequired: Size.gibibytes(8),
    ...props,
  });
}

function icName(change: (stack: Stack) => Partial<InferenceComponentProps> = () => ({})): string {
  const stack = newStack();
  return component(stack, change(stack)).inferenceComponentName;
}

describe('InferenceComponent', () => {
  describe('rendering', () => {
    test('defaults: one copy, the only component-hosting variant, a generated lower-case name', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      const ic = component(stack);
      // THEN
      expect(ic.inferenceComponentName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(ic.inferenceComponentName.length).toBeLessThanOrEqual(63);
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', {
        InferenceComponentName: ic.inferenceComponentName,
        EndpointName: (stack.node.findChild('Endpoint') as Endpoint).endpointName,
        VariantName: 'AllTraffic',
        Specification: {
          ModelName: Match.absent(),
          BaseInferenceComponentName: Match.absent(),
          Container: { Image: IMAGE_URI, ArtifactUrl: Match.absent(), Environment: Match.absent() },
          StartupParameters: Match.absent(),
          ComputeResourceRequirements: { MinMemoryRequiredInMb: 8192 },
        },
        RuntimeConfig: { CopyCount: 1 },
        Tags: Match.absent(),
      });
    });

    test('every property is rendered', () => {
      // GIVEN
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      // WHEN
      component(stack, {
        specification: ComponentSpecification.fromContainer({
          image: ContainerImage.fromImageUri(IMAGE_URI),
          modelData: ModelData.fromBucket(bucket, 'llm/model.tar.gz'),
          environment: { HF_MODEL_ID: '/opt/ml/model', SM_NUM_GPUS: '2' },
        }),
        modelDataDownloadTimeout: Duration.minutes(20),
        containerStartupHealthCheckTimeout: Duration.minutes(15),
        numberOfCpuCoresRequired: 8,
        numberOfAcceleratorDevicesRequired: 2,
        minMemoryRequired: Size.gibibytes(32),
        maxMemoryRequired: Size.gibibytes(64),
        initialCopyCount: 2,
        tags: { team: 'ml', app: 'llm' },
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', {
        Specification: {
          Container: {
            Image: IMAGE_URI,
            ArtifactUrl: 's3://artifacts/llm/model.tar.gz',
            Environment: { HF_MODEL_ID: '/opt/ml/model', SM_NUM_GPUS: '2' },
          },
          StartupParameters: { ModelDataDownloadTimeoutInSeconds: 1200, ContainerStartupHealthCheckTimeoutInSeconds: 900 },
          ComputeResourceRequirements: {
            NumberOfCpuCoresRequired: 8,
            NumberOfAcceleratorDevicesRequired: 2,
            MinMemoryRequiredInMb: 32768,
            MaxMemoryRequiredInMb: 65536,
          },
        },
        RuntimeConfig: { CopyCount: 2 },
        Tags: [{ Key: 'app', Value: 'llm' }, { Key: 'team', Value: 'ml' }],
      });
    });

    test('a model specification renders ModelName and depends on the model', () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
      component(stack, { specification: ComponentSpecification.fromModel(model) });
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
        Specification: { ModelName: model.modelName, Container: Match.absent() },
      });
      const ic = Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))[0];
      expect(ic.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^Model[A-Z0-9]/)]));
    });

    test('a model whose role is not the config execution role warns; the same role does not', () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
      component(stack, { specification: ComponentSpecification.fromModel(model) });
      Annotations.fromStack(stack).hasWarning('/Stack/Component', Match.stringLikeRegexp(
        "specification model Stack/Model runs with role Stack/Model/Role, but the endpoint config's execution role is Stack/EndpointConfig/ExecutionRole"));

      const shared = newStack();
      const sharedModel = new Model(shared, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
      const config = new EndpointConfig(shared, 'Config', {
        componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
        executionRole: sharedModel.role,
      });
      component(shared, { endpoint: new Endpoint(shared, 'Endpoint', { endpointConfig: config }), specification: ComponentSpecification.fromModel(sharedModel) });
      Annotations.fromStack(shared).hasNoWarning('*', Match.anyValue());
    });

    describe('a model whose VPC or network isolation cannot reach the copies', () => {
      /** A fromModel component on a config that shares the model's role (so no componentModelRole warning). */
      function modelComponent(modelProps: { vpc?: boolean; networkIsolation?: boolean }): Stack {
        const stack = newStack();
        const model = new Model(stack, 'Model', {
          containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }],
          vpc: modelProps.vpc ? new ec2.Vpc(stack, 'Vpc') : undefined,
          networkIsolation: modelProps.networkIsolation,
        });
        const config = new EndpointConfig(stack, 'Config', {
          componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
          executionRole: model.role,
        });
        component(stack, { endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config }), specification: ComponentSpecification.fromModel(model) });
        return stack;
      }

      function networkWarnings(stack: Stack): string[] {
        return Annotations.fromStack(stack).findWarning('/Stack/Component', Match.stringLikeRegexp('componentModelNetwork'))
          .map(w => String(w.entry.data));
      }

      test('a model in a VPC warns, naming the model and the VPC', () => {
        // GIVEN / WHEN
        const stack = modelComponent({ vpc: true });
        // THEN
        const warnings = networkWarnings(stack);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/^specification model Stack\/Model sets a VPC \(vpc\), which inference component copies do not get/);
        expect(warnings[0]).not.toMatch(/networkIsolation: true/);
      });

      test('a model with network isolation warns, naming the model and network isolation', () => {
        // GIVEN / WHEN
        const stack = modelComponent({ networkIsolation: true });
        // THEN
        const warnings = networkWarnings(stack);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/^specification model Stack\/Model sets network isolation \(networkIsolation: true\), which inference component copies do not get/);
        expect(warnings[0]).not.toMatch(/VPC \(vpc\)/);
      });

      test('a model with both names both settings', () => {
        // GIVEN / WHEN
        const stack = modelComponent({ vpc: true, networkIsolation: true });
        // THEN
        expect(networkWarnings(stack)).toEqual([expect.stringMatching(/^specification model Stack\/Model sets a VPC \(vpc\) and network isolation \(networkIsolation: true\)/)]);
      });

      test.each([{}, { networkIsolation: false }])('a model without a VPC or network isolation does not warn (%j)', (modelProps) => {
        // GIVEN / WHEN
        const stack = modelComponent(modelProps);
        // THEN
        Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
      });
    });

    // reference section 8 row 7 and section 2.5: the component is deleted before its endpoint
    test('the component depends on its endpoint', () => {
      const stack = newStack();
      component(stack);
      const t = Template.fromStack(stack);
      const ic = Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))[0];
      const endpointId = Object.keys(t.findResources('AWS::SageMaker::Endpoint'))[0];
      expect(ic.DependsOn).toContain(endpointId);
    });

    test('a container specification grants the config execution role ECR pull and S3 read of exactly its image and artifact', () => {
      const stack = newStack();
      const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'llm');
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      component(stack, {
        specification: ComponentSpecification.fromContainer({
          image: ContainerImage.fromEcrRepository(repo, 'v1'),
          modelData: ModelData.fromBucket(bucket, 'llm/model.tar.gz'),
        }),
      });
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^EndpointConfigExecutionRole') }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] }),
            Match.objectLike({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', Match.arrayWith([':s3:::artifacts/llm/model.tar.gz'])] } }),
          ]),
        },
      });
      const ic = Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))[0];
      expect(ic.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^EndpointConfigExecutionRoleDefaultPolicy/)]));
    });

    test('an adapter renders only the base name and the artifact, and depends on its base', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      const base = component(stack, {}, 'Base');
      component(stack, { specification: ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'lora/a.tar.gz')), baseComponent: base, minMemoryRequired: undefined }, 'Adapter');
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
        Specification: {
          BaseInferenceComponentName: base.inferenceComponentName,
          Container: { ArtifactUrl: 's3://artifacts/lora/a.tar.gz', Image: Match.absent() },
          ComputeResourceRequirements: Match.absent(),
        },
      });
      const adapter = Object.values(t.findResources('AWS::SageMaker::InferenceComponent', {
        Properties: { Specification: { BaseInferenceComponentName: Match.anyValue() } },
      }))[0];
      const baseId = stack.getLogicalId(base.node.defaultChild as any);
      expect(adapter.DependsOn).toContain(baseId);
    });

    test('tokens are not validated', () => {
      const stack = newStack();
      const n = new CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;
      component(stack, { initialCopyCount: n, numberOfCpuCoresRequired: n, minMemoryRequired: Size.mebibytes(n) });
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', { RuntimeConfig: { CopyCount: { Ref: 'N' } } });
    });
  });

  describe('names', () => {
    test('the name is stable across synths', () => {
      expect(icName()).toEqual(icName());
    });

    test('a specification change keeps the name (updated in place)', () => {
      expect(icName(() => ({ initialCopyCount: 3, minMemoryRequired: Size.gibibytes(16) }))).toEqual(icName());
    });

    test('a different endpoint gives a new name', () => {
      expect(icName(stack => ({ endpoint: icEndpoint(stack, 'Other') }))).not.toEqual(icName());
    });

    test('a different variant gives a new name', () => {
      const a = icName(stack => ({ endpoint: icEndpoint(stack, 'Endpoint', ['a', 'b']), variantName: 'a' }));
      const b = icName(stack => ({ endpoint: icEndpoint(stack, 'Endpoint', ['a', 'b']), variantName: 'b' }));
      expect(a).not.toEqual(b);
    });

    test('a different base component gives a new name', () => {
      const build = (baseId: string) => {
        const stack = newStack();
        const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
        const base = component(stack, {}, baseId);
        return component(stack, { specification: ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'a.tar.gz')), baseComponent: base, minMemoryRequired: undefined }, 'Adapter').inferenceComponentName;
      };
      expect(build('Base1')).not.toEqual(build('Base2'));
    });

    test('a new name gives a new logical ID (a new resource, not an in-place move)', () => {
      const logicalIds = (endpointId: string) => {
        const stack = newStack();
        component(stack, { endpoint: icEndpoint(stack, endpointId) });
        return Object.keys(Template.fromStack(stack).findResources('AWS::SageMaker::InferenceComponent'));
      };
      expect(logicalIds('A')).not.toEqual(logicalIds('B'));
      expect(logicalIds('A')).toEqual(logicalIds('A'));
    });

    test('a model image change updates the component in place and leaves the endpoint and its config alone', () => {
      const build = (tag: string) => {
        const stack = newStack();
        const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(`${IMAGE_URI}-${tag}`) }] });
        component(stack, { specification: ComponentSpecification.fromModel(model) });
        const t = Template.fromStack(stack);
        const ics = t.findResources('AWS::SageMaker::InferenceComponent');
        return {
          icIds: Object.keys(ics),
          icName: Object.values(ics)[0].Properties.InferenceComponentName,
          modelName: Object.values(ics)[0].Properties.Specification.ModelName,
          endpoint: JSON.stringify(t.findResources('AWS::SageMaker::Endpoint')),
          config: JSON.stringify(t.findResources('AWS::SageMaker::EndpointConfig')),
        };
      };
      const v1 = build('a');
      const v2 = build('b');
      expect(v2.icIds).toEqual(v1.icIds);
      expect(v2.icName).toEqual(v1.icName);
      expect(v2.modelName).not.toEqual(v1.modelName);
      expect(v2.endpoint).toEqual(v1.endpoint);
      expect(v2.config).toEqual(v1.config);
    });

    test('the ARN has the lower-case name', () => {
      const stack = newStack();
      const ic = component(stack);
      expect(stack.resolve(ic.inferenceComponentArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:us-east-1:123456789012:inference-component/${ic.inferenceComponentName}`]],
      });
    });
  });

  describe('rules', () => {
    test('initial copy count at least 1 (reference section 8 row 5: copy count 0 at create)', () => {
      expect(() => component(newStack(), { initialCopyCount: 0 })).toThrow(/Stack\/Component: initialCopyCount must be 1-2147483647, got 0/);
      expect(() => component(newStack(), { initialCopyCount: 1.5 })).toThrow(/initialCopyCount must be a whole number in 1-2147483647, got 1.5/);
    });

    test('startup timeouts 60-3600 seconds', () => {
      expect(() => component(newStack(), { modelDataDownloadTimeout: Duration.seconds(30) })).toThrow(/modelDataDownloadTimeout must be 60-3600 seconds, got 30/);
      expect(() => component(newStack(), { containerStartupHealthCheckTimeout: Duration.hours(2) })).toThrow(/containerStartupHealthCheckTimeout must be 60-3600 seconds, got 7200/);
    });

    test('CPU cores at least 0.25', () => {
      expect(() => component(newStack(), { numberOfCpuCoresRequired: 0.1 })).toThrow(/numberOfCpuCoresRequired must be >= 0.25, got 0.1/);
    });

    test('accelerators at least 1', () => {
      expect(() => component(newStack(), { numberOfAcceleratorDevicesRequired: 0 })).toThrow(/numberOfAcceleratorDevicesRequired must be >= 1, got 0/);
    });

    test('memory at least 128 MiB, whole MiB, max at least min', () => {
      expect(() => component(newStack(), { minMemoryRequired: Size.mebibytes(64) })).toThrow(/minMemoryRequired must be >= 128 MiB, got 64/);
      expect(() => component(newStack(), { maxMemoryRequired: Size.mebibytes(100) })).toThrow(/maxMemoryRequired must be >= 128 MiB, got 100/);
      expect(() => component(newStack(), { minMemoryRequired: Size.kibibytes(200_000) })).toThrow(/minMemoryRequired must be a whole number of MiB >= 128, got 195.3125 MiB/);
      expect(() => component(newStack(), { minMemoryRequired: Size.gibibytes(8), maxMemoryRequired: Size.gibibytes(4) }))
        .toThrow(/maxMemoryRequired must be at least minMemoryRequired \(8192 MiB\), got 4096 MiB/);
    });

    test('a component that is not an adapter needs minMemoryRequired', () => {
      expect(() => component(newStack(), { minMemoryRequired: undefined }))
        .toThrow(/minMemoryRequired must be given for an inference component that is not an adapter \(SageMaker requires MinMemoryRequiredInMb\), got undefined/);
    });

    test('an adapter needs a base component', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      expect(() => component(stack, { specification: ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'a.tar.gz')), minMemoryRequired: undefined }))
        .toThrow(/baseComponent must be given for ComponentSpecification.adapter\(\) \(an adapter runs on a base component\), got undefined/);
    });

    test('a component with a base component must be an adapter', () => {
      const stack = newStack();
      const base = component(stack, {}, 'Base');
      expect(() => component(stack, { baseComponent: base }))
        .toThrow(/specification must be ComponentSpecification.adapter\(\) for a component with a baseComponent, got fromContainer\(\)/);
    });

    test('an adapter has no compute requirements', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      const base = component(stack, {}, 'Base');
      const adapter = ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'a.tar.gz'));
      expect(() => component(stack, { specification: adapter, baseComponent: base, minMemoryRequired: undefined, numberOfCpuCoresRequired: 2 }, 'A1'))
        .toThrow(/numberOfCpuCoresRequired must not be set on an adapter component \(adapters use the base component's resources\), got 2/);
      expect(() => component(stack, { specification: adapter, baseComponent: base }, 'A2'))
        .toThrow(/minMemoryRequired must not be set on an adapter component \(adapters use the base component's resources\), got 8192 MiB/);
    });

    test('an adapter artifact must be a single .tar.gz archive', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      const base = component(stack, {}, 'Base');
      expect(() => component(stack, { specification: ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'lora/')), baseComponent: base, minMemoryRequired: undefined }, 'A'))
        .toThrow(/specification adapter artifact must be a single gzip-compressed tar archive \(.tar.gz\), got "s3:\/\/artifacts\/lora\/"/);
    });

    test('a container artifact must be a single .tar.gz archive', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      expect(() => component(stack, { specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI), modelData: ModelData.fromBucket(bucket, 'model.safetensors') }) }))
        .toThrow(/specification modelData must be a single gzip-compressed tar archive \(.tar.gz\), got "s3:\/\/artifacts\/model.safetensors"/);
    });

    test('the image URI has no whitespace and at most 255 characters', () => {
      expect(() => component(newStack(), { specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(`docker.io/${'a'.repeat(250)}`) }) }))
        .toThrow(/container image URI must be 1-255 characters without whitespace, got "docker.io\/a+" \(260 characters\)/);
    });

    test('environment: at most 16 entries, keys of 2+ allowed characters, values at most 1024 characters', () => {
      const env = (environment: { [key: string]: string }) => ({
        specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI), environment }),
      });
      const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`K${i}`, 'v']));
      expect(() => component(newStack(), env(many))).toThrow(/specification environment must have at most 16 entries, got 17/);
      expect(() => component(newStack(), env({ A: 'v' }))).toThrow(/specification environment key must be 2-1024 letters, digits and underscores, not starting with a digit .*, got "A"/);
      expect(() => component(newStack(), env({ '1X': 'v' }))).toThrow(/specification environment key must be 2-1024 letters, digits and underscores, not starting with a digit .*, got "1X"/);
      expect(() => component(newStack(), env({ KEY: 'v'.repeat(1025) }))).toThrow(/specification environment value for key "KEY" must be at most 1024 characters, got 1025 characters/);
    });

    test('tags: the usual rules and no empty values', () => {
      expect(() => component(newStack(), { tags: { 'aws:x': 'v' } })).toThrow(/tags key must not start with the reserved prefix "aws:", got "aws:x"/);
      expect(() => component(newStack(), { tags: { k: '' } })).toThrow(/tags value for key "k" must be 1-256 characters, got "" \(the inference component schema rejects empty tag values\)/);
    });

    test('variant name pattern', () => {
      expect(() => component(newStack(), { variantName: 'bad_name' })).toThrow(/variantName must match/);
    });

    test('variant name is required when the endpoint config is not known', () => {
      const stack = newStack();
      const endpoint = Endpoint.fromEndpointName(stack, 'Imported', 'my-endpoint');
      expect(() => component(stack, { endpoint }))
        .toThrow(/variantName must be given when the endpoint config is not known at synth \(SageMaker's default variant for an inference component is not documented\), got undefined/);
      expect(() => component(stack, { endpoint, variantName: 'AllTraffic' }, 'Ok')).not.toThrow();
    });

    test('variant name is required when the config has several component-hosting variants', () => {
      const stack = newStack();
      component(stack, { endpoint: icEndpoint(stack, 'Endpoint', ['a', 'b']) });
      expect(() => synth(stack)).toThrow(/variantName must be given when the endpoint config has several component-hosting variants \("a", "b"\), got undefined/);
    });

    test('variant name must be a component-hosting variant of the config', () => {
      const stack = newStack();
      component(stack, { variantName: 'nope' });
      expect(() => synth(stack)).toThrow(/variantName must name a component-hosting variant of the endpoint config \("AllTraffic"\), got "nope"/);
    });

    // reference section 8 row 1: a component on an endpoint whose variant has a model
    test('a component on an endpoint whose config hosts models is a synth error', () => {
      const stack = newStack();
      const model = Model.fromModelName(stack, 'Model', 'm');
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
      component(stack, { endpoint, variantName: 'main' });
      expect(() => synth(stack)).toThrow(/endpoint must host inference components \(a config with addComponentHostingVariant\(\)\), got Stack\/Endpoint whose config has model variants "main" \(SageMaker rejects it: "Inference Components are not supported in this Endpoint"; remove modelName from the variant\)/);
    });

    test('one copy must fit one instance of a known instance type (ml.g5.12xlarge: 48 vCPU, 4 GPUs, 192 GiB)', () => {
      const fits = newStack();
      component(fits, { numberOfCpuCoresRequired: 48, numberOfAcceleratorDevicesRequired: 4, minMemoryRequired: Size.gibibytes(192) });
      expect(() => synth(fits)).not.toThrow();
      const stack = newStack();
      component(stack, { numberOfCpuCoresRequired: 49, numberOfAcceleratorDevicesRequired: 8, minMemoryRequired: Size.gibibytes(200) });
      const message = (() => { try { synth(stack); return ''; } catch (e) { return (e as Error).message; } })();
      expect(message).toMatch(/numberOfCpuCoresRequired must be at most 48 \(one ml.g5.12xlarge instance of variant "AllTraffic", where each copy must fit\), got 49/);
      expect(message).toMatch(/numberOfAcceleratorDevicesRequired must be at most 4 \(one ml.g5.12xlarge instance of variant "AllTraffic", where each copy must fit\), got 8/);
      expect(message).toMatch(/minMemoryRequired must be at most 196608 MiB \(one ml.g5.12xlarge instance of variant "AllTraffic", where each copy must fit\), got 204800 MiB/);
    });

    test('unknown instance types are not checked', () => {
      const stack = newStack();
      const config = new EndpointConfig(stack, 'Config', { componentHostingVariants: [{ variantName: 'v', instanceType: InstanceType.ML_M5_LARGE }] });
      component(stack, { endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config }), numberOfAcceleratorDevicesRequired: 64 });
      expect(() => synth(stack)).not.toThrow();
    });

    test('an adapter runs on the endpoint of its base component', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
      const base = component(stack, {}, 'Base');
      component(stack, {
        endpoint: icEndpoint(stack, 'Other'),
        specification: ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'a.tar.gz')),
        baseComponent: base,
        minMemoryRequired: undefined,
      }, 'Adapter');
      expect(() => synth(stack)).toThrow(/baseComponent must run on the same endpoint as its adapter, got Stack\/Base on Stack\/Endpoint and this component on Stack\/Other/);
    });

    test('a deployment construct on an endpoint that hosts components is a synth error (unconfirmed behaviour)', () => {
      const stack = newStack();
      const ic = component(stack);
      new BlueGreenDeployment(stack, 'Deployment', { endpoint: ic.endpoint as Endpoint });
      expect(() => synth(stack)).toThrow(/\[Stack\/Deployment\] trafficRouting must not be all-at-once for the component-hosting variant "AllTraffic" \(what a blue\/green or rolling update of an endpoint that hosts inference components does to the component copies is not documented/);
    });

    test('a deployment construct on a component-hosting endpoint fails even before any component exists', () => {
      const stack = newStack();
      const endpoint = icEndpoint(stack, 'Bare');
      new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) });
      expect(() => synth(stack)).toThrow(/\[Stack\/Deployment\] deployment must not be rolling for the component-hosting variant "AllTraffic"/);
    });
  });

  describe('imports', () => {
    test('by name', () => {
      const stack = newStack();
      const ic = InferenceComponent.fromInferenceComponentName(stack, 'Imported', 'My-Component');
      expect(ic.inferenceComponentName).toBe('My-Component');
      expect(stack.resolve(ic.inferenceComponentArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:inference-component/my-component']],
      });
    });

    test('by name validates the name', () => {
      expect(() => InferenceComponent.fromInferenceComponentName(newStack(), 'I', 'bad_name')).toThrow(/inferenceComponentName must match/);
      expect(() => InferenceComponent.fromInferenceComponentName(newStack(), 'I', 'a'.repeat(64))).toThrow(/inferenceComponentName must be 1-63 characters/);
    });

    test('by ARN lower-cases the name in the ARN and keeps it as written in the name', () => {
      const stack = newStack();
      const ic = InferenceComponent.fromInferenceComponentArn(stack, 'I', 'arn:aws:sagemaker:eu-west-1:111111111111:inference-component/My-IC');
      expect(ic.inferenceComponentName).toBe('My-IC');
      expect(ic.inferenceComponentArn).toBe('arn:aws:sagemaker:eu-west-1:111111111111:inference-component/my-ic');
      expect(ic.env).toEqual({ account: '111111111111', region: 'eu-west-1' });
    });

    test('by ARN rejects malformed ARNs', () => {
      const shape = /inferenceComponentArn must be arn:<partition>:sagemaker:<region>:<account>:inference-component\/<name>, got/;
      expect(() => InferenceComponent.fromInferenceComponentArn(newStack(), 'I', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/x')).toThrow(shape);
      expect(() => InferenceComponent.fromInferenceComponentArn(newStack(), 'I', 'not-an-arn')).toThrow(shape);
      expect(() => InferenceComponent.fromInferenceComponentArn(newStack(), 'I', 'arn:aws:s3:us-east-1:123456789012:inference-component/x')).toThrow(shape);
      expect(() => InferenceComponent.fromInferenceComponentArn(newStack(), 'I', 'arn:aws:sagemaker:us-east-1:123456789012:inference-component/bad_name'))
        .toThrow(/inferenceComponentArn name must match/);
    });

    test('by ARN accepts a token', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      const ic = InferenceComponent.fromInferenceComponentArn(stack, 'I', arn);
      expect(stack.resolve(ic.inferenceComponentArn)).toEqual({ Ref: 'Arn' });
      expect(stack.resolve(ic.inferenceComponentName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Arn' }] }] });
    });

    test('an import offers the same metrics', () => {
      const ic = InferenceComponent.fromInferenceComponentName(newStack(), 'I', 'ic');
      expect(ic.metricModelLatency().dimensions).toEqual({ InferenceComponentName: 'ic' });
      expect(ic.metricGpuUtilizationNormalized().namespace).toBe('/aws/sagemaker/InferenceComponents');
    });

    test('a component on an endpoint whose name is a parameter gets a CloudFormation-generated name', () => {
      const stack = newStack();
      const endpointName = new CfnParameter(stack, 'EndpointName').valueAsString;
      const ic = component(stack, { endpoint: Endpoint.fromEndpointName(stack, 'E', endpointName), variantName: 'AllTraffic' });
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::SageMaker::InferenceComponent', { InferenceComponentName: Match.absent(), EndpointName: { Ref: 'EndpointName' } });
      const id = Object.keys(t.findResources('AWS::SageMaker::InferenceComponent'))[0];
      expect(stack.resolve(ic.inferenceComponentName)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: id }] }] });
      expect(stack.resolve(ic.inferenceComponentArn)).toEqual({ Ref: id });
    });

    test('grantInvoke on an import needs the endpoint', () => {
      const stack = newStack();
      const ic = InferenceComponent.fromInferenceComponentName(stack, 'I', 'ic');
      expect(() => ic.grantInvoke(new iam.AccountRootPrincipal()))
        .toThrow(/grantInvoke needs the endpoint of the inference component, got an import without one \(use fromInferenceComponentAttributes with endpoint\)/);
    });
  });

  describe('grants', () => {
    // reference section 8 row 6: invocations name the component; the grant covers endpoint and component
    test('grantInvoke allows exactly InvokeEndpoint and InvokeEndpointWithResponseStream on the endpoint and the component', () => {
      const stack = newStack();
      const ic = component(stack);
      const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
      ic.grantInvoke(role);
      const endpoint = stack.node.findChild('Endpoint') as Endpoint;
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
        PolicyDocument: {
          Statement: [{
            Effect: 'Allow',
            Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
            Resource: [stack.resolve(endpoint.endpointArn), stack.resolve(ic.inferenceComponentArn)],
          }],
        },
      });
    });

    test('grantInvoke on an import with a mixed-case name covers both spellings of the component ARN', () => {
      const stack = newStack();
      const endpoint = Endpoint.fromEndpointName(stack, 'E', 'my-endpoint');
      const ic = InferenceComponent.fromInferenceComponentAttributes(stack, 'I', { inferenceComponentName: 'My-IC', endpoint });
      const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
      ic.grantInvoke(role);
      const statement = Template.fromStack(stack).findResources('AWS::IAM::Policy');
      const resources = JSON.stringify(Object.values(statement)[0].Properties.PolicyDocument.Statement[0].Resource);
      expect(resources).toContain('inference-component/my-ic');
      expect(resources).toContain('inference-component/My-IC');
      expect(resources).toContain('endpoint/my-endpoint');
    });
  });

  describe('metrics', () => {
    test.each<[string, (ic: InferenceComponent) => cloudwatch.Metric, string, string]>([
      ['Invocations', ic => ic.metricInvocations(), 'AWS/SageMaker', 'Sum'],
      ['Invocation4XXErrors', ic => ic.metricInvocation4XXErrors(), 'AWS/SageMaker', 'Sum'],
      ['Invocation5XXErrors', ic => ic.metricInvocation5XXErrors(), 'AWS/SageMaker', 'Sum'],
      ['InvocationModelErrors', ic => ic.metricInvocationModelErrors(), 'AWS/SageMaker', 'Sum'],
      ['ModelLatency', ic => ic.metricModelLatency(), 'AWS/SageMaker', 'Average'],
      ['OverheadLatency', ic => ic.metricOverheadLatency(), 'AWS/SageMaker', 'Average'],
      ['InvocationsPerCopy', ic => ic.metricInvocationsPerCopy(), 'AWS/SageMaker', 'Sum'],
      ['ConcurrentRequestsPerCopy', ic => ic.metricConcurrentRequestsPerCopy(), 'AWS/SageMaker', 'Maximum'],
      ['NoCapacityInvocationFailures', ic => ic.metricNoCapacityInvocationFailures(), 'AWS/SageMaker', 'Sum'],
      ['CPUUtilizationNormalized', ic => ic.metricCpuUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'Average'],
      ['GPUUtilizationNormalized', ic => ic.metricGpuUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'Average'],
      ['GPUMemoryUtilizationNormalized', ic => ic.metricGpuMemoryUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'Average'],
      ['MemoryUtilizationNormalized', ic => ic.metricMemoryUtilizationNormalized(), '/aws/sagemaker/InferenceComponents', 'Average'],
    ])('%s: official name, namespace and statistic, dimension InferenceComponentName', (name, get, namespace, statistic) => {
      const stack = newStack();
      const ic = component(stack);
      const metric = get(ic);
      expect(metric.metricName).toBe(name);
      expect(metric.namespace).toBe(namespace);
      expect(metric.statistic).toBe(statistic);
      expect(metric.dimensions).toEqual({ InferenceComponentName: ic.inferenceComponentName });
      expect(metric.period.toMinutes()).toBe(5);
    });

    test('metric() and metricUtilization() take any name and options', () => {
      const stack = newStack();
      const ic = component(stack);
      const m = ic.metric('Custom', { statistic: 'p99', period: Duration.minutes(1) });
      expect([m.namespace, m.metricName, m.statistic, m.period.toMinutes()]).toEqual(['AWS/SageMaker', 'Custom', 'p99', 1]);
      expect(ic.metricUtilization('X').namespace).toBe('/aws/sagemaker/InferenceComponents');
    });
  });

  test('no warnings for a plain component', () => {
    const stack = newStack();
    component(stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  // cfn-lint (with the CloudFormation schemas) over a config hosting components, a base component and an adapter
  test('a component endpoint with a base component and an adapter has zero cfn-lint errors', () => {
    // GIVEN
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    const config = new EndpointConfig(stack, 'Config', {
      componentHostingVariants: [{
        variantName: 'AllTraffic',
        instanceType: InstanceType.ML_G5_12XLARGE,
        managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 2 },
        routingStrategy: RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
        inferenceAmiVersion: InferenceAmiVersion.AL2_GPU_2,
        volumeSize: Size.gibibytes(100),
      }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const base = new InferenceComponent(stack, 'Base', {
      endpoint,
      specification: ComponentSpecification.fromContainer({
        image: ContainerImage.fromImageUri(IMAGE_URI),
        modelData: ModelData.fromBucket(bucket, 'llm/model.tar.gz'),
        environment: { HF_MODEL_ID: '/opt/ml/model' },
      }),
      numberOfAcceleratorDevicesRequired: 2,
      numberOfCpuCoresRequired: 8,
      minMemoryRequired: Size.gibibytes(32),
      modelDataDownloadTimeout: Duration.minutes(30),
      containerStartupHealthCheckTimeout: Duration.minutes(30),
      initialCopyCount: 2,
      tags: { app: 'llm' },
    });
    new InferenceComponent(stack, 'Adapter', {
      endpoint,
      specification: ComponentSpecification.adapter(ModelData.fromBucket(bucket, 'lora/adapter.tar.gz')),
      baseComponent: base,
    });
    // WHEN
    const result = lintTemplates([{ name: 'inference-components', template: Template.fromStack(stack).toJSON() }]);
    // THEN
    expect(formatFindings(result.errors)).toBe('');
    Template.fromStack(stack).resourceCountIs('AWS::SageMaker::InferenceComponent', 2);
  });
});
