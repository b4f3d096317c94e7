// The invalid-input catalogue: named bad configurations and the exact phrase each is rejected with.
//
// One list feeds test/invalid-input-catalogue.test.ts (every entry throws its phrase) and the table in
// docs/validation.md (the test fails when the table and this list differ; regenerate the table with
// `VALIDATION_DOC_UPDATE=1 npx jest test/invalid-input-catalogue.test.ts --coverage=false`).
import { App, CfnParameter, DockerImage, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { BlueGreenDeployment, CapacitySize, InferenceComponentRollingDeployment, RollingDeployment, TrafficRouting } from '../../src/deployment';
import { Endpoint, EndpointGrants, EndpointProps, RetainedVariantProperty } from '../../src/endpoint';
import {
  ComponentHostingVariantProps, EndpointConfig, EndpointConfigProps, InstanceProductionVariantProps, InstanceType, ServerlessProductionVariantProps,
} from '../../src/endpoint-config';
import { ComponentSpecification, InferenceComponent, InferenceComponentProps } from '../../src/inference-component';
import { ContainerImage, IModel, InferenceExecutionMode, Model, ModelData } from '../../src/model';

/** One bad configuration. */
export interface CatalogueEntry {
  /** The rule that is broken, as a short sentence. */
  readonly rule: string;
  /** The bad input, as the user would write it. */
  readonly example: string;
  /** Builds (and synthesizes) the bad configuration; must throw. */
  readonly build: () => void;
  /** The exact phrase of the error (the message after the construct path). */
  readonly message: string;
}

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Synthesizes the stack's app (runs the validations that need the whole construct tree). */
function synth(stack: Stack): void {
  (stack.node.root as App).synth();
}

function importedModel(stack: Stack): IModel {
  return (stack.node.tryFindChild('Model') as IModel | undefined) ?? Model.fromModelName(stack, 'Model', 'my-model');
}

function modelWith(props: Partial<ConstructorParameters<typeof Model>[2]>): () => void {
  return () => {
    const stack = newStack();
    new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }], ...props });
    synth(stack);
  };
}

function variant(stack: Stack, props: Partial<InstanceProductionVariantProps> = {}): InstanceProductionVariantProps {
  return { variantName: 'AllTraffic', model: importedModel(stack), instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 4, ...props };
}

/** An endpoint config with one instance variant (`AllTraffic`) changed by `props`, plus config props. */
function configWith(props: Partial<InstanceProductionVariantProps> = {}, config: (stack: Stack) => EndpointConfigProps = () => ({})): () => void {
  return () => {
    const stack = newStack();
    new EndpointConfig(stack, 'Config', { instanceProductionVariants: [variant(stack, props)], ...config(stack) });
    synth(stack);
  };
}

function serverlessWith(props: Partial<ServerlessProductionVariantProps>): () => void {
  return () => {
    const stack = newStack();
    new EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'AllTraffic', model: importedModel(stack), memorySize: Size.gibibytes(2), maxConcurrency: 10, ...props },
    });
    synth(stack);
  };
}

interface FleetOptions {
  readonly instanceCount?: number;
  readonly instanceType?: InstanceType;
  readonly serverless?: boolean;
  readonly secondVariant?: boolean;
}

/** An endpoint (`my-endpoint`) on a config of one 4-instance ml.m5.large variant, or as given. */
function newEndpoint(stack: Stack, options: FleetOptions = {}): Endpoint {
  const model = importedModel(stack);
  const config = options.serverless
    ? new EndpointConfig(stack, 'Config', { serverlessProductionVariant: { variantName: 'AllTraffic', model, memorySize: Size.gibibytes(2), maxConcurrency: 10 } })
    : new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [
        variant(stack, { initialInstanceCount: options.instanceCount ?? 4, instanceType: options.instanceType ?? InstanceType.ML_M5_LARGE }),
        ...(options.secondVariant ? [variant(stack, { variantName: 'Challenger', initialInstanceCount: 2 })] : []),
      ],
    });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
}

function endpointWith(props: Omit<EndpointProps, 'endpointConfig'>): () => void {
  return () => {
    const stack = newStack();
    const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [variant(stack)] });
    new Endpoint(stack, 'Endpoint', { endpointConfig: config, ...props });
    synth(stack);
  };
}

function blueGreen(props: Partial<ConstructorParameters<typeof BlueGreenDeployment>[2]>, options: FleetOptions = {},
  then: (d: BlueGreenDeployment, stack: Stack) => void = () => undefined): () => void {
  return () => {
    const stack = newStack();
    const deployment = new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack, options), ...props });
    then(deployment, stack);
    synth(stack);
  };
}

function rolling(props: Partial<ConstructorParameters<typeof RollingDeployment>[2]>, options: FleetOptions = {},
  then: (d: RollingDeployment, stack: Stack) => void = () => undefined): () => void {
  return () => {
    const stack = newStack();
    const deployment = new RollingDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack, options), maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5), ...props,
    });
    then(deployment, stack);
    synth(stack);
  };
}

function autoscale(props: { minCapacity?: number; maxCapacity: number }, options: FleetOptions = {}, variantName = 'AllTraffic'): () => void {
  return () => {
    const stack = newStack();
    newEndpoint(stack, options).variant(variantName).autoScaleInstanceCount(props);
    synth(stack);
  };
}

function importedAlarms(count: number): cloudwatch.IAlarm[] {
  const stack = newStack();
  return Array.from({ length: count }, (_, i) => cloudwatch.Alarm.fromAlarmName(stack, `Alarm${i}`, `rollback-${i}`));
}

function canary(size: CapacitySize): TrafficRouting {
  return TrafficRouting.canary({ size, waitInterval: Duration.minutes(5) });
}

/** A canary of 10 percent with the given bake. */
function canaryWithWait(waitInterval: Duration): TrafficRouting {
  return TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval });
}

export const CATALOGUE: CatalogueEntry[] = [
  // ---- Model ----
  {
    rule: 'a model has 1-15 containers',
    example: 'new Model(this, "Model", { containers: [] })',
    build: modelWith({ containers: [] }),
    message: 'containers must be 1-15 containers, got 0',
  },
  {
    rule: 'a model has at most 15 containers',
    example: 'containers: 16 container definitions',
    build: modelWith({ containers: Array.from({ length: 16 }, () => ({ image: ContainerImage.fromImageUri(IMAGE) })) }),
    message: 'containers must be 1-15 containers, got 16',
  },
  {
    rule: 'a model name is 1-63 letters, digits and hyphens',
    example: 'modelName: "my_model"',
    build: modelWith({ modelName: 'my_model' }),
    message: 'modelName must match ^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$ (letters, digits and hyphens, starting and ending with a letter or digit), got "my_model"',
  },
  {
    rule: 'a model name is at most 63 characters',
    example: 'modelName: "m".repeat(64)',
    build: modelWith({ modelName: 'm'.repeat(64) }),
    message: `modelName must be 1-63 characters, got "${'m'.repeat(64)}" (64 characters)`,
  },
  {
    rule: 'security groups need a VPC',
    example: 'securityGroups: [sg] without vpc',
    build: () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }], securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] });
    },
    message: 'securityGroups must be used with vpc, got securityGroups without a vpc',
  },
  {
    rule: 'subnets need a VPC',
    example: 'vpcSubnets: { subnetType: PRIVATE_WITH_EGRESS } without vpc',
    build: modelWith({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }),
    message: 'vpcSubnets must be used with vpc, got vpcSubnets without a vpc',
  },
  {
    rule: 'environment variable names are identifiers',
    example: 'environment: { "MY-VAR": "x" }',
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri(IMAGE), environment: { 'MY-VAR': 'x' } }] }),
    message: 'containers[0].environment key must match [a-zA-Z_][a-zA-Z0-9_]* and be at most 1024 characters, got "MY-VAR"',
  },
  {
    rule: 'a container has at most 100 environment variables',
    example: 'environment: 101 variables',
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri(IMAGE), environment: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, 'x'])) }] }),
    message: 'containers[0].environment must have at most 100 variables, got 101',
  },
  {
    rule: 'environment values are at most 1024 characters',
    example: 'environment: { BIG: "x".repeat(1025) }',
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri(IMAGE), environment: { BIG: 'x'.repeat(1025) } }] }),
    message: 'containers[0].environment value of "BIG" must be at most 1024 characters, got 1025 characters',
  },
  {
    rule: 'a container hostname is 1-63 letters, digits and hyphens',
    example: 'containerHostname: "my_host"',
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri(IMAGE), containerHostname: 'my_host' }] }),
    message: 'containers[0].containerHostname must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit, got "my_host"',
  },
  {
    rule: 'an image URI has no whitespace',
    example: 'ContainerImage.fromImageUri("my image:1")',
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri('my image:1') }] }),
    message: 'container image URI must be 1-255 characters without whitespace, got "my image:1" (10 characters)',
  },
  {
    rule: 'an image tag is 1-128 characters of letters, digits, _ . -',
    example: 'ContainerImage.fromEcrRepository(repo, "-bad")',
    build: () => {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'repo');
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, '-bad') }] });
    },
    message: 'container image tag must be 1-128 characters of letters, digits, _ . - (not starting with . or -), got "-bad"',
  },
  {
    rule: 'an image digest is sha256 with 64 lower-case hex digits',
    example: 'ContainerImage.fromEcrRepository(repo, "sha256:ABC")',
    build: () => {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'repo');
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repository, 'sha256:ABC') }] });
    },
    message: 'container image digest must be sha256: followed by 64 lower-case hex digits, got "sha256:ABC"',
  },
  {
    rule: 'a model data key is a non-empty S3 key not starting with /',
    example: 'ModelData.fromBucket(bucket, "/model.tar.gz")',
    build: () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-bucket');
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE), modelData: ModelData.fromBucket(bucket, '/model.tar.gz') }] });
    },
    message: 'model data object key must be a non-empty S3 key not starting with /, got "/model.tar.gz"',
  },

  // ---- EndpointConfig ----
  {
    rule: 'an endpoint config has at least one variant',
    example: 'new EndpointConfig(this, "Config", {})',
    build: () => {
      const stack = newStack();
      new EndpointConfig(stack, 'Config', {});
      synth(stack);
    },
    message: 'productionVariants must have 1-10 variants, got 0 (give instanceProductionVariants, serverlessProductionVariant or call addInstanceProductionVariant())',
  },
  {
    rule: 'an endpoint config has at most 10 variants',
    example: 'instanceProductionVariants: 11 variants',
    build: () => {
      const stack = newStack();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: Array.from({ length: 11 }, (_, i) => variant(stack, { variantName: `v${i}` })) });
    },
    message: 'productionVariants must have 1-10 variants, got 11 (adding "v10")',
  },
  {
    rule: 'variant names are unique',
    example: 'two variants named "AllTraffic"',
    build: () => {
      const stack = newStack();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [variant(stack), variant(stack)] });
    },
    message: 'variantName must be unique within the endpoint config, got "AllTraffic" twice',
  },
  {
    rule: 'a variant name is 1-63 letters, digits and hyphens',
    example: 'variantName: "all traffic"',
    build: configWith({ variantName: 'all traffic' }),
    message: 'variantName must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$ (letters, digits and hyphens, starting and ending with a letter or digit), got "all traffic"',
  },
  {
    rule: 'a variant name is not empty',
    example: 'variantName: ""',
    build: configWith({ variantName: '' }),
    message: 'variantName must be 1-63 characters, got "" (0 characters)',
  },
  {
    rule: 'an endpoint config name is 1-63 letters, digits and hyphens',
    example: 'endpointConfigName: "my.config"',
    build: configWith({}, () => ({ endpointConfigName: 'my.config' })),
    message: 'endpointConfigName must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$ (letters, digits and hyphens, starting and ending with a letter or digit), got "my.config"',
  },
  {
    rule: 'a serverless variant is not combined with instance variants',
    example: 'instanceProductionVariants: [v] and serverlessProductionVariant: s',
    build: () => {
      const stack = newStack();
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [variant(stack)],
        serverlessProductionVariant: { variantName: 'Serverless', model: importedModel(stack), memorySize: Size.gibibytes(2), maxConcurrency: 10 },
      });
    },
    message: 'serverlessProductionVariant must not be combined with instanceProductionVariants, got 1 serverless and 1 instance variants',
  },
  {
    rule: 'asynchronous inference does not run on serverless variants',
    example: 'serverlessProductionVariant: s, asyncInference: { outputBucket }',
    build: () => {
      const stack = newStack();
      new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'AllTraffic', model: importedModel(stack), memorySize: Size.gibibytes(2), maxConcurrency: 10 },
        asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'my-bucket') },
      });
    },
    message: 'asyncInference must not be used with a serverless variant, got asyncInference and serverlessProductionVariant',
  },
  {
    rule: 'an instance type is a SageMaker hosting instance type',
    example: 'instanceType: InstanceType.of("m5.large")',
    build: configWith({ instanceType: InstanceType.of('m5.large') }),
    message: 'variant "AllTraffic" instanceType must be a SageMaker instance type such as ml.m5.large, got "m5.large"',
  },
  {
    rule: 'a KMS volume key is not used with local-NVMe instance types',
    example: 'encryptionKey: key with instanceType: InstanceType.ML_G5_XLARGE',
    build: configWith({ instanceType: InstanceType.of('ml.g5.xlarge') }, stack => ({ encryptionKey: new kms.Key(stack, 'Key') })),
    message: 'encryptionKey must not be used with instance types that have local NVMe storage, got "ml.g5.xlarge" in variant "AllTraffic" (SageMaker encrypts local storage itself and rejects a KmsKeyId)',
  },
  {
    rule: 'the initial instance count is a whole number >= 1',
    example: 'initialInstanceCount: 0',
    build: configWith({ initialInstanceCount: 0 }),
    message: 'variant "AllTraffic" initialInstanceCount must be a whole number >= 1, got 0',
  },
  {
    rule: 'the initial instance count is a whole number',
    example: 'initialInstanceCount: 1.5',
    build: configWith({ initialInstanceCount: 1.5 }),
    message: 'variant "AllTraffic" initialInstanceCount must be a whole number >= 1, got 1.5',
  },
  {
    rule: 'a variant weight is a number >= 0',
    example: 'initialVariantWeight: -1',
    build: configWith({ initialVariantWeight: -1 }),
    message: 'variant "AllTraffic" initialVariantWeight must be a number >= 0, got -1',
  },
  {
    rule: 'a variant weight is a finite number',
    example: 'initialVariantWeight: NaN',
    build: configWith({ initialVariantWeight: NaN }),
    message: 'variant "AllTraffic" initialVariantWeight must be a number >= 0, got NaN',
  },
  {
    rule: 'the volume size is 1-512 GiB',
    example: 'volumeSize: Size.gibibytes(513)',
    build: configWith({ volumeSize: Size.gibibytes(513) }),
    message: 'variant "AllTraffic" volumeSize must be 1-512 GiB, got 513',
  },
  {
    rule: 'the volume size is a whole number of GiB',
    example: 'volumeSize: Size.mebibytes(1536)',
    build: configWith({ volumeSize: Size.mebibytes(1536) }),
    message: 'variant "AllTraffic" volumeSize must be a whole number in 1-512 GiB, got 1.5',
  },
  {
    rule: 'the model data download timeout is 60-3600 seconds',
    example: 'modelDataDownloadTimeout: Duration.seconds(59)',
    build: configWith({ modelDataDownloadTimeout: Duration.seconds(59) }),
    message: 'variant "AllTraffic" modelDataDownloadTimeout must be 60-3600 seconds, got 59',
  },
  {
    rule: 'the container startup health check timeout is 60-3600 seconds',
    example: 'containerStartupHealthCheckTimeout: Duration.hours(2)',
    build: configWith({ containerStartupHealthCheckTimeout: Duration.hours(2) }),
    message: 'variant "AllTraffic" containerStartupHealthCheckTimeout must be 60-3600 seconds, got 7200',
  },
  {
    rule: 'the container startup health check timeout is a whole number of seconds',
    example: 'containerStartupHealthCheckTimeout: Duration.millis(90500)',
    build: configWith({ containerStartupHealthCheckTimeout: Duration.millis(90_500) }),
    message: 'variant "AllTraffic" containerStartupHealthCheckTimeout must be a whole number in 60-3600 seconds, got 90.5',
  },
  {
    rule: 'serverless memory is 1024-6144 MiB in steps of 1024',
    example: 'memorySize: Size.mebibytes(1500)',
    build: serverlessWith({ memorySize: Size.mebibytes(1500) }),
    message: 'serverlessProductionVariant "AllTraffic" memorySize must be one of 1024, 2048, 3072, 4096, 5120, 6144 MiB, got 1500 MiB',
  },
  {
    rule: 'serverless max concurrency is 1-200',
    example: 'maxConcurrency: 201',
    build: serverlessWith({ maxConcurrency: 201 }),
    message: 'serverlessProductionVariant "AllTraffic" maxConcurrency must be 1-200, got 201',
  },
  {
    rule: 'serverless provisioned concurrency is 1-200',
    example: 'provisionedConcurrency: 0',
    build: serverlessWith({ provisionedConcurrency: 0 }),
    message: 'serverlessProductionVariant "AllTraffic" provisionedConcurrency must be 1-200, got 0',
  },
  {
    rule: 'serverless provisioned concurrency is at most the max concurrency',
    example: 'maxConcurrency: 10, provisionedConcurrency: 11',
    build: serverlessWith({ maxConcurrency: 10, provisionedConcurrency: 11 }),
    message: 'serverlessProductionVariant "AllTraffic" provisionedConcurrency must be at most maxConcurrency (10), got 11',
  },
  {
    rule: 'the data capture sampling percentage is 0-100',
    example: 'dataCapture: { initialSamplingPercentage: 101 }',
    build: configWith({}, stack => ({ dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), initialSamplingPercentage: 101 } })),
    message: 'dataCapture initialSamplingPercentage must be 0-100 percent, got 101',
  },
  {
    rule: 'data capture captures input, output or both',
    example: 'dataCapture: { captureInput: false, captureOutput: false }',
    build: configWith({}, stack => ({ dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), captureInput: false, captureOutput: false } })),
    message: 'dataCapture must capture input, output or both, got captureInput: false and captureOutput: false',
  },
  {
    rule: 'captured content types are MIME types',
    example: 'dataCapture: { csvContentTypes: ["csv"] }',
    build: configWith({}, stack => ({ dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), csvContentTypes: ['csv'] } })),
    message: 'dataCapture csvContentTypes must be MIME types such as text/csv (at most 256 characters), got "csv"',
  },
  {
    rule: 'at most 10 captured content types',
    example: 'dataCapture: { jsonContentTypes: 11 types }',
    build: configWith({}, stack => ({
      dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), jsonContentTypes: Array.from({ length: 11 }, (_, i) => `application/x${i}`) },
    })),
    message: 'dataCapture jsonContentTypes must be 1-10 content types, got 11',
  },
  {
    rule: 'an S3 prefix does not start with /',
    example: 'dataCapture: { destinationPrefix: "/capture" }',
    build: configWith({}, stack => ({ dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), destinationPrefix: '/capture' } })),
    message: 'dataCapture destination prefix must not start with /, got "/capture"',
  },
  {
    rule: 'the data capture S3 URI is at most 512 characters',
    example: 'dataCapture: { destinationPrefix: "p".repeat(500) }',
    build: configWith({}, stack => ({ dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), destinationPrefix: 'p'.repeat(500) } })),
    message: 'dataCapture destination S3 URI must be at most 512 characters, got 515 characters',
  },
  {
    rule: 'async inference concurrency per instance is 1-1000',
    example: 'asyncInference: { maxConcurrentInvocationsPerInstance: 1001 }',
    build: configWith({}, stack => ({ asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), maxConcurrentInvocationsPerInstance: 1001 } })),
    message: 'asyncInference maxConcurrentInvocationsPerInstance must be 1-1000, got 1001',
  },
  {
    rule: 'an async failure prefix needs a failure bucket',
    example: 'asyncInference: { failurePrefix: "failures/" } without failureBucket',
    build: configWith({}, stack => ({ asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-bucket'), failurePrefix: 'failures/' } })),
    message: 'asyncInference failurePrefix must be used with failureBucket, got failurePrefix without failureBucket',
  },
  {
    rule: 'variants are added before the config name is used',
    example: 'config.addInstanceProductionVariant(v) after new Endpoint(...)',
    build: () => {
      const stack = newStack();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [variant(stack)] });
      new Endpoint(stack, 'Endpoint', { endpointConfig: config });
      config.addInstanceProductionVariant(variant(stack, { variantName: 'Late' }));
    },
    message: 'variant "Late" must be added before the endpoint config name is used (the name is a hash of the variants): call addInstanceProductionVariant() before reading endpointConfigName or creating the Endpoint',
  },

  // ---- tags (EndpointConfig and Endpoint share the rules) ----
  {
    rule: 'tag keys do not start with the reserved aws: prefix',
    example: 'tags: { "aws:team": "ml" }',
    build: configWith({}, () => ({ tags: { 'aws:team': 'ml' } })),
    message: 'tags key must not start with the reserved prefix "aws:", got "aws:team"',
  },
  {
    rule: 'at most 50 tags',
    example: 'tags: 51 tags',
    build: endpointWith({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])) }),
    message: 'tags must have at most 50 tags, got 51',
  },
  {
    rule: 'tag keys are 1-128 characters',
    example: 'tags: { "": "x" }',
    build: endpointWith({ tags: { '': 'x' } }),
    message: 'tags key must be 1-128 characters, got "" (0 characters)',
  },
  {
    rule: 'tag values are at most 256 characters',
    example: 'tags: { team: "x".repeat(257) }',
    build: endpointWith({ tags: { team: 'x'.repeat(257) } }),
    // the message goes on with the whole 257-character value
    message: 'tags value for key "team" must be 0-256 characters, got "xxxxxxxxxx',
  },
  {
    rule: 'tags use letters, digits, spaces and _.:/=+-@',
    example: 'tags: { team: "ml;prod" }',
    build: endpointWith({ tags: { team: 'ml;prod' } }),
    message: 'tags value for key "team" must use only letters, digits, spaces and _.:/=+-@, got "ml;prod"',
  },

  // ---- Endpoint ----
  {
    rule: 'an endpoint name is 1-63 letters, digits and hyphens',
    example: 'endpointName: "my_endpoint"',
    build: endpointWith({ endpointName: 'my_endpoint' }),
    message: 'endpointName must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$ (letters, digits and hyphens, starting and ending with a letter or digit), got "my_endpoint"',
  },
  {
    rule: 'an endpoint name does not end with a hyphen',
    example: 'endpointName: "my-endpoint-"',
    build: endpointWith({ endpointName: 'my-endpoint-' }),
    message: 'endpointName must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$ (letters, digits and hyphens, starting and ending with a letter or digit), got "my-endpoint-"',
  },
  {
    rule: 'excluded retained properties are DesiredInstanceCount, DesiredWeight or DataCaptureConfig',
    example: 'excludeRetainedVariantProperties: ["InstanceType"]',
    build: endpointWith({ retainAllVariantProperties: true, excludeRetainedVariantProperties: ['InstanceType' as RetainedVariantProperty] }),
    message: 'excludeRetainedVariantProperties must contain only DesiredInstanceCount, DesiredWeight, DataCaptureConfig, got "InstanceType"',
  },
  {
    rule: 'excluded retained properties are not repeated',
    example: 'excludeRetainedVariantProperties: [DESIRED_WEIGHT, DESIRED_WEIGHT]',
    build: endpointWith({
      retainAllVariantProperties: true,
      excludeRetainedVariantProperties: [RetainedVariantProperty.DESIRED_WEIGHT, RetainedVariantProperty.DESIRED_WEIGHT],
    }),
    message: 'excludeRetainedVariantProperties must not repeat a property, got "DesiredWeight" twice',
  },
  {
    rule: 'excluded retained properties need retainAllVariantProperties',
    example: 'excludeRetainedVariantProperties: [DESIRED_WEIGHT] without retainAllVariantProperties',
    build: endpointWith({ excludeRetainedVariantProperties: [RetainedVariantProperty.DESIRED_WEIGHT] }),
    message: 'excludeRetainedVariantProperties must be used with retainAllVariantProperties true (or autoscaling attached), got retainAllVariantProperties unset and ["DesiredWeight"]',
  },
  {
    rule: 'an imported endpoint ARN is a SageMaker endpoint ARN',
    example: 'Endpoint.fromEndpointArn(this, "E", "arn:aws:s3:::bucket")',
    build: () => {
      Endpoint.fromEndpointArn(newStack(), 'Imported', 'arn:aws:s3:::bucket');
    },
    message: 'endpointArn must be arn:<partition>:sagemaker:<region>:<account>:endpoint/<name>, got "arn:aws:s3:::bucket"',
  },
  {
    rule: 'an imported model ARN is a SageMaker model ARN',
    example: 'Model.fromModelArn(this, "M", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/m")',
    build: () => {
      Model.fromModelArn(newStack(), 'Imported', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/m');
    },
    message: 'modelArn must be arn:<partition>:sagemaker:<region>:<account>:model/<name>, got "arn:aws:sagemaker:us-east-1:123456789012:endpoint/m"',
  },
  {
    rule: 'an imported endpoint config ARN is a SageMaker endpoint-config ARN with a valid name',
    example: 'EndpointConfig.fromEndpointConfigArn(this, "C", ".../endpoint-config/bad_name")',
    build: () => {
      EndpointConfig.fromEndpointConfigArn(newStack(), 'Imported', 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/bad_name');
    },
    message: 'endpointConfigArn name must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$ (letters, digits and hyphens, starting and ending with a letter or digit), got "bad_name"',
  },
  {
    rule: 'an imported endpoint name matches its ARN',
    example: 'fromEndpointAttributes({ endpointName: "a", endpointArn: ".../endpoint/b" })',
    build: () => {
      Endpoint.fromEndpointAttributes(newStack(), 'Imported', { endpointName: 'a', endpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/b' });
    },
    message: 'endpointName must match the name in endpointArn ("b"), got "a"',
  },
  {
    rule: 'an imported endpoint has a name or an ARN',
    example: 'Endpoint.fromEndpointAttributes(this, "E", {})',
    build: () => {
      Endpoint.fromEndpointAttributes(newStack(), 'Imported', {});
    },
    message: 'endpointName or endpointArn must be given, got neither',
  },
  {
    rule: 'create/update/deploy grants on an imported endpoint need its config',
    example: 'Endpoint.fromEndpointName(this, "E", "e").grants.deploy(role)',
    build: () => {
      const stack = newStack();
      EndpointGrants.fromEndpoint(Endpoint.fromEndpointName(stack, 'Imported', 'my-endpoint')).deploy(new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }));
    },
    message: 'grants.deploy needs the endpoint config, got an imported endpoint without one (pass endpointConfig to Endpoint.fromEndpointAttributes)',
  },

  // ---- autoscaling ----
  {
    rule: 'autoscaling minCapacity is at least 1 (0 only for asynchronous endpoints)',
    example: 'autoScaleInstanceCount({ minCapacity: -1, maxCapacity: 4 })',
    build: autoscale({ minCapacity: -1, maxCapacity: 4 }),
    message: 'variant "AllTraffic" minCapacity must be 1-2147483647, got -1',
  },
  {
    rule: 'autoscaling maxCapacity is at least minCapacity',
    example: 'autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 2 })',
    build: autoscale({ minCapacity: 4, maxCapacity: 2 }),
    message: 'variant "AllTraffic" maxCapacity must be at least minCapacity (4), got 2',
  },
  {
    rule: 'burstable instances do not autoscale',
    example: 'autoscaling a variant on InstanceType.ML_T2_MEDIUM',
    build: autoscale({ maxCapacity: 4 }, { instanceType: InstanceType.ML_T2_MEDIUM, instanceCount: 1 }),
    message: 'variant "AllTraffic" autoScaleInstanceCount must be used on a non-burstable instance type, got "ml.t2.medium" (ml.t* instances cannot autoscale)',
  },
  {
    rule: 'serverless variants do not autoscale their instance count',
    example: 'autoscaling a serverless variant',
    build: autoscale({ maxCapacity: 4 }, { serverless: true }),
    message: 'variant "AllTraffic" autoScaleInstanceCount must be used on an instance variant, got a serverless variant (serverless capacity scales by itself)',
  },
  {
    rule: 'the initial instance count is within the autoscaling bounds',
    example: 'initialInstanceCount: 4 with autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 2 })',
    build: autoscale({ minCapacity: 1, maxCapacity: 2 }),
    message: 'variant "AllTraffic" initialInstanceCount must be within minCapacity-maxCapacity 1-2, got 4',
  },
  {
    rule: 'a variant is autoscaled once',
    example: 'autoScaleInstanceCount(...) twice on "AllTraffic"',
    build: () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 8 });
      endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 8 });
    },
    message: 'variant "AllTraffic" autoScaleInstanceCount must be called once, got a second call',
  },
  {
    rule: 'only variants of the config are autoscaled',
    example: 'endpoint.variant("Other").autoScaleInstanceCount(...)',
    build: autoscale({ maxCapacity: 8 }, {}, 'Other'),
    message: 'variant("Other") must name a production variant of the endpoint config ("AllTraffic"), got "Other"',
  },
  {
    rule: 'the invocations-per-instance target is greater than 0',
    example: 'scaleOnInvocations("I", { invocationsPerInstance: 0 })',
    build: () => {
      const stack = newStack();
      newEndpoint(stack).variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 8 }).scaleOnInvocations('Invocations', { invocationsPerInstance: 0 });
    },
    message: 'invocationsPerInstance must be a number greater than 0, got 0',
  },

  // ---- CapacitySize and TrafficRouting ----
  {
    rule: 'a capacity percentage is a whole number of 1-100 percent',
    example: 'CapacitySize.percent(0)',
    build: () => CapacitySize.percent(0),
    message: 'capacity percent must be a whole number in 1-100 percent, got 0',
  },
  {
    rule: 'a capacity percentage is a whole number',
    example: 'CapacitySize.percent(12.5)',
    build: () => CapacitySize.percent(12.5),
    message: 'capacity percent must be a whole number in 1-100 percent, got 12.5',
  },
  {
    rule: 'a capacity instance count is a whole number >= 1',
    example: 'CapacitySize.instances(0)',
    build: () => CapacitySize.instances(0),
    message: 'capacity instance count must be a whole number >= 1, got 0',
  },
  {
    rule: 'a canary is 1-50 percent of the fleet',
    example: 'TrafficRouting.canary({ size: CapacitySize.percent(60) })',
    build: () => TrafficRouting.canary({ size: CapacitySize.percent(60) }),
    message: 'canary size must be 1-50 percent of the fleet, got 60',
  },
  {
    rule: 'a linear step is 10-50 percent of the fleet',
    example: 'TrafficRouting.linear({ stepSize: CapacitySize.percent(5) })',
    build: () => TrafficRouting.linear({ stepSize: CapacitySize.percent(5) }),
    message: 'linear step size must be 10-50 percent of the fleet, got 5',
  },
  {
    rule: 'a linear step is at most half the fleet',
    example: 'TrafficRouting.linear({ stepSize: CapacitySize.percent(60) })',
    build: () => TrafficRouting.linear({ stepSize: CapacitySize.percent(60) }),
    message: 'linear step size must be 10-50 percent of the fleet, got 60',
  },
  {
    rule: 'a bake (wait interval) is 0-1 hour',
    example: 'TrafficRouting.canary({ size, waitInterval: Duration.minutes(61) })',
    build: () => canaryWithWait(Duration.minutes(61)),
    message: 'waitInterval must be 0-3600 seconds (0-1 hour), got 3660 seconds',
  },

  // ---- BlueGreenDeployment ----
  {
    rule: 'a canary count is at most half of the fleet',
    example: 'canary of CapacitySize.instances(3) on a 4-instance variant',
    build: blueGreen({ trafficRouting: canary(CapacitySize.instances(3)) }),
    message: 'trafficRouting canary size must be 1-2 instances for variant "AllTraffic" of 4 instances (at most half of the fleet), got 3 instances',
  },
  {
    rule: 'a canary count needs a fleet of at least 2',
    example: 'canary of CapacitySize.instances(1) on a 1-instance variant',
    build: blueGreen({ trafficRouting: canary(CapacitySize.instances(1)) }, { instanceCount: 1 }),
    message: 'trafficRouting canary size must be a percentage for variant "AllTraffic" of 1 instance (an instance count needs a larger fleet: at most half of the fleet), got 1 instance',
  },
  {
    rule: 'a linear step count is 10-50 percent of the fleet',
    example: 'linear of CapacitySize.instances(3) on a 4-instance variant',
    build: blueGreen({ trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(3) }) }),
    message: 'trafficRouting linear step size must be 1-2 instances for variant "AllTraffic" of 4 instances (10-50 percent of the fleet), got 3 instances',
  },
  {
    rule: 'the termination wait is 0-1 hour',
    example: 'terminationWait: Duration.minutes(61)',
    build: blueGreen({ terminationWait: Duration.minutes(61) }),
    message: 'terminationWait must be 0-3600 seconds, got 3660',
  },
  {
    rule: 'the termination wait is a whole number of seconds',
    example: 'terminationWait: Duration.millis(1)',
    build: blueGreen({ terminationWait: Duration.millis(1) }),
    message: 'terminationWait must be a whole number in 0-3600 seconds, got 0.001',
  },
  {
    rule: 'the maximum execution timeout is at least 10 minutes',
    example: 'maximumExecutionTimeout: Duration.minutes(9)',
    build: blueGreen({ maximumExecutionTimeout: Duration.minutes(9) }),
    message: 'maximumExecutionTimeout must be 600-28800 seconds, got 540',
  },
  {
    rule: 'the maximum execution timeout is at most 8 hours',
    example: 'maximumExecutionTimeout: Duration.hours(9)',
    build: blueGreen({ maximumExecutionTimeout: Duration.hours(9) }),
    message: 'maximumExecutionTimeout must be 600-28800 seconds, got 32400',
  },
  {
    rule: 'all waits fit in the maximum execution timeout (failure-modes row 4)',
    example: 'canary with 30-minute bakes, 1-hour termination wait, maximumExecutionTimeout: Duration.hours(1)',
    build: blueGreen({
      trafficRouting: canaryWithWait(Duration.minutes(30)), terminationWait: Duration.hours(1), maximumExecutionTimeout: Duration.hours(1),
    }),
    message: 'maximumExecutionTimeout must be longer than all waits (2h), got 1h: every rollout would time out and roll back',
  },
  {
    rule: 'canary and linear deployments need instance-based variants',
    example: 'canary on a serverless endpoint',
    build: blueGreen({ trafficRouting: canary(CapacitySize.percent(10)) }, { serverless: true }),
    message: 'trafficRouting must not be canary for the serverless variant "AllTraffic" (SageMaker supports canary deployments only on instance-based variants; use all-at-once traffic routing), got canary',
  },
  {
    rule: 'guardrails do not run on Inf1 instances (failure-modes row 5)',
    example: 'linear on InstanceType.ML_INF1_XLARGE',
    build: blueGreen({ trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25) }) }, { instanceType: InstanceType.of('ml.inf1.xlarge') }),
    message: 'trafficRouting must not be linear for variant "AllTraffic" on ml.inf1.xlarge (SageMaker does not run deployment guardrails on Inf1 instances and silently falls back to all at once), got linear',
  },
  {
    rule: 'an endpoint takes one deployment construct',
    example: 'two BlueGreenDeployments on one endpoint',
    build: () => {
      const stack = newStack();
      const endpoint = newEndpoint(stack);
      new BlueGreenDeployment(stack, 'First', { endpoint });
      new BlueGreenDeployment(stack, 'Second', { endpoint });
    },
    message: 'an endpoint takes at most one deployment construct, got Stack/First and Stack/Second',
  },
  {
    rule: 'at most 10 rollback alarms',
    example: 'alarms: 11 alarms',
    build: blueGreen({ alarms: importedAlarms(11) }),
    message: 'alarms must be at most 10 (the SageMaker AutoRollbackConfiguration limit), got 11 when adding Stack/Alarm10',
  },
  {
    rule: 'rollback alarm names are unique',
    example: 'two alarms both named "rollback"',
    build: blueGreen({}, {}, (d, stack) => {
      d.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'A', 'rollback'));
      d.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'B', 'rollback'));
    }),
    message: 'alarms must be unique, got the alarm name "rollback" twice (Stack/A and Stack/B)',
  },
  {
    rule: 'the error-rate threshold is more than 0 and at most 100 percent',
    example: 'addErrorRateAlarm({ thresholdPercent: 0 })',
    build: blueGreen({}, {}, d => d.addErrorRateAlarm({ thresholdPercent: 0 })),
    message: 'addErrorRateAlarm thresholdPercent must be more than 0 and at most 100 percent, got 0',
  },
  {
    rule: 'the latency threshold is more than 0 and at most 1 hour',
    example: 'addLatencyAlarm({ threshold: Duration.hours(2) })',
    build: blueGreen({}, {}, d => d.addLatencyAlarm({ threshold: Duration.hours(2) })),
    message: 'addLatencyAlarm threshold must be more than 0 and at most 1 hour, got 2 hours',
  },
  {
    rule: 'an alarm period is 10 s, 30 s or a multiple of 60 s',
    example: 'addErrorRateAlarm({ period: Duration.seconds(45) })',
    build: blueGreen({}, {}, d => d.addErrorRateAlarm({ period: Duration.seconds(45) })),
    message: 'addErrorRateAlarm period must be 10 seconds, 30 seconds or a multiple of 60 seconds, got 45 seconds',
  },
  {
    rule: 'an alarm evaluates 1-100 periods',
    example: 'addErrorRateAlarm({ evaluationPeriods: 0 })',
    build: blueGreen({}, {}, d => d.addErrorRateAlarm({ evaluationPeriods: 0 })),
    message: 'addErrorRateAlarm evaluationPeriods must be 1-100, got 0',
  },
  {
    rule: 'datapoints to alarm are at most the evaluated periods',
    example: 'addLatencyAlarm({ threshold, evaluationPeriods: 3, datapointsToAlarm: 4 })',
    build: blueGreen({}, {}, d => d.addLatencyAlarm({ threshold: Duration.millis(500), evaluationPeriods: 3, datapointsToAlarm: 4 })),
    message: 'addLatencyAlarm datapointsToAlarm must be 1-3, got 4',
  },
  {
    rule: 'an alarm evaluates at most one day (CloudWatch)',
    example: 'addErrorRateAlarm({ period: Duration.minutes(15), evaluationPeriods: 100 })',
    build: blueGreen({}, {}, d => d.addErrorRateAlarm({ period: Duration.minutes(15), evaluationPeriods: 100 })),
    message: 'addErrorRateAlarm evaluationPeriods x period must be at most 1 day (86400 seconds), got 100 x 900 seconds',
  },
  {
    rule: 'alarm helpers need a variant name on multi-variant endpoints',
    example: 'addErrorRateAlarm() on a two-variant endpoint',
    build: blueGreen({}, { secondVariant: true }, d => d.addErrorRateAlarm()),
    message: 'addErrorRateAlarm variantName must be given when the endpoint config has 2 variants ("AllTraffic", "Challenger"), got undefined',
  },
  {
    rule: 'alarm helpers watch a variant of the config',
    example: 'addLatencyAlarm({ threshold, variantName: "Blue" })',
    build: blueGreen({}, {}, d => d.addLatencyAlarm({ threshold: Duration.millis(500), variantName: 'Blue' })),
    message: 'addLatencyAlarm variantName must be one of the endpoint config\'s variants ("AllTraffic"), got "Blue"',
  },

  // ---- RollingDeployment ----
  {
    rule: 'rolling deployments need exactly one variant',
    example: 'RollingDeployment on a two-variant endpoint',
    build: rolling({}, { secondVariant: true }),
    message: 'the endpoint config must have exactly 1 production variant for a rolling deployment (SageMaker rolls only single-variant endpoints), got 2 ("AllTraffic", "Challenger")',
  },
  {
    rule: 'rolling deployments need an instance-based variant',
    example: 'RollingDeployment on a serverless endpoint',
    build: rolling({}, { serverless: true }),
    message: 'deployment must not be rolling for the serverless variant "AllTraffic" (SageMaker supports rolling deployments only on instance-based variants; use a BlueGreenDeployment with all-at-once traffic routing), got rolling',
  },
  {
    rule: 'a rolling batch is 5-50 percent of the fleet',
    example: 'maximumBatchSize: CapacitySize.percent(60)',
    build: rolling({ maximumBatchSize: CapacitySize.percent(60) }),
    message: 'maximumBatchSize must be 5-50 percent of the fleet, got 60',
  },
  {
    rule: 'a rolling batch count is at most half of the fleet',
    example: 'maximumBatchSize: CapacitySize.instances(3) on 4 instances',
    build: rolling({ maximumBatchSize: CapacitySize.instances(3) }),
    message: 'maximumBatchSize must be 1-2 instances for variant "AllTraffic" of 4 instances (5-50 percent of the fleet), got 3 instances',
  },
  {
    rule: 'a rollback batch count is at most the whole fleet (the API documents no other bound)',
    example: 'rollbackMaximumBatchSize: CapacitySize.instances(5) on a 4-instance variant',
    build: rolling({ rollbackMaximumBatchSize: CapacitySize.instances(5) }),
    message: 'rollbackMaximumBatchSize must be 1-4 instances for variant "AllTraffic" of 4 instances (at most the whole fleet), got 5 instances',
  },
  {
    rule: 'the rolling wait interval is 0-1 hour',
    example: 'waitInterval: Duration.hours(2)',
    build: rolling({ waitInterval: Duration.hours(2) }),
    message: 'waitInterval must be 0-3600 seconds, got 7200',
  },
  {
    rule: 'all rolling bakes fit in the maximum execution timeout',
    example: '4 batches of 1 hour with maximumExecutionTimeout: Duration.hours(2)',
    build: rolling({ waitInterval: Duration.hours(1), maximumExecutionTimeout: Duration.hours(2) }),
    message: 'maximumExecutionTimeout must be longer than all waits (4h), got 2h: every rollout would time out and roll back',
  },
  {
    rule: 'rolling or linear on an imported config needs an explicit timeout',
    example: 'RollingDeployment on Endpoint with EndpointConfig.fromEndpointConfigName(...)',
    build: () => {
      const stack = newStack();
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: EndpointConfig.fromEndpointConfigName(stack, 'Config', 'my-config') });
      new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) });
      synth(stack);
    },
    message: 'maximumExecutionTimeout must be given when the fleet size is not known at synth (an imported endpoint config, or an instance count that is a token) and the rollout length depends on it (rolling or linear), got undefined',
  },
  {
    rule: 'rolling or linear on a config whose instance count is a token needs an explicit timeout',
    example: 'linear 25% on a config whose initialInstanceCount is a CfnParameter',
    build: () => {
      const stack = newStack();
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
      const count = new CfnParameter(stack, 'Count', { type: 'Number', default: 8 }).valueAsNumber;
      const config = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: count }],
      });
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
      new BlueGreenDeployment(stack, 'Deployment', {
        endpoint, trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
      });
      synth(stack);
    },
    message: 'maximumExecutionTimeout must be given when the fleet size is not known at synth (an imported endpoint config, or an instance count that is a token) and the rollout length depends on it (rolling or linear), got undefined',
  },
  // ---- issue 13: options that were ignored, host names, environments, scale to zero, raw L1 endpoints ----
  {
    rule: 'allowAllOutbound configures the security group the model creates: only with a vpc',
    example: 'allowAllOutbound: false (no vpc)',
    build: modelWith({ allowAllOutbound: false }),
    message: 'allowAllOutbound must be used with vpc (it configures the security group the model creates), got allowAllOutbound false without a vpc',
  },
  {
    rule: 'allowAllOutbound is not combined with your own security groups',
    example: 'vpc, securityGroups: [sg], allowAllOutbound: false',
    build: () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      new Model(stack, 'Model', {
        containers: [{ image: ContainerImage.fromImageUri(IMAGE) }], vpc, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })], allowAllOutbound: false,
      });
      synth(stack);
    },
    message: 'allowAllOutbound must not be combined with securityGroups (it configures only the security group the model creates; set egress rules on your groups), got allowAllOutbound false and 1 security groups',
  },
  {
    rule: 'model.connections needs a vpc',
    example: 'new Model(...).connections (no vpc)',
    build: () => {
      const stack = newStack();
      void new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] }).connections;
    },
    message: 'connections must be used with vpc (a model without a VPC has no security group, so rules would create nothing), got a model without a vpc',
  },
  {
    rule: 'a model\'s security groups are fixed at construction',
    example: 'model.connections.addSecurityGroup(extra)',
    build: () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }], vpc });
      model.connections.addSecurityGroup(new ec2.SecurityGroup(stack, 'Extra', { vpc }));
      synth(stack);
    },
    message: 'connections.addSecurityGroup() must not be used on a model (its VpcConfig is fixed when the model is created), got Stack/Extra; pass it in securityGroups instead',
  },
  {
    rule: 'model data assets are not bundled',
    example: "ModelData.fromAsset('model', { bundling: {...} })",
    build: () => {
      const stack = newStack();
      const modelData = ModelData.fromAsset('model', { bundling: { image: DockerImage.fromRegistry('alpine') } });
      new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE), modelData }] });
    },
    message: 'model data asset must not use bundling (bundling output is a directory, uploaded as a zip archive SageMaker cannot read), got bundling for "model"; build the .tar.gz before synth and pass its path',
  },
  {
    rule: 'in a multi-container model, every container names a host name or none does',
    example: "containers: [{ ..., containerHostname: 'first' }, { ... }]",
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri(IMAGE), containerHostname: 'first' }, { image: ContainerImage.fromImageUri(IMAGE) }] }),
    message: 'containerHostname must be given for every container once one container names it, got containers[0].containerHostname "first" and none for containers[1]',
  },
  {
    rule: 'container host names are unique in DIRECT mode',
    example: "two containers with containerHostname: 'same', inferenceExecutionMode: DIRECT",
    build: modelWith({
      containers: [{ image: ContainerImage.fromImageUri(IMAGE), containerHostname: 'same' }, { image: ContainerImage.fromImageUri(IMAGE), containerHostname: 'same' }],
      inferenceExecutionMode: InferenceExecutionMode.DIRECT,
    }),
    message: 'containerHostname must be unique in DIRECT mode, got "same" for containers[0] and containers[1]',
  },
  {
    rule: 'an ECR image is in the model\'s Region',
    example: "ContainerImage.fromImageUri('123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1') in us-east-1",
    build: modelWith({ containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1') }] }),
    message: 'container image repository must be in the model\'s Region (account 123456789012, Region us-east-1), got "123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1" in account 123456789012, Region eu-west-1; replicate the image to us-east-1 (ECR replication) and use that repository',
  },
  {
    rule: 'a config\'s models are in its account and Region',
    example: "Model.fromModelArn(stack, 'Model', 'arn:aws:sagemaker:us-east-1:210987654321:model/shared')",
    build: () => {
      const stack = newStack();
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'AllTraffic', model: Model.fromModelArn(stack, 'Shared', 'arn:aws:sagemaker:us-east-1:210987654321:model/shared') }] });
      synth(stack);
    },
    message: 'variant "AllTraffic" model must be in the endpoint config\'s account 123456789012, Region us-east-1, got Stack/Shared in account 210987654321, Region us-east-1 (SageMaker looks models up by name in the config\'s own account and Region)',
  },
  {
    rule: 'an endpoint\'s config is in its account and Region',
    example: "EndpointConfig.fromEndpointConfigArn(stack, 'Config', 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/c')",
    build: () => {
      const stack = newStack();
      new Endpoint(stack, 'Endpoint', { endpointConfig: EndpointConfig.fromEndpointConfigArn(stack, 'Config', 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/c') });
      synth(stack);
    },
    message: 'endpointConfig must be in the endpoint\'s account 123456789012, Region us-east-1, got Stack/Config in account 123456789012, Region eu-west-1 (SageMaker looks the config up by name in the endpoint\'s account and Region)',
  },
  {
    rule: 'rollback alarms are in the endpoint\'s account and Region',
    example: "addAlarm(Alarm.fromAlarmArn(stack, 'Remote', 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:errors'))",
    build: blueGreen({}, {}, (d, stack) => d.addAlarm(cloudwatch.Alarm.fromAlarmArn(stack, 'Remote', 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:errors'))),
    message: 'rollback alarm must be in the endpoint\'s account 123456789012, Region us-east-1, got Stack/Remote in account 123456789012, Region eu-west-1 (AutoRollbackConfiguration keeps only the alarm name, so the alarm would watch nothing)',
  },
  {
    rule: 'only asynchronous endpoints scale to zero',
    example: 'autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 4 }) on a real-time endpoint',
    build: autoscale({ minCapacity: 0, maxCapacity: 4 }),
    message: 'variant "AllTraffic" minCapacity must be at least 1 on a real-time endpoint (only asynchronous endpoints, asyncInference, scale to zero), got 0',
  },
  {
    rule: 'the backlog target per instance is more than 0',
    example: "scaleOnBacklog('Backlog', { backlogPerInstance: 0 })",
    build: () => {
      const stack = newStack();
      newEndpoint(stack).variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 }).scaleOnBacklog('Backlog', { backlogPerInstance: 0 });
    },
    message: 'backlogPerInstance must be a number greater than 0, got 0',
  },
  {
    rule: 'a serverless variant added later is still the only variant',
    example: 'config.addServerlessProductionVariant(...) on a config with an instance variant',
    build: () => {
      const stack = newStack();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [variant(stack)] });
      config.addServerlessProductionVariant({ variantName: 'Serverless', model: importedModel(stack), memorySize: Size.gibibytes(2), maxConcurrency: 10 });
    },
    message: 'a serverless variant must be the only variant of an endpoint config, got "Serverless" (serverless) with "AllTraffic" (instance)',
  },
  {
    rule: 'a wrapped L1 endpoint has a literal name',
    example: 'Endpoint.fromCfnEndpoint(new CfnEndpoint(stack, \'Legacy\', { endpointConfigName: \'c\' }))',
    build: () => {
      const stack = newStack();
      Endpoint.fromCfnEndpoint(new CfnEndpoint(stack, 'Legacy', { endpointConfigName: 'c' }));
    },
    message: 'fromCfnEndpoint needs the CfnEndpoint\'s endpointName as a literal (rollback alarms, metrics and grants name it at synth), got undefined',
  },
  {
    rule: 'a wrapped L1 endpoint with its own DeploymentConfig takes no deployment construct',
    example: 'BlueGreenDeployment on Endpoint.fromCfnEndpoint(l1 with deploymentConfig)',
    build: () => {
      const stack = newStack();
      const l1 = new CfnEndpoint(stack, 'Legacy', {
        endpointName: 'legacy', endpointConfigName: 'c', deploymentConfig: { blueGreenUpdatePolicy: { trafficRoutingConfiguration: { type: 'ALL_AT_ONCE' } } },
      });
      new BlueGreenDeployment(stack, 'Deployment', { endpoint: Endpoint.fromCfnEndpoint(l1), maximumExecutionTimeout: Duration.minutes(30) });
      synth(stack);
    },
    message: 'the CfnEndpoint Stack/Legacy already sets DeploymentConfig, got a second one from Stack/Deployment: remove DeploymentConfig from the L1',
  },

  // ---- issue 12: rollout fidelity ----
  {
    rule: 'an instance-count linear step fits the autoscaling maximum too',
    example: 'linear of CapacitySize.instances(2) on a variant autoscaled 4-30',
    build: blueGreen({ trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(2) }) }, {},
      d => d.endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 30 })),
    message: 'trafficRouting linear step size must be 3-15 instances for variant "AllTraffic" at the autoscaling maximum of 30 instances (10-50 percent of the fleet), got 2 instances: use CapacitySize.percent() so the size follows the fleet, or lower maxCapacity',
  },
  {
    rule: 'an instance-count rolling batch fits the autoscaling minimum too',
    example: 'maximumBatchSize: CapacitySize.instances(3) on a variant autoscaled 2-8',
    build: rolling({ maximumBatchSize: CapacitySize.instances(3) }, {},
      d => d.endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 8 })),
    message: 'maximumBatchSize must be 1-1 instances for variant "AllTraffic" at the autoscaling minimum of 2 instances (5-50 percent of the fleet), got 3 instances: use CapacitySize.percent() so the size follows the fleet, or raise minCapacity',
  },
  {
    rule: 'the provisioning allowance is 0-3 hours',
    example: 'provisioningAllowance: Duration.hours(4)',
    build: blueGreen({ provisioningAllowance: Duration.hours(4) }),
    message: 'provisioningAllowance must be 0-10800 seconds, got 14400',
  },

  // ---- issue 15: copies are the unit of inference-component batches, not of endpoint rollouts ----
  {
    rule: 'a copy count is a whole number >= 1',
    example: 'CapacitySize.copies(0)',
    build: () => CapacitySize.copies(0),
    message: 'capacity copy count must be a whole number >= 1, got 0',
  },
  {
    rule: 'an endpoint canary is instances or a percentage, not copies',
    example: 'TrafficRouting.canary({ size: CapacitySize.copies(2) })',
    build: () => TrafficRouting.canary({ size: CapacitySize.copies(2) }),
    message: 'canary size must be instances or a percentage for an endpoint rollout, got 2 copies',
  },
  {
    rule: 'an endpoint linear step is instances or a percentage, not copies',
    example: 'TrafficRouting.linear({ stepSize: CapacitySize.copies(1) })',
    build: () => TrafficRouting.linear({ stepSize: CapacitySize.copies(1) }),
    message: 'linear step size must be instances or a percentage for an endpoint rollout, got 1 copy',
  },
  {
    rule: 'an endpoint rolling batch is instances or a percentage, not copies',
    example: 'maximumBatchSize: CapacitySize.copies(2)',
    build: rolling({ maximumBatchSize: CapacitySize.copies(2) }),
    message: 'maximumBatchSize must be instances or a percentage for an endpoint rollout, got 2 copies',
  },
  {
    rule: 'an endpoint rollback batch is instances or a percentage, not copies',
    example: 'rollbackMaximumBatchSize: CapacitySize.copies(1)',
    build: rolling({ rollbackMaximumBatchSize: CapacitySize.copies(1) }),
    message: 'rollbackMaximumBatchSize must be instances or a percentage for an endpoint rollout, got 1 copy',
  },
];

/** An inference component on an endpoint whose config hosts components on ml.g5.12xlarge (`AllTraffic`). */
function newComponent(stack: Stack, props: Partial<InferenceComponentProps> = {}, minInstanceCount?: number): InferenceComponent {
  const config = new EndpointConfig(stack, 'ComponentConfig', {
    componentHostingVariants: [{
      variantName: 'AllTraffic',
      instanceType: InstanceType.ML_G5_12XLARGE,
      managedInstanceScaling: minInstanceCount === undefined ? undefined : { minInstanceCount, maxInstanceCount: 2 },
    }],
  });
  return new InferenceComponent(stack, 'Component', {
    endpoint: new Endpoint(stack, 'ComponentEndpoint', { endpointConfig: config }),
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE) }),
    minMemoryRequired: Size.gibibytes(16),
    ...props,
  });
}

function scaledComponent(props: Partial<InferenceComponentProps>, range: { minCapacity?: number; maxCapacity: number }) {
  return newComponent(newStack(), props).autoScaleCopyCount(range);
}

/** One rollout warning (issue 12): a configuration that triggers it, and the exact message. */
export interface WarningEntry {
  /** The stable id after `cdk-sagemaker-endpoint:`. */
  readonly id: string;
  /** What the warning is about. */
  readonly rule: string;
  /** The triggering input, as the user would write it. */
  readonly example: string;
  /** Builds the configuration (not synthesized). */
  readonly build: () => Stack;
  /** The start of the message (the whole message where it has no plan appended). */
  readonly message: string;
}

function warnOn(build: (stack: Stack) => void): () => Stack {
  return () => {
    const stack = newStack();
    build(stack);
    return stack;
  };
}

function threeByFiveMinuteAlarm(stack: Stack): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, 'Alarm', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 3,
  });
}

/** The rollout warnings the deployments add; the `plan` command reports the same ids with the same words. */
export const WARNING_CATALOGUE: WarningEntry[] = [
  {
    id: 'alarmsWithoutBake',
    rule: 'rollback alarms need a bake to be evaluated',
    example: 'BlueGreenDeployment (all at once, no bake) with addErrorRateAlarm()',
    build: warnOn(stack => new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack) }).addErrorRateAlarm()),
    message: 'the deployment has 1 rollback alarm but no bake (waitInterval 0): SageMaker monitors the alarms during the baking period, so with no bake there is no documented moment they are evaluated; set waitInterval to at least the alarms\' evaluation window',
  },
  {
    id: 'bakeShorterThanAlarmWindow',
    rule: 'a bake is at least the evaluation window of each rollback alarm',
    example: 'waitInterval: Duration.minutes(5) with an alarm of 3 x 5-minute periods',
    build: warnOn(stack => new RollingDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack),
      maximumBatchSize: CapacitySize.percent(25),
      waitInterval: Duration.minutes(5),
      alarms: [threeByFiveMinuteAlarm(stack)],
    })),
    message: 'the 5m bake is shorter than the 15m evaluation window of rollback alarm Stack/Alarm: it cannot go into ALARM before the bake ends; set waitInterval to at least 15m or shorten the alarm\'s period x evaluationPeriods',
  },
  {
    id: 'serverlessGuardrails',
    rule: 'a serverless endpoint gets no bake and no rollback alarms',
    example: 'all at once with waitInterval: Duration.minutes(10) on a serverless variant',
    build: warnOn(stack => new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack, { serverless: true }), trafficRouting: TrafficRouting.allAtOnce({ waitInterval: Duration.minutes(10) }),
    })),
    message: 'the endpoint is serverless, and SageMaker documents deployment guardrails (bakes, alarm rollback) for instance-based variants only: the 10m bake may be ignored; remove them or use an instance-based variant',
  },
  {
    id: 'importedConfigUnchecked',
    rule: 'an imported endpoint config cannot be checked',
    example: 'BlueGreenDeployment on Endpoint with EndpointConfig.fromEndpointConfigName(...)',
    build: warnOn(stack => new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: EndpointConfig.fromEndpointConfigName(stack, 'Config', 'my-config') }),
    })),
    message: 'the endpoint config is imported, so its variants are unknown at synth: the guardrail exclusions (serverless, Inf1, variant names) and the fleet-size limits were not checked, and there is no plan; check them by hand or define the config in this app',
  },
  {
    id: 'autoscalingSuspended',
    rule: 'autoscaling is blocked during a rollout that can last more than an hour',
    example: 'rolling 25% with a 10-minute bake on a variant autoscaled 4-8',
    build: warnOn(stack => {
      const endpoint = newEndpoint(stack);
      endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 4, maxCapacity: 8 });
      new RollingDeployment(stack, 'Deployment', { endpoint, maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(10) });
    }),
    message: 'autoscaling is blocked while the endpoint updates, and this rollout can take up to 3h 30m: "AllTraffic" cannot scale out until it ends; scale out before deploying, or shorten the rollout',
  },
  {
    id: 'canaryLargerThanRequested',
    rule: 'a canary rounded to whole instances is at most twice the requested share',
    example: 'canary of CapacitySize.percent(10) on a 4-instance variant',
    build: warnOn(stack => new BlueGreenDeployment(stack, 'Deployment', { endpoint: newEndpoint(stack), trafficRouting: canary(CapacitySize.percent(10)) })),
    message: 'canary 10% of 4 instances is 1 instance, about 25% of traffic: the canary turns on whole instances; use a larger fleet or accept the larger canary',
  },
  {
    id: 'timeoutMarginClamped',
    rule: 'the default timeout keeps its margin over the worst case',
    example: 'linear of 1 instance with 55-minute bakes on an 8-instance variant',
    build: warnOn(stack => new BlueGreenDeployment(stack, 'Deployment', {
      endpoint: newEndpoint(stack, { instanceCount: 8 }),
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(1), waitInterval: Duration.minutes(55) }),
    })),
    message: 'the default maximumExecutionTimeout is clamped to 8h (SageMaker\'s limit), leaving 20m of the 46m margin over the worst case (7h 40m): shorten the bakes, use larger batches or lower the provisioning allowance',
  },
  {
    id: 'variantWeightsRetained',
    rule: 'an endpoint that retains its variant properties keeps its variant weights on updates',
    example: 'two variants, autoscaling on AllTraffic, no excludeRetainedVariantProperties',
    build: warnOn(stack => {
      const endpoint = newEndpoint(stack, { secondVariant: true });
      endpoint.variant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 8 });
    }),
    message: 'retainAllVariantProperties keeps the running endpoint\'s variant weights on every update, so the weights of the endpoint config\'s variants ("AllTraffic", "Challenger") apply only when the endpoint is created: add RetainedVariantProperty.DESIRED_WEIGHT to excludeRetainedVariantProperties to apply them on updates (the instance counts stay retained)',
  },
  // ---- copy autoscaling of inference components (issue 15) ----
  {
    id: 'copyCountDiffersFromMinimum',
    rule: 'the copy count an autoscaled component keeps in the template differs from the autoscaling minimum',
    example: 'initialCopyCount: 3 with autoScaleCopyCount({ minCapacity: 2, maxCapacity: 4 })',
    build: warnOn(stack => newComponent(stack, { initialCopyCount: 3 }).autoScaleCopyCount({ minCapacity: 2, maxCapacity: 4 })),
    message: 'initialCopyCount 3 differs from the autoscaling minimum 2 (max(1, minCapacity)): the template keeps CopyCount 3 on every deploy, and whether CloudFormation re-applies it over the count autoscaling set is not documented (a deploy may scale the copies); leave initialCopyCount unset to use the minimum',
  },
  {
    id: 'copiesScaleToZeroOnRunningInstances',
    rule: 'copies scaled to zero on a variant that keeps its instances',
    example: 'autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }) on a variant without managedInstanceScaling',
    build: warnOn(stack => newComponent(stack).autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 1 })),
    message: 'autoScaleCopyCount minCapacity 0 scales the copies to zero, but variant "AllTraffic" keeps its instances running (no managedInstanceScaling): give the variant managedInstanceScaling with minInstanceCount 0 to release them too (some Regions reject 0), or keep them running for a faster wake-up',
  },
  {
    id: 'componentModelRole',
    rule: 'the model of a component runs with another role than the endpoint config\'s execution role',
    example: 'ComponentSpecification.fromModel(model) with executionRole: otherRole on the config',
    build: warnOn(stack => {
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }] });
      const configRole = new iam.Role(stack, 'ConfigRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
      const config = new EndpointConfig(stack, 'ComponentConfig', {
        componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
        executionRole: configRole,
      });
      new InferenceComponent(stack, 'Component', {
        endpoint: new Endpoint(stack, 'ComponentEndpoint', { endpointConfig: config }),
        specification: ComponentSpecification.fromModel(model),
        minMemoryRequired: Size.gibibytes(16),
      });
    }),
    message: 'specification model Stack/Model runs with role Stack/Model/Role, but the endpoint config\'s execution role is Stack/ConfigRole: SageMaker Studio refuses to deploy a model whose role differs from the endpoint\'s, and the API may too; give the config executionRole: model.role',
  },
  {
    id: 'componentModelNetwork',
    rule: 'the model of a component sets a VPC or network isolation, which its copies do not get',
    example: 'ComponentSpecification.fromModel(new Model(this, \'Model\', { containers, networkIsolation: true }))',
    build: warnOn(stack => {
      const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE) }], networkIsolation: true });
      const config = new EndpointConfig(stack, 'ComponentConfig', {
        componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
        executionRole: model.role,
      });
      new InferenceComponent(stack, 'Component', {
        endpoint: new Endpoint(stack, 'ComponentEndpoint', { endpointConfig: config }),
        specification: ComponentSpecification.fromModel(model),
        minMemoryRequired: Size.gibibytes(16),
      });
    }),
    message: 'specification model Stack/Model sets network isolation (networkIsolation: true), which inference component copies do not get: they run on the endpoint config\'s instances, and an EndpointConfig that hosts components sets no VpcConfig or EnableNetworkIsolation; SageMaker Studio refuses a model whose VPC or network isolation differ from the endpoint\'s, and the API may too (not documented); to keep it, host the model on an instance variant (instanceProductionVariants, where the model\'s settings apply), otherwise remove it from the model',
  },
];

/** Renders the warning catalogue as the Markdown table of docs/validation.md. */
export function warningTable(entries: WarningEntry[] = WARNING_CATALOGUE): string {
  const lines = [
    '| id | rule | example | message |',
    '|---|---|---|---|',
    ...entries.map(e => `| \`cdk-sagemaker-endpoint:${e.id}\` | ${e.rule} | \`${e.example}\` | ${e.message.replace(/\|/g, '\\|')} |`),
  ];
  return lines.join('\n');
}

/** Renders the catalogue as the Markdown table of docs/validation.md. */
export function catalogueTable(entries: CatalogueEntry[] = CATALOGUE): string {
  const cell = (text: string) => {
    const escaped = text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    return escaped.includes('`') ? escaped : `\`${escaped}\``;
  };
  const lines = [
    '| # | rule | example | message |',
    '|---|---|---|---|',
    ...entries.map((e, i) => `| ${i + 1} | ${e.rule.replace(/\|/g, '\\|')} | ${cell(e.example)} | ${cell(e.message)} |`),
  ];
  return lines.join('\n');
}

/**
 * The copy-autoscaling rules of inference components (issue 15), appended to the catalogue after the component
 * entries (test/invalid-input-catalogue.test.ts).
 */
export const COPY_SCALING_ENTRIES: CatalogueEntry[] = [
  {
    rule: 'copy autoscaling needs a maximum of at least max(1, minCapacity)',
    example: 'component.autoScaleCopyCount({ minCapacity: 3, maxCapacity: 2 })',
    build: () => scaledComponent({}, { minCapacity: 3, maxCapacity: 2 }),
    message: 'autoScaleCopyCount maxCapacity must be at least max(1, minCapacity) (3), got 2',
  },
  {
    rule: 'copy autoscaling needs a maximum of at least one copy',
    example: 'component.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 0 })',
    build: () => scaledComponent({}, { minCapacity: 0, maxCapacity: 0 }),
    message: 'autoScaleCopyCount maxCapacity must be 1-2147483647, got 0',
  },
  {
    rule: 'the copy autoscaling minimum is 0 or more',
    example: 'component.autoScaleCopyCount({ minCapacity: -1, maxCapacity: 2 })',
    build: () => scaledComponent({}, { minCapacity: -1, maxCapacity: 2 }),
    message: 'autoScaleCopyCount minCapacity must be 0-2147483647, got -1',
  },
  {
    rule: 'the initial copy count of an autoscaled component is at most the maximum',
    example: 'initialCopyCount: 5 with autoScaleCopyCount({ maxCapacity: 4 })',
    build: () => scaledComponent({ initialCopyCount: 5 }, { maxCapacity: 4 }),
    message: 'initialCopyCount must be at most autoScaleCopyCount maxCapacity (4), got 5',
  },
  {
    rule: 'copy autoscaling is attached once per component',
    example: 'component.autoScaleCopyCount(...) called twice',
    build: () => {
      const component = newComponent(newStack());
      component.autoScaleCopyCount({ maxCapacity: 2 });
      component.autoScaleCopyCount({ maxCapacity: 3 });
    },
    message: 'autoScaleCopyCount must be called once per inference component, got a second call',
  },
  {
    rule: 'an adapter component is not autoscaled (scale its base component)',
    example: 'adapter.autoScaleCopyCount({ maxCapacity: 2 })',
    build: () => {
      const stack = newStack();
      const base = newComponent(stack);
      new InferenceComponent(stack, 'Adapter', {
        endpoint: base.endpoint,
        specification: ComponentSpecification.adapter(ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'Artifacts', 'artifacts'), 'lora.tar.gz')),
        baseComponent: base,
      }).autoScaleCopyCount({ maxCapacity: 2 });
    },
    message: 'autoScaleCopyCount must be used on the base component of an adapter, got an adapter component (adapters run on the base component\'s copies; how an adapter scales is not documented)',
  },
  {
    rule: 'scale to zero copies needs a target-tracking policy to scale in',
    example: 'component.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }) without scaleOn*()',
    build: () => {
      const stack = newStack();
      newComponent(stack).autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 });
      synth(stack);
    },
    message: 'autoScaleCopyCount with minCapacity 0 needs a target-tracking policy to scale in to zero copies (scaleOnInvocationsPerCopy, scaleOnConcurrentRequestsPerCopy or scaleToTrackMetric), got none',
  },
  {
    rule: 'a copy target is more than 0',
    example: 'scaleOnInvocationsPerCopy(\'I\', { targetInvocationsPerCopy: 0 })',
    build: () => scaledComponent({}, { maxCapacity: 2 }).scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 0 }),
    message: 'targetInvocationsPerCopy must be a number greater than 0, got 0',
  },
];

/**
 * A component of 2 GPUs and 32 GiB per copy (2 copies per ml.g5.12xlarge) on 1 instance of variant `AllTraffic`,
 * changed by `host` and `props`.
 */
function fleetComponent(stack: Stack, host: Partial<ComponentHostingVariantProps> = {},
  props: Partial<InferenceComponentProps> = {}): InferenceComponent {
  const config = new EndpointConfig(stack, 'ComponentConfig', {
    componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, initialInstanceCount: 1, ...host }],
  });
  return new InferenceComponent(stack, 'Component', {
    endpoint: new Endpoint(stack, 'ComponentEndpoint', { endpointConfig: config }),
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE) }),
    numberOfAcceleratorDevicesRequired: 2,
    minMemoryRequired: Size.gibibytes(32),
    ...props,
  });
}

const FLEET_PER_COPY = '2 copies per instance: each copy reserves 2 of 4 accelerators and 32768 of 196608 MiB memory';

/**
 * The host fleet holds a component's copies (reference section 8 row 11), appended to the catalogue
 * (test/invalid-input-catalogue.test.ts).
 */
export const HOST_CAPACITY_ENTRIES: CatalogueEntry[] = [
  {
    rule: 'the host fleet holds the initial copies of a component',
    example: 'initialCopyCount: 3 (2 GPUs each) on 1 x ml.g5.12xlarge (4 GPUs) without managedInstanceScaling',
    build: () => {
      const stack = newStack();
      fleetComponent(stack, {}, { initialCopyCount: 3 });
      synth(stack);
    },
    message: `initialCopyCount 3 needs 2 instances of ml.g5.12xlarge (${FLEET_PER_COPY}), but variant "AllTraffic" can have at most 1 instance `
      + '(initialInstanceCount 1, no managedInstanceScaling): give the variant managedInstanceScaling with maxInstanceCount at least 2 '
      + '(or initialInstanceCount 2), or lower initialCopyCount to at most 2',
  },
  {
    rule: 'the host fleet holds the copy autoscaling maximum',
    example: 'autoScaleCopyCount({ minCapacity: 2, maxCapacity: 8 }) (2 GPUs each) with managedInstanceScaling maxInstanceCount 2 on ml.g5.12xlarge',
    build: () => {
      const stack = newStack();
      fleetComponent(stack, { managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 2 } }, { initialCopyCount: 2 })
        .autoScaleCopyCount({ minCapacity: 2, maxCapacity: 8 }).scaleOnInvocationsPerCopy('Tracking', { targetInvocationsPerCopy: 5 });
      synth(stack);
    },
    message: `autoScaleCopyCount maxCapacity 8 needs 4 instances of ml.g5.12xlarge (${FLEET_PER_COPY}), but variant "AllTraffic" can have at most 2 instances `
      + '(managedInstanceScaling maxInstanceCount 2): raise its managedInstanceScaling maxInstanceCount to at least 4, '
      + 'or lower autoScaleCopyCount maxCapacity to at most 4',
  },
  {
    rule: 'the host fleet holds the peak of a component rolling update (copies + one batch)',
    example: 'InferenceComponentRollingDeployment (batch of 1 copy) on 2 copies (2 GPUs each) filling 1 x ml.g5.12xlarge',
    build: () => {
      const stack = newStack();
      new InferenceComponentRollingDeployment(stack, 'Rollout', {
        component: fleetComponent(stack, {}, { initialCopyCount: 2 }), maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(5),
      });
      synth(stack);
    },
    message: `rolling update peak of 3 copies (2 copies + a batch of 1) needs 2 instances of ml.g5.12xlarge (${FLEET_PER_COPY}), `
      + 'but variant "AllTraffic" can have at most 1 instance (initialInstanceCount 1, no managedInstanceScaling): '
      + 'give the variant managedInstanceScaling with maxInstanceCount at least 2 (or initialInstanceCount 2), or keep the copies plus one batch at most 2',
  },
];
