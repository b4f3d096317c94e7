/**
 * The plan of an inference component's rolling update (InferenceComponentPlan): batches of copies, peak copies and
 * the extra instances they may need, the default provisioning allowance and timeout, both ends of a copy range,
 * and every rule of reference section 3 with its exact message. Also CapacitySize.copies() and its rejection by
 * endpoint rollouts.
 */
import { Duration } from 'aws-cdk-lib';
import {
  CapacitySize, CapacitySizeType, DeploymentPlan, DeploymentStepKind, InferenceComponentPlan, InferenceComponentRollingPlanProps, TrafficRouting,
} from '../src';

const MIN = 60;

function plan(props: Partial<InferenceComponentRollingPlanProps> = {}): InferenceComponentPlan {
  return InferenceComponentPlan.rolling({
    copyCount: 4,
    maximumBatchSize: CapacitySize.copies(1),
    waitInterval: Duration.minutes(10),
    ...props,
  });
}

function shares(p: InferenceComponentPlan): number[] {
  return p.steps.filter(s => s.kind === DeploymentStepKind.SHIFT_TRAFFIC).map(s => s.newCopiesTrafficPercent);
}

describe('CapacitySize.copies', () => {
  test('a copy count is the COPY_COUNT size of CloudFormation and reads as copies', () => {
    // GIVEN / WHEN
    const one = CapacitySize.copies(1);
    const two = CapacitySize.copies(2);
    // THEN
    expect(one.type).toBe(CapacitySizeType.COPY_COUNT);
    expect(two.value).toBe(2);
    expect(one.toString()).toBe('1 copy');
    expect(two.toString()).toBe('2 copies');
    expect(two.toPercent(8)).toBe(25);
  });

  test.each([0, 1.5, -2])('a copy count of %p is rejected', (n) => {
    expect(() => CapacitySize.copies(n)).toThrow(`capacity copy count must be a whole number >= 1, got ${n}`);
  });

  test('a canary of copies is rejected by an endpoint rollout', () => {
    expect(() => TrafficRouting.canary({ size: CapacitySize.copies(2) }))
      .toThrow('canary size must be instances or a percentage for an endpoint rollout, got 2 copies');
  });

  test('a linear step of copies is rejected by an endpoint rollout', () => {
    expect(() => TrafficRouting.linear({ stepSize: CapacitySize.copies(1) }))
      .toThrow('linear step size must be instances or a percentage for an endpoint rollout, got 1 copy');
  });

  test('a rolling batch of copies is rejected by the endpoint plan', () => {
    expect(() => DeploymentPlan.rolling({ instanceCount: 4, maximumBatchSize: CapacitySize.copies(2), waitInterval: Duration.minutes(5) }))
      .toThrow('maximumBatchSize must be instances or a percentage for an endpoint rollout, got 2 copies');
  });
});

describe('the timeline of a rolling update', () => {
  test('4 copies one at a time bake after each batch, peak at 5 copies, and roll back all at once by default', () => {
    // GIVEN / WHEN
    const p = plan();
    // THEN: 4 batches of (20m allowance + 10m bake)
    expect(shares(p)).toEqual([25, 50, 75, 100]);
    expect(p.totalWait.toSeconds()).toBe(40 * MIN);
    expect(p.provisioningAllowance.toSeconds()).toBe(20 * MIN);
    expect(p.worstCaseDuration.toSeconds()).toBe(4 * 30 * MIN);
    expect(p.peakCopyCount).toBe(5);
    expect(p.rollbackPeakCopyCount).toBe(8);
    expect(p.rollbackDuration.toSeconds()).toBe(20 * MIN);
    // one extra copy during each 30-minute batch
    expect(p.extraCopyMinutes).toBe(120);
    expect(p.extraInstanceCount).toBeUndefined();
    expect(p.isRange).toBe(false);
    expect(p.atMaximum).toBe(p);
    expect(p.description).toBe('rolling, 1 copy per batch (4 batches), bake 10m, 4 copies, rollback all copies at once');
    expect(p.steps[0]).toMatchObject({ kind: DeploymentStepKind.PROVISION, oldCopies: 4, newCopies: 1, oldCopiesOn: 4, newCopiesOn: 0, label: 'provision batch 1/4 (1 copy)' });
    expect(p.steps[1]).toMatchObject({ kind: DeploymentStepKind.SHIFT_TRAFFIC, oldCopies: 4, newCopies: 1, oldCopiesOn: 3, newCopiesOn: 1 });
    expect(p.steps[2]).toMatchObject({ kind: DeploymentStepKind.TERMINATE, oldCopies: 3, newCopies: 1, label: 'terminate 1 old copy' });
  });

  test('a rollback batch in copies sets the rollback duration and peak', () => {
    const p = plan({ rollbackMaximumBatchSize: CapacitySize.copies(2) });
    expect(p.rollbackDuration.toSeconds()).toBe(2 * 20 * MIN);
    expect(p.rollbackPeakCopyCount).toBe(6);
    expect(p.description).toContain('rollback 2 copies per batch');
  });

  test('the text, markdown and JSON renderings speak in copies', () => {
    const p = plan({ copiesPerInstance: 2, instanceCount: 2 });
    const text = p.toString();
    expect(text).toContain('traffic on the new copies (. none, 1-9 up to 10-90%, # all)');
    expect(text).toContain('batch 1/4: new copies on 1/4, bake 10m');
    expect(text).toContain('peak 5 copies (copies 4) | 1 extra instance at peak (2 copies per instance)');
    expect(text).toContain('rollback 20m, peak 8 copies | 120 extra copy-minutes');
    for (const line of text.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(100);
    }
    expect(p.toMarkdown()).toContain('title "Traffic on the new copies (percent)"');
    const json = JSON.parse(p.toJson());
    expect(json).toMatchObject({ strategy: 'ROLLING', unit: 'copies', copyCount: 4, peakCopyCount: 5, extraInstanceCount: 1, atMaximum: null });
    expect(plan().toString()).toContain('extra instances at peak: unknown (copies per instance not known)');
    expect(JSON.parse(plan().toJson()).extraInstanceCount).toBeNull();
  });
});

describe('percentages of copies', () => {
  test('30 percent of 4 copies uses 1 copy, peaks at 2 extra, and notes the undocumented rounding', () => {
    const p = plan({ maximumBatchSize: CapacitySize.percent(30) });
    expect(p.roundings).toEqual([{ property: 'maximumBatchSize', percent: 30, copyCount: 4, copiesRoundedDown: 1, copiesRoundedUp: 2 }]);
    expect(shares(p)).toEqual([25, 50, 75, 100]);
    expect(p.peakCopyCount).toBe(6);
    expect(p.description).toContain('1-2 copies per batch');
    expect(p.toString()).toContain('maximumBatchSize 30% of 4 copies is 1-2 copies (assumption: SageMaker does not document the rounding; the timeline uses 1)');
  });

  test('25 percent of 8 copies is exactly 2 copies with no note', () => {
    const p = plan({ copyCount: 8, maximumBatchSize: CapacitySize.percent(25) });
    expect(shares(p)).toEqual([25, 50, 75, 100]);
    expect(p.toString()).not.toContain('assumption');
  });
});

describe('both ends of an autoscaled copy range', () => {
  test('25 percent of 4-8 copies is planned at 4 and at 8 copies with one timeout from the maximum', () => {
    // GIVEN / WHEN
    const p = plan({ copyCount: 4, maxCopyCount: 8, maximumBatchSize: CapacitySize.percent(25) });
    // THEN
    expect(p.isRange).toBe(true);
    expect(p.atMinimum).toBe(p);
    expect(p.copyCount).toBe(4);
    expect(p.atMaximum.copyCount).toBe(8);
    expect(p.atMaximum.peakCopyCount).toBe(10);
    expect(p.atMaximum.atMinimum).toBe(p);
    // same number of batches, so the same worst case: 4 x 30m; margin max(10m, 12m)
    expect(p.maximumExecutionTimeout.toSeconds()).toBe(120 * MIN + 12 * MIN);
    expect(p.atMaximum.maximumExecutionTimeout.toSeconds()).toBe(p.maximumExecutionTimeout.toSeconds());
    expect(p.toString()).toContain('copies autoscaled: planned at the minimum (4) and at the maximum (8) copies');
    expect(JSON.parse(p.toJson()).atMaximum.fleetEnd).toBe('maximum');
  });

  test('a batch of 1 copy on 4-8 copies takes twice as long at the maximum, and the timeout covers it', () => {
    const p = plan({ copyCount: 4, maxCopyCount: 8 });
    expect(p.worstCaseDuration.toSeconds()).toBe(120 * MIN);
    expect(p.atMaximum.worstCaseDuration.toSeconds()).toBe(240 * MIN);
    // 240m + max(10m, 24m) margin
    expect(p.maximumExecutionTimeout.toSeconds()).toBe(264 * MIN);
  });

  test('a copy-count batch that does not fit the maximum names the end and the fix', () => {
    expect(() => plan({ copyCount: 4, maxCopyCount: 100, maximumBatchSize: CapacitySize.copies(2) })).toThrow(
      'maximumBatchSize must be 5-50 copies for a component at the autoscaling maximum of 100 copies (5-50 percent of the copy count), '
      + 'got 2 copies: use CapacitySize.percent() so the batch follows the copy count, or lower maxCapacity');
  });

  test('a copy-count batch that does not fit the minimum names the end and the fix', () => {
    expect(() => plan({ copyCount: 4, maxCopyCount: 8, maximumBatchSize: CapacitySize.copies(3) })).toThrow(
      'maximumBatchSize must be 1-2 copies for a component at the autoscaling minimum of 4 copies (5-50 percent of the copy count), '
      + 'got 3 copies: use CapacitySize.percent() so the batch follows the copy count, or raise minCapacity');
  });
});

describe('peak copies and extra instances', () => {
  test.each([
    // copies, batch, copies per instance, instances before, extra instances at peak
    { n: 4, batch: 1, perInstance: 2, instances: 2, extra: 1 }, // 5 copies need 3 instances
    { n: 4, batch: 2, perInstance: 2, instances: 2, extra: 1 }, // 6 copies need 3 instances
    { n: 4, batch: 1, perInstance: 5, instances: 1, extra: 0 }, // 5 copies fit 1 instance
    { n: 4, batch: 1, perInstance: 2, instances: 3, extra: 0 }, // a spare instance takes the batch
    { n: 4, batch: 1, perInstance: 2, instances: undefined, extra: 1 }, // just enough instances: ceil(4/2) = 2
  ])('$n copies in batches of $batch with $perInstance per instance on $instances instances need $extra more', ({ n, batch, perInstance, instances, extra }) => {
    const p = plan({ copyCount: n, maximumBatchSize: CapacitySize.copies(batch), copiesPerInstance: perInstance, instanceCount: instances });
    expect(p.peakCopyCount).toBe(n + batch);
    expect(p.extraInstanceCount).toBe(extra);
  });
});

describe('defaults', () => {
  test('the provisioning allowance adds the startup timeouts and instance start-up when a batch may need new instances', () => {
    const timeouts = { modelDataDownloadTimeout: Duration.minutes(20), containerStartupHealthCheckTimeout: Duration.minutes(10) };
    // copies per instance unknown: a batch may need instances (20m + 10m + 10m)
    expect(plan(timeouts).provisioningAllowance.toSeconds()).toBe(40 * MIN);
    // a batch needs one more instance
    expect(plan({ ...timeouts, copiesPerInstance: 2, instanceCount: 2 }).provisioningAllowance.toSeconds()).toBe(40 * MIN);
    // the batch fits the instances there are: the startup timeouts only
    expect(plan({ ...timeouts, copiesPerInstance: 2, instanceCount: 3 }).provisioningAllowance.toSeconds()).toBe(30 * MIN);
    // never below the endpoint plans' 20 minutes
    expect(plan({ copiesPerInstance: 8 }).provisioningAllowance.toSeconds()).toBe(20 * MIN);
  });

  test('a given provisioning allowance wins', () => {
    expect(plan({ provisioningAllowance: Duration.minutes(5) }).worstCaseDuration.toSeconds()).toBe(4 * 15 * MIN);
  });

  test('the default timeout is the worst case plus 10 percent, at least 10 minutes, rounded up to the minute', () => {
    // 4 x (20m + 10m) = 120m, margin 12m
    const p = plan();
    expect(p.isDefaultTimeout).toBe(true);
    expect(p.timeoutMargin.toSeconds()).toBe(12 * MIN);
    expect(p.maximumExecutionTimeout.toSeconds()).toBe(132 * MIN);
    // 2 x (0 + 7s) = 14s, margin 10m -> 10m 14s, rounded up to 11m
    const short = plan({ copyCount: 2, provisioningAllowance: Duration.seconds(0), waitInterval: Duration.seconds(7) });
    expect(short.maximumExecutionTimeout.toSeconds()).toBe(11 * MIN);
    // 20 x (3h + 1h) is clamped to 8 hours
    const long = plan({ copyCount: 20, provisioningAllowance: Duration.hours(3), waitInterval: Duration.hours(1) });
    expect(long.maximumExecutionTimeout.toSeconds()).toBe(28800);
  });

  test('a given timeout is kept and compared with the waits and the worst case', () => {
    const p = plan({ maximumExecutionTimeout: Duration.minutes(30) });
    expect(p.isDefaultTimeout).toBe(false);
    expect(p.maximumExecutionTimeout.toSeconds()).toBe(30 * MIN);
    expect(p.waitsExceedTimeout).toBe(true);
    expect(p.worstCaseExceedsTimeout).toBe(true);
  });
});

describe('rules', () => {
  test.each<[string, Partial<InferenceComponentRollingPlanProps>, string]>([
    ['an instance-count batch', { maximumBatchSize: CapacitySize.instances(2) },
      'maximumBatchSize must be copies or a percentage for an inference component rollout, got 2 instances'],
    ['an instance-count rollback batch', { rollbackMaximumBatchSize: CapacitySize.instances(1) },
      'rollbackMaximumBatchSize must be copies or a percentage for an inference component rollout, got 1 instance'],
    ['a batch above 50 percent', { maximumBatchSize: CapacitySize.percent(60) }, 'maximumBatchSize must be 5-50 percent of the copy count, got 60'],
    ['a batch below 5 percent', { maximumBatchSize: CapacitySize.percent(4) }, 'maximumBatchSize must be 5-50 percent of the copy count, got 4'],
    ['a batch of more than half the copies', { maximumBatchSize: CapacitySize.copies(3) },
      'maximumBatchSize must be 1-2 copies for a component of 4 copies (5-50 percent of the copy count), got 3 copies'],
    ['a batch of less than 5 percent of the copies', { copyCount: 40, maximumBatchSize: CapacitySize.copies(1) },
      'maximumBatchSize must be 2-20 copies for a component of 40 copies (5-50 percent of the copy count), got 1 copy'],
    ['a rollback batch of more than all copies', { rollbackMaximumBatchSize: CapacitySize.copies(5) },
      'rollbackMaximumBatchSize must be 1-4 copies for a component of 4 copies (at most all copies), got 5 copies'],
    ['a component of 1 copy', { copyCount: 1 },
      'copyCount must be at least 2 for a rolling update, got 1: a batch must be 5-50 percent of the copy count, and no whole number of copies '
      + 'is 5-50 percent of 1 copy; use 2 or more copies, or no deployment config (SageMaker then updates the component blue/green)'],
    ['copy autoscaling down to 1 copy', { copyCount: 1, maxCopyCount: 4 },
      'copyCount must be at least 2 for a rolling update at the autoscaling minimum, got 1: a batch must be 5-50 percent of the copy count'],
    ['no copies', { copyCount: 0 }, 'copyCount must be a whole number >= 1, got 0'],
    ['a maximum below the minimum', { maxCopyCount: 3 }, 'maxCopyCount must be at least copyCount (4), got 3'],
    ['a bake over an hour', { waitInterval: Duration.seconds(3601) }, 'waitInterval must be 0-3600 seconds (0-1 hour), got 3601 seconds'],
    ['a timeout under 10 minutes', { maximumExecutionTimeout: Duration.seconds(599) },
      'maximumExecutionTimeout must be 600-28800 seconds (10 minutes-8 hours), got 599 seconds'],
    ['a timeout over 8 hours', { maximumExecutionTimeout: Duration.seconds(28801) },
      'maximumExecutionTimeout must be 600-28800 seconds (10 minutes-8 hours), got 28801 seconds'],
    ['a download timeout under a minute', { modelDataDownloadTimeout: Duration.seconds(59) },
      'modelDataDownloadTimeout must be 60-3600 seconds (1 minute-1 hour), got 59 seconds'],
    ['a health-check timeout over an hour', { containerStartupHealthCheckTimeout: Duration.seconds(3601) },
      'containerStartupHealthCheckTimeout must be 60-3600 seconds (1 minute-1 hour), got 3601 seconds'],
    ['no copies per instance', { copiesPerInstance: 0 }, 'copiesPerInstance must be a whole number >= 1, got 0'],
    ['a fractional instance count', { instanceCount: 1.5 }, 'instanceCount must be a whole number >= 1, got 1.5'],
    ['a provisioning allowance over 3 hours', { provisioningAllowance: Duration.hours(4) },
      'provisioningAllowance must be 0-10800 seconds (0-3 hours), got 14400 seconds'],
  ])('%s is rejected with the rule\'s message', (_name, props, message) => {
    expect(() => plan(props)).toThrow(message);
  });

  test('a 2-copy component can roll one copy at a time', () => {
    expect(shares(plan({ copyCount: 2 }))).toEqual([50, 100]);
  });
});
