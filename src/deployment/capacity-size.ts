import { Token } from 'aws-cdk-lib';
import { round2 } from '../private/plan-format';

/** How a {@link CapacitySize} is measured. */
export enum CapacitySizeType {
  /** A number of instances of the variant's fleet. */
  INSTANCE_COUNT = 'INSTANCE_COUNT',
  /** A percentage of the variant's fleet, or of an inference component's copies. */
  CAPACITY_PERCENT = 'CAPACITY_PERCENT',
  /**
   * A number of copies of an inference component (CloudFormation's `COPY_COUNT`, API_InferenceComponentCapacitySize:
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentCapacitySize.html).
   */
  COPY_COUNT = 'COPY_COUNT',
}

/**
 * A slice of capacity: of an endpoint variant's fleet (a canary, a linear step or a rolling batch, in instances
 * or percent), or of an inference component's copies (a rolling batch, in copies or percent).
 *
 * An endpoint rollout takes `percent()` or `instances()`; an inference component's rolling update takes
 * `percent()` or `copies()` (API_InferenceComponentCapacitySize:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentCapacitySize.html).
 *
 * @example
 * const tenPercent = sm.CapacitySize.percent(10);
 * const twoInstances = sm.CapacitySize.instances(2);
 * const oneCopy = sm.CapacitySize.copies(1);
 */
export class CapacitySize {
  /**
   * A percentage of the fleet (1-100; each use narrows the range, e.g. a canary is 1-50).
   *
   * @param percent whole number of percent
   */
  public static percent(percent: number): CapacitySize {
    checkWhole('capacity percent', percent, 1, 100, 'percent');
    return new CapacitySize(CapacitySizeType.CAPACITY_PERCENT, percent);
  }

  /**
   * A number of instances (at least 1; each use narrows the range against the fleet size).
   *
   * @param count whole number of instances
   */
  public static instances(count: number): CapacitySize {
    checkWhole('capacity instance count', count, 1, Number.MAX_SAFE_INTEGER, 'instances');
    return new CapacitySize(CapacitySizeType.INSTANCE_COUNT, count);
  }

  /**
   * A number of copies of an inference component: the unit of its rolling-update batches (at least 1; the plan
   * narrows the range to 5-50 percent of the copy count, API_InferenceComponentRollingUpdatePolicy:
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRollingUpdatePolicy.html).
   * Endpoint rollouts reject it.
   *
   * @param count whole number of copies
   */
  public static copies(count: number): CapacitySize {
    checkWhole('capacity copy count', count, 1, Number.MAX_SAFE_INTEGER, 'copies');
    return new CapacitySize(CapacitySizeType.COPY_COUNT, count);
  }

  /** Whether the size is a percentage, an instance count or a copy count. */
  public readonly type: CapacitySizeType;

  /** The percentage, the instance count or the copy count. */
  public readonly value: number;

  private constructor(type: CapacitySizeType, value: number) {
    this.type = type;
    this.value = value;
  }

  /**
   * The number of instances this size stands for in a fleet of `fleetSize` instances.
   *
   * A percentage is rounded down and is at least one instance (SageMaker does not document its rounding;
   * rounding down never exceeds the documented upper bounds such as "at most half of the fleet").
   * An instance count (or a copy count, for a fleet of copies) is returned as is.
   */
  public toInstances(fleetSize: number): number {
    if (this.type !== CapacitySizeType.CAPACITY_PERCENT) {
      return this.value;
    }
    return Math.max(1, Math.floor((fleetSize * this.value) / 100));
  }

  /**
   * The share of the fleet this size stands for, in percent (0-100, two decimals).
   *
   * A percentage is returned as is; an instance (or copy) count is `count / fleetSize * 100`, at most 100.
   */
  public toPercent(fleetSize: number): number {
    if (this.type === CapacitySizeType.CAPACITY_PERCENT) {
      return this.value;
    }
    return round2(Math.min(100, (this.value / fleetSize) * 100));
  }

  /** `10%`, `2 instances` or `2 copies`. */
  public toString(): string {
    if (this.type === CapacitySizeType.CAPACITY_PERCENT) {
      return `${this.value}%`;
    }
    if (this.type === CapacitySizeType.COPY_COUNT) {
      return `${this.value} cop${this.value === 1 ? 'y' : 'ies'}`;
    }
    return `${this.value} instance${this.value === 1 ? '' : 's'}`;
  }
}

function checkWhole(property: string, value: number, min: number, max: number, unit: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  const range = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number in ${min}-${max} ${unit}`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${property} must be ${range}, got ${value}`);
  }
}

