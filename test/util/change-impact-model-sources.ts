// Change-impact rows of the model sources (issue 16), spread into the single-property changes of
// test/change-impact.test.ts: a new model-package version replaces the model (new content-hash name) and the config
// (new name), updates the endpoint in place and never replaces it.
import type { CanonicalOptions } from './canonical-app';

const ALARMS = ['DeploymentErrorRateAlarm', 'DeploymentLatencyAlarm'];
/** A new model reaches the config, the endpoint and the new-fleet alarms; the role's DescribeModelPackage follows the version. */
const NEW_PACKAGE_MODEL = ['Model0', 'Config', 'Endpoint', ...ALARMS, 'ModelRoleDefaultPolicy'];

export const MODEL_SOURCE_CHANGES: Array<{ name: string; before?: CanonicalOptions; after: CanonicalOptions; mayTouch: string[] }> = [
  { name: 'image -> model package version 3', after: { modelPackageVersion: 3 }, mayTouch: NEW_PACKAGE_MODEL },
  { name: 'model package version 3 -> 4', before: { modelPackageVersion: 3 }, after: { modelPackageVersion: 4 }, mayTouch: NEW_PACKAGE_MODEL },
];
