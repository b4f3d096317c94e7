/**
 * The canonical example app (examples/app.ts: a model from an ECR image, a 4-instance config, an endpoint,
 * a 25 percent canary (1 of 4 instances) with a 10-minute bake, new-fleet error-rate and latency alarms, a Lambda granted
 * invoke), built by a function whose options change ONE property at a time. With no options it builds
 * exactly what examples/app.ts builds (test/change-impact.test.ts asserts the templates are equal).
 *
 * Used by the change-impact, compliance and IAM matrix suites.
 */
import { App, CfnResource, Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BlueGreenDeployment, CapacitySize, ContainerImage, Endpoint, EndpointConfig, InstanceType, Model, ModelData,
  ModelPackage, ShadowProductionVariantProps, TrafficRouting,
} from '../../src';

/** One-property variations of the canonical example; every option defaults to what examples/app.ts uses. */
export interface CanonicalOptions {
  /** @default 'v42' */
  readonly imageTag?: string;
  /** @default { SAGEMAKER_PROGRAM: 'inference.py' } */
  readonly environment?: { [key: string]: string };
  /** S3 key of the model data in the bucket `ModelBucket` (created when given). @default - none */
  readonly modelDataKey?: string;
  /** @default ml.c5.xlarge */
  readonly instanceType?: InstanceType;
  /** @default 4 */
  readonly instanceCount?: number;
  /** @default - 1 (the library's default) */
  readonly variantWeight?: number;
  /** Data capture sampling percentage into the bucket `CaptureBucket` (created when given). @default - none */
  readonly dataCapturePercent?: number;
  /** Encrypt the instance volumes with the key `VolumeKey` (created when true). @default false */
  readonly volumeKey?: boolean;
  /** @default TrafficRouting.canary 25 percent */
  readonly trafficRouting?: 'canary' | 'linear' | 'all-at-once';
  /** @default 10 minutes */
  readonly bakeMinutes?: number;
  /** @default 5 minutes */
  readonly terminationWaitMinutes?: number;
  /** @default 300 ms */
  readonly latencyThresholdMillis?: number;
  /** Add a third rollback alarm (both fleets' 5XX count). @default false */
  readonly extraAlarm?: boolean;
  /** Tags on the endpoint config. @default - none */
  readonly configTags?: { [key: string]: string };
  /** Tags on the whole stack with Tags.of(). @default - none */
  readonly stackTags?: { [key: string]: string };
  /** Instance-count autoscaling of the variant. @default - none */
  readonly autoScaling?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Deploy version N of the model package group `fraud-detector` instead of the image (issue 16). @default - the image */
  readonly modelPackageVersion?: number;
  /** A shadow variant `Candidate` serving the model `ShadowModel` of this image tag (use all-at-once routing). @default - none */
  readonly shadow?: { readonly imageTag: string; readonly instanceType?: InstanceType };
  /** Stack props (env). @default - none (as examples/app.ts) */
  readonly stackProps?: StackProps;
}

/** What the canonical stack is made of. */
export interface CanonicalParts {
  readonly stack: Stack;
  readonly model: Model;
  readonly config: EndpointConfig;
  readonly endpoint: Endpoint;
  readonly deployment: BlueGreenDeployment;
  readonly client: lambda.Function;
}

/** The stack name examples/app.ts uses. */
export const CANONICAL_STACK_NAME = 'SageMakerCanaryRollout';

/** The client code of examples/app.ts (kept identical so the templates match). */
const CLIENT_CODE = [
  "const { SageMakerRuntimeClient, InvokeEndpointCommand } = require('@aws-sdk/client-sagemaker-runtime');",
  'const client = new SageMakerRuntimeClient({});',
  'exports.handler = async (event) => {',
  '  const res = await client.send(new InvokeEndpointCommand({',
  '    EndpointName: process.env.ENDPOINT_NAME, ContentType: "application/json", Body: JSON.stringify(event),',
  '  }));',
  '  return JSON.parse(Buffer.from(res.Body).toString());',
  '};',
].join('\n');

/** Builds the canonical stack (with the given single-property changes) into `scope`. */
export function buildCanonicalStack(scope: Construct, id: string = CANONICAL_STACK_NAME, o: CanonicalOptions = {}): CanonicalParts {
  const stack = new Stack(scope, id, o.stackProps ?? {});

  const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', 'fraud-detector');
  const modelData = o.modelDataKey !== undefined
    ? ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'ModelBucket', 'fraud-detector-models'), o.modelDataKey)
    : undefined;
  const model = new Model(stack, 'Model', {
    containers: [{
      ...(o.modelPackageVersion !== undefined
        ? { modelPackage: ModelPackage.fromModelPackageGroup('fraud-detector', o.modelPackageVersion) }
        : { image: ContainerImage.fromEcrRepository(repository, o.imageTag ?? 'v42') }),
      environment: o.environment ?? { SAGEMAKER_PROGRAM: 'inference.py' },
      ...(modelData ? { modelData } : {}),
    }],
  });

  const config = new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{
      variantName: 'AllTraffic',
      model,
      instanceType: o.instanceType ?? InstanceType.ML_C5_XLARGE,
      initialInstanceCount: o.instanceCount ?? 4,
      ...(o.variantWeight !== undefined ? { initialVariantWeight: o.variantWeight } : {}),
    }],
    ...(o.volumeKey ? { encryptionKey: new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true }) } : {}),
    ...(o.dataCapturePercent !== undefined ? {
      dataCapture: {
        destinationBucket: s3.Bucket.fromBucketName(stack, 'CaptureBucket', 'fraud-detector-capture'),
        initialSamplingPercentage: o.dataCapturePercent,
      },
    } : {}),
    ...(o.configTags ? { tags: o.configTags } : {}),
    ...(o.shadow ? { shadowProductionVariant: shadowOf(stack, repository, o.shadow) } : {}),
  });

  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
  if (o.autoScaling) {
    endpoint.variant('AllTraffic').autoScaleInstanceCount(o.autoScaling);
  }

  const waitInterval = Duration.minutes(o.bakeMinutes ?? 10);
  const trafficRouting = o.trafficRouting === 'linear'
    ? TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval })
    : o.trafficRouting === 'all-at-once'
      ? TrafficRouting.allAtOnce({ waitInterval })
      : TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval });
  const deployment = new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting,
    terminationWait: Duration.minutes(o.terminationWaitMinutes ?? 5),
  });
  deployment.addErrorRateAlarm();
  deployment.addLatencyAlarm({ threshold: Duration.millis(o.latencyThresholdMillis ?? 300) });
  if (o.extraAlarm) {
    deployment.addAlarm(endpoint.variant('AllTraffic').metricInvocation5XXErrors({ period: Duration.minutes(1) })
      .createAlarm(stack, 'BothFleetErrors', { threshold: 50, evaluationPeriods: 3, datapointsToAlarm: 3 }));
  }

  const client = new lambda.Function(stack, 'Client', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(CLIENT_CODE),
    environment: { ENDPOINT_NAME: endpoint.endpointName },
  });
  endpoint.grantInvoke(client);
  // as in examples/app.ts: aws-cdk-lib's lambda.Function both GetAtts and DependsOn its role (cfn-lint W3005)
  (client.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

  for (const [key, value] of Object.entries(o.stackTags ?? {})) {
    Tags.of(stack).add(key, value);
  }
  return { stack, model, config, endpoint, deployment, client };
}

/** A fresh App with the canonical stack. */
export function canonicalApp(o: CanonicalOptions = {}, appProps: { outdir?: string } = {}): { app: App } & CanonicalParts {
  const app = new App(appProps);
  return { app, ...buildCanonicalStack(app, CANONICAL_STACK_NAME, o) };
}

/** The canonical shadow variant: `Candidate`, 2 instances, serving `ShadowModel` (the same image at another tag). */
function shadowOf(stack: Stack, repository: ecr.IRepository, shadow: NonNullable<CanonicalOptions['shadow']>): ShadowProductionVariantProps {
  const model = new Model(stack, 'ShadowModel', {
    containers: [{ image: ContainerImage.fromEcrRepository(repository, shadow.imageTag), environment: { SAGEMAKER_PROGRAM: 'inference.py' } }],
  });
  return { variantName: 'Candidate', model, instanceType: shadow.instanceType ?? InstanceType.ML_C5_XLARGE, initialInstanceCount: 2 };
}
