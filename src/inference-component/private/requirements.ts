import { Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { InstanceType } from '../../endpoint-config/instance-type';
import { ACCELERATED_INSTANCE_RESOURCES, CopyReservation, copiesPerInstance as copiesThatFit, InstanceResources } from '../../private/instance-resources';
import { fail, NameRule, show } from '../../private/validation';

// Limits of an inference component's specification, from the API reference
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentComputeResourceRequirements.html,
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentContainerSpecification.html)
// and the CloudFormation schema of AWS::SageMaker::InferenceComponent.

/** InferenceComponentName / BaseInferenceComponentName: 1-63, `[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?`. */
export const COMPONENT_NAME_RULE: NameRule = {
  pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
  description: 'letters, digits and hyphens, starting and ending with a letter or digit',
  maxLength: 63,
};

/** The compute reservation of one copy, in API units (MiB), literal or token. */
export interface ComputeRequirements {
  readonly cpus?: number;
  readonly accelerators?: number;
  readonly minMemoryMib?: number;
  readonly maxMemoryMib?: number;
}

/** A Size as whole MiB (tokens pass through); a fraction of a MiB is an error. */
export function mebibytes(scope: IConstruct, property: string, size: Size | undefined): number | undefined {
  if (size === undefined) {
    return undefined;
  }
  const floor = size.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR });
  if (Token.isUnresolved(floor)) {
    return floor;
  }
  const exact = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (exact !== floor) {
    fail(scope, `${property} must be a whole number of MiB >= 128, got ${exact} MiB`);
  }
  return floor;
}

function atLeast(scope: IConstruct, property: string, value: number | undefined, min: number, unit: string, integer: boolean): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    fail(scope, `${property} must be a ${integer ? 'whole ' : ''}number >= ${min}${unit}, got ${show(value)}`);
  }
  if (value < min) {
    fail(scope, `${property} must be >= ${min}${unit}, got ${value}`);
  }
}

/** Validates the reservation of one copy: CPU >= 0.25, accelerators >= 1, memory >= 128 MiB, max >= min. */
export function validateCompute(scope: IConstruct, req: ComputeRequirements): void {
  atLeast(scope, 'numberOfCpuCoresRequired', req.cpus, 0.25, '', false);
  atLeast(scope, 'numberOfAcceleratorDevicesRequired', req.accelerators, 1, '', false);
  atLeast(scope, 'minMemoryRequired', req.minMemoryMib, 128, ' MiB', true);
  atLeast(scope, 'maxMemoryRequired', req.maxMemoryMib, 128, ' MiB', true);
  const { minMemoryMib: min, maxMemoryMib: max } = req;
  // Max >= Min is derived (a range), not stated by the API reference
  if (min !== undefined && max !== undefined && !Token.isUnresolved(min) && !Token.isUnresolved(max) && max < min) {
    fail(scope, `maxMemoryRequired must be at least minMemoryRequired (${min} MiB), got ${max} MiB`);
  }
}

const ENV_KEY = /^[a-zA-Z_][a-zA-Z0-9_]{1,1024}$/;

/** Container.Environment: at most 16 entries; keys per the CloudFormation schema pattern; values at most 1024. */
export function validateEnvironment(scope: IConstruct, env: { [key: string]: string } | undefined): void {
  if (env === undefined || Token.isUnresolved(env)) {
    return;
  }
  const keys = Object.keys(env);
  if (keys.length > 16) {
    fail(scope, `specification environment must have at most 16 entries, got ${keys.length}`);
  }
  for (const key of keys) {
    if (!Token.isUnresolved(key) && (key.length > 1024 || !ENV_KEY.test(key))) {
      fail(scope, `specification environment key must be 2-1024 letters, digits and underscores, not starting with a digit (${ENV_KEY.source}), got ${show(key)}`);
    }
    const value = env[key];
    if (!Token.isUnresolved(value) && (typeof value !== 'string' || value.length > 1024)) {
      fail(scope, `specification environment value for key ${show(key)} must be at most 1024 characters, got ${typeof value === 'string' ? `${value.length} characters` : show(value)}`);
    }
  }
}

/**
 * Whether one copy's reservation fits one instance of `instanceType` (SageMaker places each copy on one
 * instance and reports a shortfall only at deploy time). Unknown instance types and tokens are skipped.
 */
export function fitProblems(variantName: string, instanceType: InstanceType, req: ComputeRequirements): string[] {
  const resources = knownResources(instanceType);
  if (!resources) {
    return [];
  }
  const where = `one ${instanceType} instance of variant ${show(variantName)}, where each copy must fit`;
  const problems: string[] = [];
  const check = (property: string, value: number | undefined, max: number, unit: string) => {
    if (value !== undefined && !Token.isUnresolved(value) && value > max) {
      problems.push(`${property} must be at most ${max}${unit} (${where}), got ${value}${unit}`);
    }
  };
  check('numberOfCpuCoresRequired', req.cpus, resources.vcpus, '');
  check('numberOfAcceleratorDevicesRequired', req.accelerators, resources.accelerators, '');
  check('minMemoryRequired', req.minMemoryMib, resources.memoryMib, ' MiB');
  return problems;
}

/** How many copies fit one instance of `instanceType` (tokens: unknown); see private/instance-resources. */
export function copiesPerInstance(instanceType: InstanceType, req: ComputeRequirements): number | undefined {
  const type = instanceType.toString();
  return Token.isUnresolved(type) ? undefined : copiesThatFit(type, literalReservation(req));
}

/** What one instance of `instanceType` offers, for a literal type of the table (tokens and other types: undefined). */
export function knownResources(instanceType: InstanceType): InstanceResources | undefined {
  const type = instanceType.toString();
  return Token.isUnresolved(type) ? undefined : ACCELERATED_INSTANCE_RESOURCES.get(type);
}

/** One copy's reservations known at synth: a reservation that is a token is left out. */
export function literalReservation(req: ComputeRequirements): CopyReservation {
  const literal = (n: number | undefined) => (n !== undefined && !Token.isUnresolved(n) ? n : undefined);
  return { cpus: literal(req.cpus), accelerators: literal(req.accelerators), minMemoryMib: literal(req.minMemoryMib) };
}
