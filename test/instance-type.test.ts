import { Token } from 'aws-cdk-lib';
import { InstanceType } from '../src';

describe('InstanceType', () => {
  test('constants render the SageMaker instance type name', () => {
    expect(InstanceType.ML_M5_LARGE.toString()).toEqual('ml.m5.large');
    expect(InstanceType.ML_G5_XLARGE.toString()).toEqual('ml.g5.xlarge');
    expect(InstanceType.ML_P6_B200_48XLARGE.toString()).toEqual('ml.p6-b200.48xlarge');
    expect(InstanceType.ML_P6E_GB200_36XLARGE.toString()).toEqual('ml.p6e-gb200.36xlarge');
  });

  test.each([
    'ML_G6_XLARGE', 'ML_G6E_XLARGE', 'ML_P4D_24XLARGE', 'ML_P5_48XLARGE', 'ML_INF2_XLARGE',
    'ML_TRN1_2XLARGE', 'ML_C7G_LARGE', 'ML_M7I_LARGE', 'ML_T2_MEDIUM', 'ML_INF1_XLARGE',
  ])('current families are covered: %s', (name) => {
    const constant = (InstanceType as any)[name] as InstanceType;
    expect(constant).toBeInstanceOf(InstanceType);
    expect(constant.isKnown()).toBe(true);
  });

  test('every constant is a known SageMaker API instance type and its name round-trips', () => {
    const constants = Object.entries(InstanceType).filter(([, v]) => v instanceof InstanceType) as Array<[string, InstanceType]>;
    expect(constants.length).toBeGreaterThan(250);
    for (const [key, value] of constants) {
      expect(value.isKnown()).toBe(true);
      expect(key).toEqual(value.toString().toUpperCase().replace(/[^A-Z0-9]+/g, '_'));
    }
  });

  test('of() accepts names this release does not know', () => {
    const future = InstanceType.of('ml.g99.xlarge');
    expect(future.toString()).toEqual('ml.g99.xlarge');
    expect(future.isKnown()).toBe(false);
    expect(future.family).toEqual('g99');
  });

  test('burstable instance types are ml.t*', () => {
    expect(InstanceType.ML_T2_MEDIUM.isBurstable()).toBe(true);
    expect(InstanceType.of('ml.t3.medium').isBurstable()).toBe(true);
    expect(InstanceType.ML_M5_LARGE.isBurstable()).toBe(false);
    expect(InstanceType.ML_TRN1_2XLARGE.isBurstable()).toBe(false);
  });

  test('Inf1 is told apart from Inf2', () => {
    expect(InstanceType.ML_INF1_XLARGE.isInf1()).toBe(true);
    expect(InstanceType.ML_INF2_XLARGE.isInf1()).toBe(false);
    expect(InstanceType.ML_M5_LARGE.isInf1()).toBe(false);
  });

  test.each([
    ['ml.g5.xlarge', true], ['ml.g4dn.xlarge', true], ['ml.p4d.24xlarge', true], ['ml.m5d.large', true],
    ['ml.c5d.large', true], ['ml.r5d.large', true], ['ml.g6.xlarge', true], ['ml.p5.48xlarge', true], ['ml.trn1.2xlarge', true],
    ['ml.m5.large', false], ['ml.c5.large', false], ['ml.inf2.xlarge', false], ['ml.t2.medium', false], ['ml.m7i.large', false],
  ])('%s has local NVMe storage: %s', (name, expected) => {
    expect(InstanceType.of(name).hasLocalNvme()).toBe(expected);
  });

  test('a token instance type has no facts', () => {
    const token = InstanceType.of(Token.asString({ Ref: 'InstanceType' }));
    expect(token.family).toEqual('');
    expect(token.isBurstable()).toBe(false);
    expect(token.isInf1()).toBe(false);
    expect(token.hasLocalNvme()).toBe(false);
  });
});
