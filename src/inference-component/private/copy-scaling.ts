import { Annotations, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { ComponentHostingVariantInfo } from '../../endpoint-config';
import { arnEnvOf, scalingServiceLinkedRoleArn } from '../../private/deploy-permissions';
import { fail, show, validateNumber } from '../../private/validation';
import { CopyCountScalingProps, ScalableCopyCount } from '../scalable-copy-count';

/** Application Auto Scaling capacities and RuntimeConfig.CopyCount are 32-bit integers. */
const MAX_CAPACITY = 2_147_483_647;

/** What `autoScaleCopyCount` needs to know about its component. */
export interface CopyScalingInput {
  readonly component: Construct;
  /** The construct the scalable target depends on (the CfnInferenceComponent). */
  readonly resource: IConstruct;
  readonly componentName: string;
  /** The initialCopyCount the user gave, if any. */
  readonly givenCopyCount?: number;
  /** The host variant when the config is known. */
  readonly variant?: ComponentHostingVariantInfo;
}

/** The scalable copy count and the constant copy count the component renders from now on. */
export interface CopyScaling {
  readonly scalable: ScalableCopyCount;
  readonly copyCount: number;
  /** The range, when literal (a rolling update is planned at both ends). */
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

/**
 * Validates the range, decides the copy count the template keeps (reference §4.3: constant across deploys),
 * warns where the user's choices disagree, and creates the scalable target (after the component).
 */
export function attachCopyScaling(input: CopyScalingInput, props: CopyCountScalingProps): CopyScaling {
  const scope = input.component;
  const min = props.minCapacity ?? 1;
  const max = props.maxCapacity;
  validateNumber(scope, 'autoScaleCopyCount minCapacity', min, { min: 0, max: MAX_CAPACITY });
  validateNumber(scope, 'autoScaleCopyCount maxCapacity', max, { min: 1, max: MAX_CAPACITY });
  const literal = !Token.isUnresolved(min) && !Token.isUnresolved(max);
  if (literal && max < Math.max(1, min)) {
    fail(scope, `autoScaleCopyCount maxCapacity must be at least max(1, minCapacity) (${Math.max(1, min)}), got ${max}`);
  }
  // a copy count of 0 is rejected at create (stdapi-ai/stdapi.ai#43): the template keeps at least one copy
  const fromMinimum = Token.isUnresolved(min) ? 1 : Math.max(1, min);
  const given = input.givenCopyCount;
  if (given !== undefined && !Token.isUnresolved(given) && !Token.isUnresolved(max) && given > max) {
    fail(scope, `initialCopyCount must be at most autoScaleCopyCount maxCapacity (${max}), got ${given}`);
  }
  if (given !== undefined && !Token.isUnresolved(given) && !Token.isUnresolved(min) && given !== fromMinimum) {
    Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:copyCountDiffersFromMinimum',
      `initialCopyCount ${given} differs from the autoscaling minimum ${fromMinimum} (max(1, minCapacity)): the template keeps `
      + `CopyCount ${given} on every deploy, and whether CloudFormation re-applies it over the count autoscaling set is not documented `
      + '(a deploy may scale the copies); leave initialCopyCount unset to use the minimum');
  }
  const copyCount = given ?? fromMinimum;
  if (literal && min === 0) {
    checkHostScalesToZero(scope, input.variant);
  }
  const scalable = new ScalableCopyCount(scope, 'ScalableCopyCount', {
    serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
    resourceId: `inference-component/${input.componentName}`,
    dimension: 'sagemaker:inference-component:DesiredCopyCount',
    // the service-linked role Application Auto Scaling creates for SageMaker on first registration; its policy
    // covers DescribeInferenceComponent and UpdateInferenceComponentRuntimeConfig
    // (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-sagemaker.html)
    role: iam.Role.fromRoleArn(scope, 'ScalingRole', scalingServiceLinkedRoleArn(arnEnvOf(scope))),
    minCapacity: min,
    maxCapacity: max,
    inferenceComponentName: input.componentName,
  });
  // the resource id carries the literal name: register the target once the component exists, and
  // deregister it before the component is deleted
  scalable.node.addDependency(input.resource);
  return { scalable, copyCount, ...(literal ? { minCapacity: min, maxCapacity: max } : {}) };
}

/**
 * Scale to zero copies is complete only when the host variant may also release its instances
 * (`ManagedInstanceScaling` enabled with `MinInstanceCount: 0`,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html). Without it the copies
 * still scale to zero and come back, on instances that keep running: a warning, not an error, because that setup
 * works (and wakes faster, with no instance to provision) and because some Regions reject `MinInstanceCount: 0`
 * (stdapi-ai/stdapi.ai#43), where it is the only way to scale copies to zero.
 */
function checkHostScalesToZero(scope: Construct, variant: ComponentHostingVariantInfo | undefined): void {
  if (!variant) {
    return;
  }
  const mis = variant.managedInstanceScaling;
  const minInstances = mis?.minInstanceCount;
  if (mis && mis.enabled !== false && minInstances === 0) {
    return;
  }
  if (minInstances !== undefined && Token.isUnresolved(minInstances)) {
    return;
  }
  const got = !mis ? 'no managedInstanceScaling'
    : mis.enabled === false ? 'managedInstanceScaling disabled'
      : `managedInstanceScaling minInstanceCount ${minInstances ?? 'unset'}`;
  Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:copiesScaleToZeroOnRunningInstances',
    `autoScaleCopyCount minCapacity 0 scales the copies to zero, but variant ${show(variant.variantName)} keeps its instances running (${got}): `
    + 'give the variant managedInstanceScaling with minInstanceCount 0 to release them too (some Regions reject 0), '
    + 'or keep them running for a faster wake-up');
}
