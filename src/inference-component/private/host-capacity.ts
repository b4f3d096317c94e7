import { Token } from 'aws-cdk-lib';
import { ComputeRequirements, copiesPerInstance, knownResources, literalReservation } from './requirements';
import { ComponentHostingVariantInfo } from '../../endpoint-config';
import { show } from '../../private/validation';

/**
 * How many copies of one component the host variant can ever hold: copies per instance (from the library's instance
 * table, as the one-copy fit check) times the instances the variant can have.
 *
 * Copies are placed on instances; with managed instance scaling SageMaker adds instances up to `MaxInstanceCount`
 * when copies do not fit, and without it "copies beyond fleet capacity cannot be placed"
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html;
 * the rolling-update sample went from 2 to 3 instances at peak,
 * https://github.com/aws-samples/sagemaker-genai-hosting-examples/blob/main/03-features/deployment/ic_rolling_deployment.ipynb).
 * What SageMaker then does (a create or rollout that waits until its timeout and rolls back, or a component stuck in
 * Creating) is UNCONFIRMED: the safe choice is a synth error.
 */
export interface HostCapacity {
  readonly variantName: string;
  readonly instanceType: string;
  /** At least 1 (a copy that fits no instance is the fit check's error). */
  readonly copiesPerInstance: number;
  /** `MaxInstanceCount` of enabled managed instance scaling, else `InitialInstanceCount`. */
  readonly maxInstances: number;
  /** What one copy reserves of one instance, e.g. `2 of 4 accelerators and 32768 of 196608 MiB memory`. */
  readonly reserves: string;
  /** Where `maxInstances` comes from. */
  readonly limit: string;
  /** Whether enabled managed instance scaling sets the limit. */
  readonly managed: boolean;
  /** Managed instance scaling is given but disabled. */
  readonly disabled: boolean;
}

/**
 * The capacity of the host variant for copies of `req`, or undefined when it cannot be told at synth: no known variant,
 * an instance type outside the table or a token, no reservation, or an instance count that is a token. One component
 * is considered alone: copies of other components on the same variant are not counted.
 */
export function hostCapacity(variant: ComponentHostingVariantInfo | undefined, req: ComputeRequirements): HostCapacity | undefined {
  if (!variant) {
    return undefined;
  }
  const resources = knownResources(variant.instanceType);
  const perInstance = copiesPerInstance(variant.instanceType, req);
  if (!resources || perInstance === undefined || perInstance < 1) {
    return undefined;
  }
  const mis = variant.managedInstanceScaling;
  const managed = mis !== undefined && mis.enabled !== false;
  const max = managed ? mis.maxInstanceCount : variant.initialInstanceCount;
  if (typeof max !== 'number' || Token.isUnresolved(max)) {
    return undefined;
  }
  const copy = literalReservation(req);
  const reserves = [
    [copy.cpus, resources.vcpus, 'vCPUs'],
    [copy.accelerators, resources.accelerators, 'accelerators'],
    [copy.minMemoryMib, resources.memoryMib, 'MiB memory'],
  ].filter(([need]) => need !== undefined).map(([need, have, unit]) => `${need} of ${have} ${unit}`);
  return {
    variantName: variant.variantName,
    instanceType: variant.instanceType.toString(),
    copiesPerInstance: perInstance,
    maxInstances: max,
    reserves: reserves.join(' and '),
    limit: managed ? `managedInstanceScaling maxInstanceCount ${max}`
      : `initialInstanceCount ${max}, ${mis ? 'managedInstanceScaling disabled' : 'no managedInstanceScaling'}`,
    managed,
    disabled: mis !== undefined && !managed,
  };
}

/**
 * The error when `copies` need more instances than the variant can have, else undefined (also when the capacity or
 * the count is unknown). `subject` names the property and its value (`initialCopyCount 3`); `lower` says how to
 * bring the count down to the copies that fit (`lower initialCopyCount to at most 2`).
 */
export function capacityProblem(cap: HostCapacity | undefined, subject: string, copies: number | undefined,
  lower: (maxCopies: number) => string): string | undefined {
  if (!cap || copies === undefined || Token.isUnresolved(copies)) {
    return undefined;
  }
  const needed = Math.ceil(copies / cap.copiesPerInstance);
  if (needed <= cap.maxInstances) {
    return undefined;
  }
  const raise = cap.managed ? `raise its managedInstanceScaling maxInstanceCount to at least ${needed}`
    : cap.disabled ? `enable its managedInstanceScaling with maxInstanceCount at least ${needed} (or raise initialInstanceCount to ${needed})`
      : `give the variant managedInstanceScaling with maxInstanceCount at least ${needed} (or initialInstanceCount ${needed})`;
  const per = cap.copiesPerInstance;
  return `${subject} needs ${needed} instances of ${cap.instanceType} (${per} ${per === 1 ? 'copy' : 'copies'} per instance: each copy reserves ${cap.reserves}), `
    + `but variant ${show(cap.variantName)} can have at most ${cap.maxInstances} instance${cap.maxInstances === 1 ? '' : 's'} (${cap.limit}): `
    + `${raise}, or ${lower(per * cap.maxInstances)}`;
}
