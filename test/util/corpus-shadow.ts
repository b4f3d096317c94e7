// The shadow-variant lint corpus: valid configurations with a shadow variant, each synthesized into one template
// (test/endpoint-config-shadow.test.ts runs cfn-lint over them). Every deployment a shadow allows (none, all at once,
// all at once with a bake and alarm), autoscaling on the shadow, data capture, a KMS volume key, tags, and the
// shadow's own volume and timeouts.
import { Duration, Size } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { templateOf } from './cfn-lint';
import { shadowConfig } from './config-shadow';
import { BlueGreenDeployment, TrafficRouting } from '../../src/deployment';
import { Endpoint } from '../../src/endpoint';

/** The deployments a config with a shadow accepts. */
export const SHADOW_STRATEGIES = ['none', 'all-at-once', 'all-at-once-bake'] as const;
/** The optional features, each with and without. */
export const SHADOW_FEATURES = ['autoscaling', 'dataCapture', 'kms', 'tags', 'volumeAndTimeouts'] as const;

export interface ShadowCorpusCase {
  readonly name: string;
  readonly strategy: typeof SHADOW_STRATEGIES[number];
  readonly features: ReadonlySet<typeof SHADOW_FEATURES[number]>;
}

/** Every strategy with no feature and with all features, and every feature alone with all at once and a bake. */
export function shadowCorpusCases(): ShadowCorpusCase[] {
  const out: ShadowCorpusCase[] = [];
  for (const strategy of SHADOW_STRATEGIES) {
    out.push({ name: `shadow-${strategy}-plain`, strategy, features: new Set() });
    out.push({ name: `shadow-${strategy}-all`, strategy, features: new Set(SHADOW_FEATURES) });
  }
  for (const feature of SHADOW_FEATURES) {
    out.push({ name: `shadow-all-at-once-bake-${feature}`, strategy: 'all-at-once-bake', features: new Set([feature]) });
  }
  return out;
}

/** Synthesizes one case into its template. */
export function synthShadowCase(c: ShadowCorpusCase): unknown {
  const f = c.features;
  const { stack, config } = shadowConfig({
    shadow: f.has('volumeAndTimeouts') ? {
      volumeSize: Size.gibibytes(20), modelDataDownloadTimeout: Duration.minutes(10), containerStartupHealthCheckTimeout: Duration.minutes(5),
    } : {},
    props: s => ({
      dataCapture: f.has('dataCapture') ? { destinationBucket: new s3.Bucket(s, 'Capture'), initialSamplingPercentage: 50 } : undefined,
      encryptionKey: f.has('kms') ? new kms.Key(s, 'VolumeKey') : undefined,
      tags: f.has('tags') ? { team: 'ml' } : undefined,
    }),
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, tags: f.has('tags') ? { team: 'ml' } : undefined });
  if (f.has('autoscaling')) {
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 4 }).scaleOnInvocations('Invocations', { invocationsPerInstance: 600 });
    endpoint.variant('Shadow').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 2 }).scaleOnInvocations('Invocations', { invocationsPerInstance: 600 });
  }
  if (c.strategy !== 'none') {
    const deployment = new BlueGreenDeployment(stack, 'Deployment', {
      endpoint,
      trafficRouting: TrafficRouting.allAtOnce(c.strategy === 'all-at-once-bake' ? { waitInterval: Duration.minutes(5) } : {}),
    });
    if (c.strategy === 'all-at-once-bake') {
      deployment.addErrorRateAlarm();
    }
  }
  return templateOf(stack);
}
