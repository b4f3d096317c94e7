import { Annotations, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';
import { fail, show, validateNumber } from '../../private/validation';
import { ComponentHostingVariantInfo, ComponentHostingVariantProps } from '../component-hosting-variant';

// Validation and rendering of a production variant that hosts inference components. Limits:
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html and
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html

/** The SageMaker API count fields are 32-bit integers. */
const MAX_COUNT = 2_147_483_647;

/** A validated component-hosting variant: its facts and its CloudFormation shape. */
export interface ComponentVariantEntry {
  readonly info: ComponentHostingVariantInfo;
  readonly rendered: CfnEndpointConfig.ProductionVariantProperty;
}

/** Validates the props (throws with the construct path) and renders the variant without a model. */
export function componentVariant(scope: IConstruct, props: ComponentHostingVariantProps, hasKey: boolean): ComponentVariantEntry {
  const prefix = `component-hosting variant ${show(props.variantName)}`;
  const typeName = props.instanceType.toString();
  if (!Token.isUnresolved(typeName)) {
    if (!/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(typeName)) {
      fail(scope, `${prefix} instanceType must be a SageMaker instance type such as ml.g5.xlarge, got ${show(typeName)}`);
    }
    if (!props.instanceType.isKnown()) {
      Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:unknownInstanceType',
        `${prefix} instanceType ${show(typeName)} is not in the SageMaker API model this library was built from; check the name`);
    }
    if (hasKey && props.instanceType.hasLocalNvme()) {
      fail(scope, `encryptionKey must not be used with instance types that have local NVMe storage, got ${show(typeName)} in ${prefix} (SageMaker encrypts local storage itself and rejects a KmsKeyId)`);
    }
  }
  const count = props.initialInstanceCount ?? 1;
  // InitialInstanceCount must be at least 1 even when managed instance scaling may go to 0
  // (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html)
  validateNumber(scope, `${prefix} initialInstanceCount`, count, { min: 1, max: MAX_COUNT });

  const mis = props.managedInstanceScaling;
  let renderedMis: CfnEndpointConfig.ManagedInstanceScalingProperty | undefined;
  if (mis) {
    validateNumber(scope, `${prefix} managedInstanceScaling maxInstanceCount`, mis.maxInstanceCount, { min: 1, max: MAX_COUNT });
    const max = mis.maxInstanceCount;
    const maxKnown = !Token.isUnresolved(max);
    validateNumber(scope, `${prefix} managedInstanceScaling minInstanceCount`, mis.minInstanceCount,
      { min: 0, max: maxKnown ? max : MAX_COUNT });
    const min = mis.minInstanceCount;
    if (maxKnown && !Token.isUnresolved(count) && count > max) {
      fail(scope, `${prefix} initialInstanceCount must be within managedInstanceScaling ${min ?? 0}-${max} (and at least 1), got ${count}`);
    }
    if (min !== undefined && !Token.isUnresolved(min) && !Token.isUnresolved(count) && count < min) {
      fail(scope, `${prefix} initialInstanceCount must be within managedInstanceScaling ${min}-${max} (and at least 1), got ${count}`);
    }
    if (mis.enabled !== false && min === 0) {
      // reference section 8 row 4: some Regions rejected 0 (stdapi-ai/stdapi.ai#43); which ones is not documented
      Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:scaleToZeroInstances',
        `${prefix} managedInstanceScaling minInstanceCount is 0: scale to zero instances is not accepted in every Region `
        + '("Min instance count needs to be greater than 0 for enabled managed instance scaling"), and instances come back only when '
        + 'component copies are scaled out from zero (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html)');
    }
    renderedMis = {
      status: mis.enabled === false ? 'DISABLED' : 'ENABLED',
      minInstanceCount: min,
      maxInstanceCount: max,
    };
  }

  const volumeSizeInGb = props.volumeSize?.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  validateNumber(scope, `${prefix} volumeSize`, volumeSizeInGb, { min: 1, max: 512, unit: 'GiB' });
  const ami = props.inferenceAmiVersion?.toString();
  if (ami !== undefined && !Token.isUnresolved(ami) && !/^[a-z0-9-]{1,128}$/.test(ami)) {
    fail(scope, `${prefix} inferenceAmiVersion must be an inference AMI version such as al2-ami-sagemaker-inference-gpu-2, got ${show(ami)}`);
  }

  return {
    info: {
      variantName: props.variantName,
      instanceType: props.instanceType,
      initialInstanceCount: count,
      managedInstanceScaling: mis,
    },
    rendered: {
      variantName: props.variantName,
      instanceType: typeName,
      initialInstanceCount: count,
      managedInstanceScaling: renderedMis,
      routingConfig: props.routingStrategy ? { routingStrategy: props.routingStrategy } : undefined,
      inferenceAmiVersion: ami,
      volumeSizeInGb,
    },
  };
}
