// The invalid-input catalogue: every named bad configuration is rejected with its exact phrase, and
// docs/validation.md shows exactly this catalogue (the table cannot drift from the code).
//
// Regenerate the table after changing the catalogue:
//   VALIDATION_DOC_UPDATE=1 npx jest test/invalid-input-catalogue.test.ts --coverage=false
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CATALOGUE, CatalogueEntry, catalogueTable, COPY_SCALING_ENTRIES, HOST_CAPACITY_ENTRIES } from './util/catalogue';
import { MODEL_SOURCE_ENTRIES } from './util/catalogue-model-sources';
import { SHADOW_ENTRIES } from './util/catalogue-shadow';
import { CapacitySize, InferenceComponentRollingDeployment, InferenceComponentRollingDeploymentProps } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import {
  ComponentHostingVariantProps, EndpointConfig, EndpointConfigProps, InferenceAmiVersion, InstanceType,
} from '../src/endpoint-config';
import { ComponentSpecification, InferenceComponent, InferenceComponentProps } from '../src/inference-component';
import { ContainerImage, Model, ModelData } from '../src/model';

// ---- Inference components (issue 15): appended to the catalogue, same entry format ----

const IC_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:1';

function icStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A config hosting components on one ml.g5.12xlarge variant (`AllTraffic`) changed by `variant`, plus config props. */
function hostingConfig(variant: Partial<ComponentHostingVariantProps> = {}, props: EndpointConfigProps = {}): () => void {
  return () => {
    const stack = icStack();
    new EndpointConfig(stack, 'Config', {
      componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, ...variant }],
      ...props,
    });
    (stack.node.root as App).synth();
  };
}

/** An inference component (container, 8 GiB) on a component endpoint, changed by `props`, synthesized. */
function componentWith(props: (stack: Stack) => Partial<InferenceComponentProps> = () => ({})): () => void {
  return () => {
    const stack = icStack();
    const endpoint = icEndpointOn(stack); // first: an adapter's props find its base on it
    componentOn(stack, { endpoint, ...props(stack) });
    (stack.node.root as App).synth();
  };
}

/** The endpoint `Endpoint` of a config hosting components on one ml.g5.12xlarge variant (`AllTraffic`). */
function icEndpointOn(stack: Stack): Endpoint {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
  });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config });
}

/** An inference component `Component` (container, 8 GiB), changed by `props`, by default on `icEndpointOn(stack)`. */
function componentOn(stack: Stack, props: Partial<InferenceComponentProps> = {}): InferenceComponent {
  return new InferenceComponent(stack, 'Component', {
    endpoint: props.endpoint ?? icEndpointOn(stack),
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IC_IMAGE) }),
    minMemoryRequired: Size.gibibytes(8),
    ...props,
  });
}

function adapterOf(stack: Stack, key = 'lora/a.tar.gz'): ComponentSpecification {
  return ComponentSpecification.adapter(ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts'), key));
}

function baseOf(stack: Stack): InferenceComponent {
  return new InferenceComponent(stack, 'Base', {
    endpoint: stack.node.findChild('Endpoint') as Endpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IC_IMAGE) }),
    minMemoryRequired: Size.gibibytes(8),
  });
}

const COMPONENT_ENTRIES: CatalogueEntry[] = [
  {
    rule: 'a config hosts models or inference components, never both',
    example: 'instanceProductionVariants: [{ model, ... }], componentHostingVariants: [{ ... }]',
    build: () => {
      const stack = icStack();
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model: Model.fromModelName(stack, 'M', 'm') }],
        componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
      });
    },
    message: 'an endpoint config must host models or inference components, never both, got component-hosting variant "AllTraffic" with instance variant "main"',
  },
  {
    rule: 'an asynchronous config cannot host inference components',
    example: 'asyncInference: { outputBucket }, componentHostingVariants: [{ ... }]',
    build: () => {
      const stack = icStack();
      hostingConfig({}, { asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'B', 'out') } })();
    },
    message: 'asyncInference must not be used with inference components, got asyncInference and component-hosting variant "AllTraffic"',
  },
  {
    rule: 'a config that hosts inference components takes no data capture (unconfirmed support)',
    example: 'dataCapture: { destinationBucket }, componentHostingVariants: [{ ... }]',
    build: () => {
      const stack = icStack();
      hostingConfig({}, { dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'capture') } })();
    },
    message: 'dataCapture must not be used with inference components, got dataCapture and component-hosting variant "AllTraffic"',
  },
  {
    rule: 'a config execution role is only for a config that hosts inference components',
    example: 'instanceProductionVariants: [{ model, ... }], executionRole: role',
    build: () => {
      const stack = icStack();
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model: Model.fromModelName(stack, 'M', 'm') }],
        executionRole: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
      });
      (stack.node.root as App).synth();
    },
    message: 'executionRole must only be given for an endpoint config that hosts inference components (addComponentHostingVariant()), got Stack/Role on a config with 1 model variant(s)',
  },
  {
    rule: 'a component-hosting variant starts with at least 1 instance',
    example: 'componentHostingVariants: [{ initialInstanceCount: 0, ... }]',
    build: hostingConfig({ initialInstanceCount: 0 }),
    message: 'component-hosting variant "AllTraffic" initialInstanceCount must be 1-2147483647, got 0',
  },
  {
    rule: 'managed instance scaling allows at least 1 instance at most',
    example: 'managedInstanceScaling: { maxInstanceCount: 0 }',
    build: hostingConfig({ managedInstanceScaling: { maxInstanceCount: 0 } }),
    message: 'component-hosting variant "AllTraffic" managedInstanceScaling maxInstanceCount must be 1-2147483647, got 0',
  },
  {
    rule: 'managed instance scaling minimum is 0 to the maximum',
    example: 'managedInstanceScaling: { minInstanceCount: 3, maxInstanceCount: 2 }',
    build: hostingConfig({ managedInstanceScaling: { minInstanceCount: 3, maxInstanceCount: 2 } }),
    message: 'component-hosting variant "AllTraffic" managedInstanceScaling minInstanceCount must be 0-2, got 3',
  },
  {
    rule: 'the initial instance count is within the managed instance scaling range',
    example: 'initialInstanceCount: 3, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 }',
    build: hostingConfig({ initialInstanceCount: 3, managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } }),
    message: 'component-hosting variant "AllTraffic" initialInstanceCount must be within managedInstanceScaling 0-2 (and at least 1), got 3',
  },
  {
    rule: 'an inference AMI version is a lower-case AMI name',
    example: 'inferenceAmiVersion: InferenceAmiVersion.of("Not An AMI")',
    build: hostingConfig({ inferenceAmiVersion: InferenceAmiVersion.of('Not An AMI') }),
    message: 'component-hosting variant "AllTraffic" inferenceAmiVersion must be an inference AMI version such as al2-ami-sagemaker-inference-gpu-2, got "Not An AMI"',
  },
  {
    rule: 'an inference component starts with at least 1 copy',
    example: 'new InferenceComponent(this, "C", { initialCopyCount: 0, ... })',
    build: componentWith(() => ({ initialCopyCount: 0 })),
    message: 'initialCopyCount must be 1-2147483647, got 0',
  },
  {
    rule: 'an inference component model download timeout is 60-3600 seconds',
    example: 'modelDataDownloadTimeout: Duration.seconds(30)',
    build: componentWith(() => ({ modelDataDownloadTimeout: Duration.seconds(30) })),
    message: 'modelDataDownloadTimeout must be 60-3600 seconds, got 30',
  },
  {
    rule: 'an inference component health-check timeout is 60-3600 seconds',
    example: 'containerStartupHealthCheckTimeout: Duration.hours(2)',
    build: componentWith(() => ({ containerStartupHealthCheckTimeout: Duration.hours(2) })),
    message: 'containerStartupHealthCheckTimeout must be 60-3600 seconds, got 7200',
  },
  {
    rule: 'an inference component reserves at least 0.25 CPU cores',
    example: 'numberOfCpuCoresRequired: 0.1',
    build: componentWith(() => ({ numberOfCpuCoresRequired: 0.1 })),
    message: 'numberOfCpuCoresRequired must be >= 0.25, got 0.1',
  },
  {
    rule: 'an inference component reserves at least 1 accelerator when it reserves any',
    example: 'numberOfAcceleratorDevicesRequired: 0',
    build: componentWith(() => ({ numberOfAcceleratorDevicesRequired: 0 })),
    message: 'numberOfAcceleratorDevicesRequired must be >= 1, got 0',
  },
  {
    rule: 'an inference component reserves at least 128 MiB',
    example: 'minMemoryRequired: Size.mebibytes(64)',
    build: componentWith(() => ({ minMemoryRequired: Size.mebibytes(64) })),
    message: 'minMemoryRequired must be >= 128 MiB, got 64',
  },
  {
    rule: 'an inference component memory limit is at least its reservation',
    example: 'minMemoryRequired: Size.gibibytes(8), maxMemoryRequired: Size.gibibytes(4)',
    build: componentWith(() => ({ maxMemoryRequired: Size.gibibytes(4) })),
    message: 'maxMemoryRequired must be at least minMemoryRequired (8192 MiB), got 4096 MiB',
  },
  {
    rule: 'an inference component that is not an adapter reserves memory',
    example: 'new InferenceComponent(this, "C", { specification: ComponentSpecification.fromContainer(...) })',
    build: componentWith(() => ({ minMemoryRequired: undefined })),
    message: 'minMemoryRequired must be given for an inference component that is not an adapter (SageMaker requires MinMemoryRequiredInMb), got undefined',
  },
  {
    rule: 'an adapter component has a base component',
    example: 'specification: ComponentSpecification.adapter(artifact) without baseComponent',
    build: componentWith(stack => ({ specification: adapterOf(stack), minMemoryRequired: undefined })),
    message: 'baseComponent must be given for ComponentSpecification.adapter() (an adapter runs on a base component), got undefined',
  },
  {
    rule: 'a component with a base component is an adapter',
    example: 'baseComponent: base, specification: ComponentSpecification.fromContainer(...)',
    build: componentWith(stack => ({ baseComponent: baseOf(stack) })),
    message: 'specification must be ComponentSpecification.adapter() for a component with a baseComponent, got fromContainer()',
  },
  {
    rule: 'an adapter component reserves no compute of its own',
    example: 'specification: ComponentSpecification.adapter(artifact), baseComponent: base, numberOfCpuCoresRequired: 2',
    build: componentWith(stack => ({
      specification: adapterOf(stack), baseComponent: baseOf(stack), minMemoryRequired: undefined, numberOfCpuCoresRequired: 2,
    })),
    message: 'numberOfCpuCoresRequired must not be set on an adapter component (adapters use the base component\'s resources), got 2',
  },
  {
    rule: 'an inference component artifact is a single .tar.gz archive',
    example: 'ComponentSpecification.adapter(ModelData.fromBucket(bucket, "lora/"))',
    build: componentWith(stack => ({ specification: adapterOf(stack, 'lora/'), baseComponent: baseOf(stack), minMemoryRequired: undefined })),
    message: 'specification adapter artifact must be a single gzip-compressed tar archive (.tar.gz), got "s3://artifacts/lora/"',
  },
  {
    rule: 'an inference component has at most 16 environment variables',
    example: 'environment: { K0: "v", ..., K16: "v" }',
    build: componentWith(() => ({
      specification: ComponentSpecification.fromContainer({
        image: ContainerImage.fromImageUri(IC_IMAGE),
        environment: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`K${i}`, 'v'])),
      }),
    })),
    message: 'specification environment must have at most 16 entries, got 17',
  },
  {
    rule: 'an inference component environment key has 2+ letters, digits or underscores',
    example: 'environment: { A: "v" }',
    build: componentWith(() => ({
      specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IC_IMAGE), environment: { A: 'v' } }),
    })),
    message: 'specification environment key must be 2-1024 letters, digits and underscores, not starting with a digit (^[a-zA-Z_][a-zA-Z0-9_]{1,1024}$), got "A"',
  },
  {
    rule: 'an inference component tag value is not empty',
    example: 'tags: { team: "" }',
    build: componentWith(() => ({ tags: { team: '' } })),
    message: 'tags value for key "team" must be 1-256 characters, got "" (the inference component schema rejects empty tag values)',
  },
  {
    rule: 'an inference component names its variant when the endpoint config is unknown',
    example: 'endpoint: Endpoint.fromEndpointName(this, "E", "my-endpoint"), no variantName',
    build: componentWith(stack => ({ endpoint: Endpoint.fromEndpointName(stack, 'Imported', 'my-endpoint') })),
    message: 'variantName must be given when the endpoint config is not known at synth (SageMaker\'s default variant for an inference component is not documented), got undefined',
  },
  {
    rule: 'an inference component runs on a component-hosting variant of its endpoint',
    example: 'variantName: "nope"',
    build: componentWith(() => ({ variantName: 'nope' })),
    message: 'variantName must name a component-hosting variant of the endpoint config ("AllTraffic"), got "nope"',
  },
  {
    rule: 'an inference component runs on an endpoint whose config hosts inference components',
    example: 'endpoint: an Endpoint whose config has a model variant',
    build: () => {
      const stack = icStack();
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'main', model: Model.fromModelName(stack, 'M', 'm') }],
      });
      new InferenceComponent(stack, 'Component', {
        endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config }),
        variantName: 'main',
        specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IC_IMAGE) }),
        minMemoryRequired: Size.gibibytes(8),
      });
      (stack.node.root as App).synth();
    },
    message: 'endpoint must host inference components (a config with addComponentHostingVariant()), got Stack/Endpoint whose config has model variants "main"',
  },
  {
    rule: 'one inference component copy fits one instance of a known instance type',
    example: 'ml.g5.12xlarge (4 GPUs), numberOfAcceleratorDevicesRequired: 8',
    build: componentWith(() => ({ numberOfAcceleratorDevicesRequired: 8 })),
    message: 'numberOfAcceleratorDevicesRequired must be at most 4 (one ml.g5.12xlarge instance of variant "AllTraffic", where each copy must fit), got 8',
  },
  {
    rule: 'an imported inference component ARN is an inference-component ARN',
    example: 'InferenceComponent.fromInferenceComponentArn(this, "I", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/x")',
    build: () => {
      InferenceComponent.fromInferenceComponentArn(icStack(), 'I', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/x');
    },
    message: 'inferenceComponentArn must be arn:<partition>:sagemaker:<region>:<account>:inference-component/<name>, got "arn:aws:sagemaker:us-east-1:123456789012:endpoint/x"',
  },
];

/** A rolling deployment (1 copy per batch, 10-minute bake) of a component with `copies` copies, changed by `props`. */
function rolloutOn(stack: Stack, props: Partial<InferenceComponentRollingDeploymentProps> = {}, copies = 4): InferenceComponentRollingDeployment {
  return new InferenceComponentRollingDeployment(stack, 'Rollout', {
    component: componentOn(stack, { initialCopyCount: copies }),
    maximumBatchSize: CapacitySize.copies(1),
    waitInterval: Duration.minutes(10),
    ...props,
  });
}

/** `rolloutOn` in a new stack, synthesized. */
function componentRolloutWith(props: Partial<InferenceComponentRollingDeploymentProps>, copies = 4): () => void {
  return () => {
    const stack = icStack();
    rolloutOn(stack, props, copies);
    (stack.node.root as App).synth();
  };
}

const COMPONENT_ROLLOUT_ENTRIES: CatalogueEntry[] = [
  {
    rule: 'a variant that hosts inference components takes no instance autoscaling',
    example: "endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 2 }) on a component-hosting variant",
    build: () => icEndpointOn(icStack()).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 2 }),
    message: 'variant "AllTraffic" autoScaleInstanceCount must not be used on a variant that hosts inference components (its instances follow managedInstanceScaling and the copies placed on it; scale the copies with component.autoScaleCopyCount()), got a component-hosting variant',
  },
  {
    rule: 'a component rolling batch is 5-50 percent of its copies',
    example: 'maximumBatchSize: CapacitySize.copies(3) on a component of 4 copies',
    build: componentRolloutWith({ maximumBatchSize: CapacitySize.copies(3) }),
    message: 'maximumBatchSize must be 1-2 copies for a component of 4 copies (5-50 percent of the copy count), got 3 copies',
  },
  {
    rule: 'a component rolling update needs at least 2 copies',
    example: 'InferenceComponentRollingDeployment on a component with initialCopyCount: 1',
    build: componentRolloutWith({}, 1),
    message: 'copyCount must be at least 2 for a rolling update, got 1',
  },
  {
    rule: 'a component rolling batch is copies or a percentage',
    example: 'maximumBatchSize: CapacitySize.instances(1) on a component',
    build: componentRolloutWith({ maximumBatchSize: CapacitySize.instances(1) }),
    message: 'maximumBatchSize must be copies or a percentage for an inference component rollout, got 1 instance',
  },
  {
    rule: 'the bake of a component rolling update is 0-1 hour',
    example: 'waitInterval: Duration.hours(2)',
    build: componentRolloutWith({ waitInterval: Duration.hours(2) }),
    message: 'waitInterval must be 0-3600 seconds, got 7200',
  },
  {
    rule: 'the alarm helpers of a component rollout take no variant',
    example: "rollout.addErrorRateAlarm({ variantName: 'AllTraffic' })",
    build: () => rolloutOn(icStack()).addErrorRateAlarm({ variantName: 'AllTraffic' }),
    message: 'addErrorRateAlarm variantName must not be given for an inference component (its metrics have the InferenceComponentName dimension only), got "AllTraffic"',
  },
];

CATALOGUE.push(...COMPONENT_ENTRIES, ...COPY_SCALING_ENTRIES, ...COMPONENT_ROLLOUT_ENTRIES);
CATALOGUE.push(...MODEL_SOURCE_ENTRIES);
CATALOGUE.push(...SHADOW_ENTRIES);
CATALOGUE.push(...HOST_CAPACITY_ENTRIES);

const DOC = path.join(__dirname, '..', 'docs', 'validation.md');
const START = '<!-- catalogue:start (generated from test/util/catalogue.ts) -->';
const END = '<!-- catalogue:end -->';

function thrownBy(build: () => void): Error | undefined {
  try {
    build();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe('invalid-input catalogue', () => {
  test('the catalogue has at least 60 named bad configurations, each with a distinct rule', () => {
    // eslint-disable-next-line no-console
    console.log(`invalid-input catalogue: ${CATALOGUE.length} entries`);
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CATALOGUE.map(e => e.rule)).size).toBe(CATALOGUE.length);
  });

  test.each(CATALOGUE.map(e => [e.rule, e] as const))('%s: rejected with its exact phrase', (_rule, entry) => {
    // GIVEN the bad configuration / WHEN it is built and synthesized
    const error = thrownBy(entry.build);
    // THEN it throws a validation Error (not an internal TypeError/RangeError) with the exact phrase
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(RangeError);
    expect(error!.message).toContain(entry.message);
  });

  test('docs/validation.md shows exactly the catalogue', () => {
    // GIVEN the doc
    const doc = fs.readFileSync(DOC, 'utf-8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const expected = `${START}\n${catalogueTable()}\n${END}`;
    if (process.env.VALIDATION_DOC_UPDATE) {
      fs.writeFileSync(DOC, doc.slice(0, start) + expected + doc.slice(end + END.length));
      return;
    }
    // THEN the generated section equals the catalogue (regenerate with VALIDATION_DOC_UPDATE=1)
    expect(doc.slice(start, end + END.length)).toBe(expected);
  });
});
