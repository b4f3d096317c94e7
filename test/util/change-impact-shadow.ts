// The shadow-variant rows of the change-impact table (test/change-impact.test.ts appends them): a shadow is part of
// the endpoint config, and ShadowProductionVariants is create-only, so adding, changing or removing a shadow replaces
// the config under a new content-hashed name and updates the endpoint in place, never replacing it.
import { CanonicalOptions } from './canonical-app';
import { InstanceType } from '../../src';

const ALARMS = ['DeploymentErrorRateAlarm', 'DeploymentLatencyAlarm'];
/** A new config name reaches the endpoint and the new-fleet alarms (their EndpointConfigName dimension). */
const NEW_CONFIG = ['Config', 'Endpoint', ...ALARMS];
/** A shadow config is deployed all at once (canary, linear and rolling are refused with a shadow). */
const ALL_AT_ONCE: CanonicalOptions = { trafficRouting: 'all-at-once' };

/** One row: the change, its before and after options, and the resources it may touch. */
export interface ShadowChange {
  readonly name: string;
  readonly before: CanonicalOptions;
  readonly after: CanonicalOptions;
  readonly mayTouch: string[];
}

export const SHADOW_CHANGES: ShadowChange[] = [
  {
    name: 'shadow variant added (candidate v43, all at once)',
    before: ALL_AT_ONCE,
    after: { ...ALL_AT_ONCE, shadow: { imageTag: 'v43' } },
    mayTouch: ['ShadowModel', ...NEW_CONFIG],
  },
  {
    name: 'shadow model image v43 -> v44',
    before: { ...ALL_AT_ONCE, shadow: { imageTag: 'v43' } },
    after: { ...ALL_AT_ONCE, shadow: { imageTag: 'v44' } },
    mayTouch: ['ShadowModel', ...NEW_CONFIG],
  },
  {
    name: 'shadow instance type ml.c5.xlarge -> ml.c5.2xlarge',
    before: { ...ALL_AT_ONCE, shadow: { imageTag: 'v43' } },
    after: { ...ALL_AT_ONCE, shadow: { imageTag: 'v43', instanceType: InstanceType.ML_C5_2XLARGE } },
    mayTouch: NEW_CONFIG,
  },
  {
    name: 'shadow promoted (production v43, shadow removed)',
    before: { ...ALL_AT_ONCE, shadow: { imageTag: 'v43' } },
    after: { ...ALL_AT_ONCE, imageTag: 'v43' },
    mayTouch: ['ShadowModel', 'Model0', ...NEW_CONFIG],
  },
];
