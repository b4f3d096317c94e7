import { Token } from 'aws-cdk-lib';
import { round2 } from '../private/plan-format';

/** How a {@link CapacitySize} is measured. */
export enum CapacitySizeType {
  /** A number of instances of the variant's fleet. */
  INSTANCE_COUNT = 'INSTANCE_COUNT',
  /** A percentage of the variant's fleet. */
  CAPACITY_PERCENT = 'CAPACITY_PERCENT',
}

/**
 * A slice of an endpoint variant's fleet: a canary, a linear step or a rolling batch.
 *
 * @example
 * const tenPercent = sm.CapacitySize.percent(10);
 * const twoInstances = sm.CapacitySize.instances(2);
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

  /** Whether the size is a percentage or an instance count. */
  public readonly type: CapacitySizeType;

  /** The percentage or the instance count. */
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
   * An instance count is returned as is.
   */
  public toInstances(fleetSize: number): number {
    if (this.type === CapacitySizeType.INSTANCE_COUNT) {
      return this.value;
    }
    return Math.max(1, Math.floor((fleetSize * this.value) / 100));
  }

  /**
   * The share of the fleet this size stands for, in percent (0-100, two decimals).
   *
   * A percentage is returned as is; an instance count is `count / fleetSize * 100`, at most 100.
   */
  public toPercent(fleetSize: number): number {
    if (this.type === CapacitySizeType.CAPACITY_PERCENT) {
      return this.value;
    }
    return round2(Math.min(100, (this.value / fleetSize) * 100));
  }

  /** `10%` or `2 instances`. */
  public toString(): string {
    if (this.type === CapacitySizeType.CAPACITY_PERCENT) {
      return `${this.value}%`;
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

