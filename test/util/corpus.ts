// The lint corpus: a broad set of VALID configurations, each synthesized in-process into one template.
//
// Dimensions (every value of every one appears, in valid combinations; see test/lint-corpus.test.ts):
//   strategy  none | all-at-once | all-at-once with a bake | canary % | canary count | linear % | linear count
//             | rolling % | rolling count
//   variants  instance x 1 | instance x 2 | serverless x 1
//   features  data capture (with and without its own KMS key), KMS volume key, async inference,
//             autoscaling, tags
// Invalid combinations are skipped: guarded strategies (canary, linear, rolling) on serverless, rolling on
// more than one variant, async/KMS/data capture/autoscaling on serverless.
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { templateOf } from './cfn-lint';
import { BlueGreenDeployment, CapacitySize, RollingDeployment, TrafficRouting } from '../../src/deployment';
import { Endpoint, RetainedVariantProperty } from '../../src/endpoint';
import {
  AsyncNotificationTopicType, EndpointConfig, EndpointConfigProps, InstanceProductionVariantProps, InstanceType,
} from '../../src/endpoint-config';
import { ContainerImage, Model } from '../../src/model';

export const STRATEGIES = [
  'none', 'all-at-once', 'all-at-once-bake', 'canary-percent', 'canary-count',
  'linear-percent', 'linear-count', 'rolling-percent', 'rolling-count',
] as const;
export type Strategy = typeof STRATEGIES[number];

export const SHAPES = ['instance-1', 'instance-2', 'serverless-1'] as const;
export type Shape = typeof SHAPES[number];

export const FEATURES = ['dataCapture', 'dataCaptureKms', 'kms', 'async', 'autoscaling', 'tags'] as const;
export type Feature = typeof FEATURES[number];

export interface CorpusCase {
  readonly name: string;
  readonly strategy: Strategy;
  readonly shape: Shape;
  readonly features: ReadonlySet<Feature>;
}

const SERVERLESS_FEATURES: Feature[] = ['tags'];

function guarded(strategy: Strategy): boolean {
  return strategy.startsWith('canary') || strategy.startsWith('linear') || strategy.startsWith('rolling');
}

/** Whether the combination is one SageMaker (and the library) accepts. */
export function isValidCombination(strategy: Strategy, shape: Shape): boolean {
  if (shape === 'serverless-1' && guarded(strategy)) {
    return false;
  }
  if (shape === 'instance-2' && strategy.startsWith('rolling')) {
    return false;
  }
  return true;
}

/**
 * The corpus: for each valid (strategy, shape) pair a plain case, a case with every applicable feature,
 * and a case with one feature (rotating, so each feature is also seen alone with each shape).
 */
export function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  let rotation = 0;
  for (const strategy of STRATEGIES) {
    for (const shape of SHAPES) {
      if (!isValidCombination(strategy, shape)) {
        continue;
      }
      const applicable = shape === 'serverless-1' ? SERVERLESS_FEATURES : [...FEATURES];
      const add = (suffix: string, features: Feature[]) => cases.push({
        name: `${strategy}_${shape}_${suffix}`,
        strategy,
        shape,
        features: new Set(features),
      });
      add('plain', []);
      add('all', applicable);
      const one = applicable[rotation++ % applicable.length];
      add(one, [one]);
    }
  }
  return cases;
}

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1';

/** Builds the case into a fresh app and returns its stack (not yet synthesized). */
export function buildCase(c: CorpusCase): Stack {
  const app = new App();
  const stack = new Stack(app, `Corpus-${c.name.replace(/_/g, '-')}`, { env: { account: '123456789012', region: 'us-east-1' } });
  const has = (f: Feature) => c.features.has(f);
  const model = new Model(stack, 'Model', {
    containers: [{ image: ContainerImage.fromImageUri(IMAGE), environment: { CASE: c.name.slice(0, 100) } }],
  });

  const props: { -readonly [K in keyof EndpointConfigProps]: EndpointConfigProps[K] } = {};
  if (c.shape === 'serverless-1') {
    props.serverlessProductionVariant = {
      variantName: 'AllTraffic',
      model,
      memorySize: Size.gibibytes(2),
      maxConcurrency: 20,
      provisionedConcurrency: has('tags') ? 2 : undefined,
    };
  } else {
    const variants: InstanceProductionVariantProps[] = [{
      variantName: 'AllTraffic',
      model,
      instanceType: InstanceType.ML_M5_XLARGE,
      initialInstanceCount: 4,
      volumeSize: has('kms') ? Size.gibibytes(64) : undefined,
      containerStartupHealthCheckTimeout: has('async') ? Duration.minutes(10) : undefined,
      modelDataDownloadTimeout: has('dataCapture') ? Duration.minutes(15) : undefined,
    }];
    if (c.shape === 'instance-2') {
      const challenger = new Model(stack, 'Challenger', { containers: [{ image: ContainerImage.fromImageUri(`${IMAGE}-challenger`) }] });
      variants.push({ variantName: 'Challenger', model: challenger, instanceType: InstanceType.ML_C5_LARGE, initialInstanceCount: 2, initialVariantWeight: 0.25 });
    }
    props.instanceProductionVariants = variants;
  }
  if (has('dataCapture') || has('dataCaptureKms')) {
    props.dataCapture = {
      destinationBucket: new s3.Bucket(stack, 'CaptureBucket', { enforceSSL: true }),
      destinationPrefix: 'capture/',
      initialSamplingPercentage: 20,
      csvContentTypes: ['text/csv'],
      jsonContentTypes: ['application/json'],
      encryptionKey: has('dataCaptureKms') ? new kms.Key(stack, 'CaptureKey', { enableKeyRotation: true }) : undefined,
    };
  }
  if (has('kms')) {
    props.encryptionKey = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true });
  }
  if (has('async')) {
    props.asyncInference = {
      outputBucket: new s3.Bucket(stack, 'AsyncOutput', { enforceSSL: true }),
      outputPrefix: 'results/',
      failureBucket: new s3.Bucket(stack, 'AsyncFailures', { enforceSSL: true }),
      successTopic: new sns.Topic(stack, 'Success'),
      errorTopic: new sns.Topic(stack, 'Errors'),
      includeInferenceResponseIn: [AsyncNotificationTopicType.SUCCESS_NOTIFICATION_TOPIC],
      maxConcurrentInvocationsPerInstance: 4,
    };
  }
  if (has('tags')) {
    props.tags = { 'team': 'ml-platform', 'cost-center': '1234' };
  }
  const config = new EndpointConfig(stack, 'Config', props);

  const endpoint = new Endpoint(stack, 'Endpoint', {
    endpointConfig: config,
    endpointName: c.strategy.endsWith('percent') ? `corpus-${c.strategy}` : undefined,
    tags: has('tags') ? { team: 'ml-platform' } : undefined,
    excludeRetainedVariantProperties: has('autoscaling') && c.shape === 'instance-2'
      ? [RetainedVariantProperty.DESIRED_WEIGHT] : undefined,
  });
  if (has('autoscaling')) {
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 8 })
      .scaleOnInvocations('Invocations', { invocationsPerInstance: 600 });
  }

  const multi = c.shape === 'instance-2';
  const variantName = multi ? 'AllTraffic' : undefined;
  const bake = Duration.minutes(5);
  switch (c.strategy) {
    case 'none':
      break;
    case 'all-at-once':
      new BlueGreenDeployment(stack, 'Deployment', { endpoint });
      break;
    case 'all-at-once-bake': {
      const deployment = new BlueGreenDeployment(stack, 'Deployment', {
        endpoint,
        trafficRouting: TrafficRouting.allAtOnce({ waitInterval: bake }),
        terminationWait: Duration.minutes(10),
      });
      // an alarm the user built on the endpoint's own metric (watches both fleets), with a literal name
      deployment.addAlarm(endpoint.variant('AllTraffic').metricInvocation5XXErrors().createAlarm(stack, 'BothFleets', {
        alarmName: `${c.name.replace(/_/g, '-')}-both-fleets`,
        threshold: 5,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
      break;
    }
    case 'canary-percent':
    case 'canary-count': {
      const size = c.strategy === 'canary-percent' ? CapacitySize.percent(10) : CapacitySize.instances(1);
      const deployment = new BlueGreenDeployment(stack, 'Deployment', {
        endpoint,
        trafficRouting: TrafficRouting.canary({ size, waitInterval: bake }),
        terminationWait: Duration.minutes(5),
      });
      deployment.addErrorRateAlarm({ variantName });
      deployment.addLatencyAlarm({ threshold: Duration.millis(300), variantName });
      if (multi) {
        deployment.addErrorRateAlarm({ variantName: 'Challenger', thresholdPercent: 2 });
      }
      break;
    }
    case 'linear-percent':
    case 'linear-count': {
      const stepSize = c.strategy === 'linear-percent' ? CapacitySize.percent(25) : CapacitySize.instances(1);
      const deployment = new BlueGreenDeployment(stack, 'Deployment', {
        endpoint,
        trafficRouting: TrafficRouting.linear({ stepSize, waitInterval: Duration.minutes(3) }),
        maximumExecutionTimeout: Duration.hours(3),
      });
      deployment.addErrorRateAlarm({ variantName, alarmName: `${c.name.replace(/_/g, '-')}-errors` });
      break;
    }
    case 'rolling-percent':
    case 'rolling-count': {
      const percent = c.strategy === 'rolling-percent';
      const deployment = new RollingDeployment(stack, 'Deployment', {
        endpoint,
        maximumBatchSize: percent ? CapacitySize.percent(25) : CapacitySize.instances(1),
        waitInterval: bake,
        rollbackMaximumBatchSize: percent ? CapacitySize.percent(50) : undefined,
        maximumExecutionTimeout: percent ? undefined : Duration.hours(4),
      });
      deployment.addLatencyAlarm({ threshold: Duration.seconds(1), statistic: 'p90' });
      deployment.addErrorRateAlarm({ evaluationPeriods: 5, datapointsToAlarm: 3 });
      break;
    }
  }
  return stack;
}

/** Builds and synthesizes the case into its template. */
export function synthCase(c: CorpusCase): unknown {
  return templateOf(buildCase(c));
}
