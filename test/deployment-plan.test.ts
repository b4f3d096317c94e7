import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  BlueGreenDeployment, CapacitySize, CapacitySizeType, ContainerImage, DeploymentPlan, DeploymentStepKind, DeploymentStrategy, Endpoint,
  EndpointConfig, InstanceType, Model, TrafficRouting,
} from '../src';
import { planFromInputs, planInputs } from '../src/deployment/plan-metadata';

const MIN = 60;
/** The provisioning allowance used by the tables (10 minutes), so the arithmetic stays readable. */
const A = 10 * MIN;

/** Expected numbers of a plan, derived by hand (see the arithmetic next to each row). */
interface Expected {
  readonly shares: number[]; // traffic on the new fleet after each SHIFT_TRAFFIC step
  readonly totalWait: number; // seconds
  readonly worstCase: number; // seconds
  readonly timeout: number; // seconds
  readonly peak: number;
  readonly extra: number; // instance-minutes
}

function shifts(plan: DeploymentPlan): number[] {
  return plan.steps.filter(s => s.kind === DeploymentStepKind.SHIFT_TRAFFIC).map(s => s.newFleetTrafficPercent);
}

function expectPlan(plan: DeploymentPlan, e: Expected): void {
  expect(shifts(plan)).toEqual(e.shares);
  expect(plan.totalWait.toSeconds()).toBe(e.totalWait);
  expect(plan.worstCaseDuration.toSeconds()).toBe(e.worstCase);
  expect(plan.maximumExecutionTimeout.toSeconds()).toBe(e.timeout);
  expect(plan.peakInstanceCount).toBe(e.peak);
  expect(plan.extraInstanceMinutes).toBeCloseTo(e.extra, 2);
}

describe('canary plans', () => {
  test.each([
    {
      name: '10 percent of 4 instances with a 10 minute bake and a 5 minute termination wait',
      n: 4,
      size: CapacitySize.percent(10),
      wait: 10 * MIN,
      termination: 5 * MIN,
      timeout: undefined,
      // waits: 2 bakes x 600 + 300 = 1500; worst case: 600 provisioning + 1500 = 2100 (35 min, already whole minutes)
      // peak: 2 x 4 = 8; extra: 4 instances x 2100 s / 60 = 140 instance-minutes
      // canary: 10% of 4 = 0.4 instances, at least 1 instance turns on: 1/4 = 25 percent of the traffic
      // default timeout: 2100 + margin max(600, 210) = 2700
      e: { shares: [25, 100], totalWait: 1500, worstCase: 2100, timeout: 2700, peak: 8, extra: 140 },
    },
    {
      name: '1 instance of 2 with a 5 minute bake',
      n: 2,
      size: CapacitySize.instances(1),
      wait: 5 * MIN,
      termination: 0,
      timeout: undefined,
      // share: 1/2 = 50 percent; waits: 2 x 300 = 600; worst case: 600 + 600 = 1200; peak 4; extra: 2 x 1200 / 60 = 40
      e: { shares: [50, 100], totalWait: 600, worstCase: 1200, timeout: 1800, peak: 4, extra: 40 },
    },
    {
      name: '3 instances of 10 without a bake, a 1 hour termination wait and a 2 hour timeout',
      n: 10,
      size: CapacitySize.instances(3),
      wait: 0,
      termination: 60 * MIN,
      timeout: 120 * MIN,
      // share: 3/10 = 30; waits: 2 x 0 + 3600 = 3600; worst case: 600 + 3600 = 4200; timeout given 7200
      // peak: 20; extra: 10 x 4200 / 60 = 700
      e: { shares: [30, 100], totalWait: 3600, worstCase: 4200, timeout: 7200, peak: 20, extra: 700 },
    },
    {
      name: '1 instance of 3 (a third of the traffic)',
      n: 3,
      size: CapacitySize.instances(1),
      wait: 60,
      termination: 0,
      timeout: undefined,
      // share: 1/3 = 33.33; waits: 2 x 60 = 120; worst case: 600 + 120 = 720 (12 min); peak 6; extra: 3 x 720 / 60 = 36
      e: { shares: [33.33, 100], totalWait: 120, worstCase: 720, timeout: 1320, peak: 6, extra: 36 },
    },
  ])('$name', ({ n, size, wait, termination, timeout, e }) => {
    // WHEN
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size, waitInterval: Duration.seconds(wait) }),
      instanceCount: n,
      terminationWait: Duration.seconds(termination),
      maximumExecutionTimeout: timeout === undefined ? undefined : Duration.seconds(timeout),
      provisioningAllowance: Duration.seconds(A),
    });
    // THEN
    expectPlan(plan, e);
    expect(plan.strategy).toBe(DeploymentStrategy.CANARY);
    expect(plan.trafficRouting?.type).toBe(DeploymentStrategy.CANARY);
  });

  test('the canary timeline provisions, shifts the canary, shifts the rest, waits, then terminates the old fleet', () => {
    // GIVEN 4 instances, 10 percent, bake 10 min, termination wait 5 min, provisioning 10 min
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
      instanceCount: 4,
      terminationWait: Duration.minutes(5),
      provisioningAllowance: Duration.minutes(10),
    });
    // THEN offsets: 0, 600 (after provisioning), 1200 (600 + bake), 1800 (1200 + bake), 2100 (1800 + 300)
    expect(plan.steps.map(s => [s.kind, s.offset.toSeconds(), s.newFleetTrafficPercent, s.oldFleetInstances, s.newFleetInstances])).toEqual([
      [DeploymentStepKind.PROVISION, 0, 0, 4, 4],
      [DeploymentStepKind.SHIFT_TRAFFIC, 600, 25, 4, 4],
      [DeploymentStepKind.SHIFT_TRAFFIC, 1200, 100, 4, 4],
      [DeploymentStepKind.TERMINATION_WAIT, 1800, 100, 4, 4],
      [DeploymentStepKind.TERMINATE, 2100, 100, 0, 4],
    ]);
    // 15 min is inside the canary bake (600-1200 s), 25 min inside the final bake
    expect(plan.trafficAt(Duration.minutes(15))).toBe(25);
    expect(plan.trafficAt(Duration.minutes(25))).toBe(100);
  });
});

describe('linear plans', () => {
  test.each([
    {
      name: '20 percent steps of 10 instances take 5 steps',
      n: 10,
      step: CapacitySize.percent(20),
      wait: 10 * MIN,
      termination: 0,
      // steps: ceil(100 / 20) = 5 -> 20, 40, 60, 80, 100; waits: 5 x 600 = 3000; worst case: 600 + 3000 = 3600
      // peak: 20; extra: 10 x 3600 / 60 = 600
      e: { shares: [20, 40, 60, 80, 100], totalWait: 3000, worstCase: 3600, timeout: 4200, peak: 20, extra: 600 },
    },
    {
      name: '2 instance steps of 4 instances take 2 steps',
      n: 4,
      step: CapacitySize.instances(2),
      wait: 5 * MIN,
      termination: 0,
      // steps: ceil(4 / 2) = 2 -> 50, 100; waits: 2 x 300 = 600; worst case: 600 + 600 = 1200; peak 8; extra: 4 x 1200 / 60 = 80
      e: { shares: [50, 100], totalWait: 600, worstCase: 1200, timeout: 1800, peak: 8, extra: 80 },
    },
    {
      name: '30 percent steps of 20 instances take 4 steps and round the timeout up to the minute',
      n: 20,
      step: CapacitySize.percent(30),
      wait: 130,
      termination: 60,
      // steps: ceil(100 / 30) = 4 -> 30, 60, 90, 100; waits: 4 x 130 + 60 = 580; worst case: 600 + 580 = 1180
      // timeout: 1180 s rounded up to the minute = 1200; peak 40; extra: 20 x 1180 / 60 = 393.33
      e: { shares: [30, 60, 90, 100], totalWait: 580, worstCase: 1180, timeout: 1800, peak: 40, extra: 393.33 },
    },
    {
      name: '1 instance steps of 3 instances move a third each',
      n: 3,
      step: CapacitySize.instances(1),
      wait: 60,
      termination: 0,
      // count range: ceil(0.3) = 1 .. floor(1.5) = 1; steps: 33.33, 66.67, 100; waits: 3 x 60 = 180; worst: 780 (13 min)
      // peak 6; extra: 3 x 780 / 60 = 39
      e: { shares: [33.33, 66.67, 100], totalWait: 180, worstCase: 780, timeout: 1380, peak: 6, extra: 39 },
    },
  ])('$name', ({ n, step, wait, termination, e }) => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: step, waitInterval: Duration.seconds(wait) }),
      instanceCount: n,
      terminationWait: Duration.seconds(termination),
      provisioningAllowance: Duration.seconds(A),
    });
    expectPlan(plan, e);
    expect(plan.isDefaultTimeout).toBe(true);
  });
});

describe('all-at-once plans', () => {
  test.each([
    {
      name: 'a single instance without a bake clamps the timeout up to 10 minutes',
      n: 1,
      wait: undefined,
      termination: 0,
      allowance: 5 * MIN,
      // waits: 0 (default bake); worst case: 300 provisioning; timeout: max(600, 300) = 600; peak 2; extra: 1 x 300 / 60 = 5
      e: { shares: [100], totalWait: 0, worstCase: 300, timeout: 900, peak: 2, extra: 5 },
    },
    {
      name: '5 instances with the default 20 minute provisioning allowance',
      n: 5,
      wait: 15 * MIN,
      termination: 10 * MIN,
      allowance: undefined,
      // waits: 900 + 600 = 1500; worst case: 1200 + 1500 = 2700; peak 10; extra: 5 x 2700 / 60 = 225
      e: { shares: [100], totalWait: 1500, worstCase: 2700, timeout: 3300, peak: 10, extra: 225 },
    },
    {
      name: '8 instances with a 1 hour bake and a 1 hour termination wait',
      n: 8,
      wait: 60 * MIN,
      termination: 60 * MIN,
      allowance: A,
      // waits: 3600 + 3600 = 7200; worst case: 600 + 7200 = 7800; peak 16; extra: 8 x 7800 / 60 = 1040
      e: { shares: [100], totalWait: 7200, worstCase: 7800, timeout: 8580, peak: 16, extra: 1040 },
    },
  ])('$name', ({ n, wait, termination, allowance, e }) => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.allAtOnce(wait === undefined ? undefined : { waitInterval: Duration.seconds(wait) }),
      instanceCount: n,
      terminationWait: Duration.seconds(termination),
      provisioningAllowance: allowance === undefined ? undefined : Duration.seconds(allowance),
    });
    expectPlan(plan, e);
    expect(plan.rollbackDuration.toSeconds()).toBe(0);
  });

  test('traffic routing defaults: all at once bakes 0, canary and linear bake 10 minutes', () => {
    expect(TrafficRouting.allAtOnce().bind().waitInterval.toSeconds()).toBe(0);
    expect(TrafficRouting.canary({ size: CapacitySize.percent(10) }).bind().waitInterval.toMinutes()).toBe(10);
    expect(TrafficRouting.linear({ stepSize: CapacitySize.percent(10) }).bind().waitInterval.toMinutes()).toBe(10);
  });
});

describe('rolling plans', () => {
  test.each([
    {
      name: '1 instance batches of 4 instances without a rollback batch',
      n: 4,
      batch: CapacitySize.instances(1),
      wait: 5 * MIN,
      rollback: undefined,
      // batches: ceil(4 / 1) = 4 -> 25, 50, 75, 100; waits: 4 x 300 = 1200; worst: 4 x (600 + 300) = 3600
      // rollback: whole fleet at once -> 1 round x 600 = 600, rollback peak 4 + 4 = 8; peak 4 + 1 = 5
      // extra: each batch runs 1 extra instance for 600 + 300 s -> 4 x 900 / 60 = 60
      e: { shares: [25, 50, 75, 100], totalWait: 1200, worstCase: 3600, timeout: 4200, peak: 5, extra: 60 },
      rollbackSeconds: 600,
      rollbackPeak: 8,
    },
    {
      name: '25 percent batches of 10 instances with a 20 percent rollback batch',
      n: 10,
      batch: CapacitySize.percent(25),
      wait: 10 * MIN,
      rollback: CapacitySize.percent(20),
      // batch: floor(10 x 0.25) = 2 -> 5 batches: 20, 40, 60, 80, 100; waits: 5 x 600 = 3000; worst: 5 x 1200 = 6000
      // rollback: floor(10 x 0.2) = 2 per round -> ceil(10 / 2) = 5 rounds x 600 = 3000; rollback peak 12; peak 12
      // extra: 10 x (600 + 600) / 60 = 200
      e: { shares: [20, 40, 60, 80, 100], totalWait: 3000, worstCase: 6000, timeout: 6600, peak: 13, extra: 200 },
      rollbackSeconds: 3000,
      rollbackPeak: 12,
    },
    {
      name: '2 instance batches of 5 instances with a 1 instance rollback batch',
      n: 5,
      batch: CapacitySize.instances(2),
      wait: 5 * MIN,
      rollback: CapacitySize.instances(1),
      // batches: 2, 2, 1 -> 40, 80, 100; waits: 3 x 300 = 900; worst: 3 x (600 + 300) = 2700
      // rollback: ceil(5 / 1) = 5 rounds x 600 = 3000; rollback peak 5 + 1 = 6; peak 5 + 2 = 7
      // extra: (2 + 2 + 1) x 900 / 60 = 75
      e: { shares: [40, 80, 100], totalWait: 900, worstCase: 2700, timeout: 3300, peak: 7, extra: 75 },
      rollbackSeconds: 3000,
      rollbackPeak: 6,
    },
  ])('$name', ({ n, batch, wait, rollback, e, rollbackSeconds, rollbackPeak }) => {
    const plan = DeploymentPlan.rolling({
      maximumBatchSize: batch,
      waitInterval: Duration.seconds(wait),
      rollbackMaximumBatchSize: rollback,
      instanceCount: n,
      provisioningAllowance: Duration.seconds(A),
    });
    expectPlan(plan, e);
    expect(plan.strategy).toBe(DeploymentStrategy.ROLLING);
    expect(plan.rollbackDuration.toSeconds()).toBe(rollbackSeconds);
    expect(plan.rollbackPeakInstanceCount).toBe(rollbackPeak);
    expect(plan.terminationWait.toSeconds()).toBe(0);
  });

  test('a rolling batch keeps the old batch until its traffic moved', () => {
    // GIVEN 5 instances, 2 per batch, bake 5 min, provisioning 10 min
    const plan = DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.instances(2), waitInterval: Duration.minutes(5), instanceCount: 5, provisioningAllowance: Duration.minutes(10),
    });
    // THEN batch 1: provision at 0 (old 5, new 2), shift at 600, terminate 2 old at 900 (old 3, new 2)
    expect(plan.steps.slice(0, 4).map(s => [s.kind, s.offset.toSeconds(), s.oldFleetInstances, s.newFleetInstances])).toEqual([
      [DeploymentStepKind.PROVISION, 0, 5, 2],
      [DeploymentStepKind.SHIFT_TRAFFIC, 600, 5, 2],
      [DeploymentStepKind.TERMINATE, 900, 3, 2],
      [DeploymentStepKind.PROVISION, 900, 3, 4],
    ]);
    expect(plan.steps[plan.steps.length - 1]).toMatchObject({ oldFleetInstances: 0, newFleetInstances: 5, newFleetTrafficPercent: 100 });
  });

  test('a one-instance rollback batch is accepted on any fleet, as the RollingDeployment construct accepts it', () => {
    // GIVEN 100 instances rolled back one at a time, provisioning 10 min
    const plan = DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.percent(10),
      waitInterval: Duration.minutes(1),
      instanceCount: 100,
      rollbackMaximumBatchSize: CapacitySize.instances(1),
      provisioningAllowance: Duration.minutes(10),
    });
    // THEN the rollback takes 100 batches of 600 s and peaks at 100 + 1 instances
    expect(plan.rollbackDuration.toSeconds()).toBe(60000);
    expect(plan.rollbackPeakInstanceCount).toBe(101);
    // AND more than the whole fleet is still rejected
    expect(() => DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.percent(10),
      waitInterval: Duration.minutes(1),
      instanceCount: 4,
      rollbackMaximumBatchSize: CapacitySize.instances(5),
    })).toThrow(/rollbackMaximumBatchSize must be 1-4 instances/);
  });

  test('a long rolling plan clamps the default timeout to 8 hours and reports that waits exceed it', () => {
    // GIVEN 40 instances in 5 percent batches: floor(40 x 0.05) = 2 -> 20 batches, each 600 + 3600 s
    const plan = DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.percent(5), waitInterval: Duration.hours(1), instanceCount: 40, provisioningAllowance: Duration.minutes(10),
    });
    // THEN worst case 20 x 4200 = 84000 s > 28800; waits 20 x 3600 = 72000 >= 28800
    expect(plan.worstCaseDuration.toSeconds()).toBe(84000);
    expect(plan.maximumExecutionTimeout.toSeconds()).toBe(28800);
    expect(plan.waitsExceedTimeout).toBe(true);
    expect(plan.worstCaseExceedsTimeout).toBe(true);
  });
});

describe('timeout checks', () => {
  test('waits that reach a given timeout are reported (failure-modes row 4: 900 s + 900 s waits)', () => {
    // GIVEN canary bake 900 twice (1800) + termination wait 900 = 2700 >= timeout 1800
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.seconds(900) }),
      instanceCount: 4,
      terminationWait: Duration.seconds(900),
      maximumExecutionTimeout: Duration.seconds(1800),
    });
    expect(plan.waitsExceedTimeout).toBe(true);
    expect(plan.isDefaultTimeout).toBe(false);
  });

  test('the default timeout always fits the worst case within 8 hours', () => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(10), waitInterval: Duration.minutes(30) }),
      instanceCount: 10,
    });
    // 10 steps x 1800 = 18000 + 1200 default allowance = 19200, + 10% margin 1920 = 21120 <= 28800
    expect(plan.maximumExecutionTimeout.toSeconds()).toBe(21120);
    expect(plan.waitsExceedTimeout).toBe(false);
    expect(plan.worstCaseExceedsTimeout).toBe(false);
  });
});

describe('validation', () => {
  const bg = (routing: () => TrafficRouting, n = 4, extra: object = {}) =>
    () => DeploymentPlan.blueGreen({ trafficRouting: routing(), instanceCount: n, ...extra });
  const rolling = (batch: CapacitySize, n = 4, extra: object = {}) =>
    () => DeploymentPlan.rolling({ maximumBatchSize: batch, waitInterval: Duration.minutes(1), instanceCount: n, ...extra });

  test.each([
    ['canary percent above 50', bg(() => TrafficRouting.canary({ size: CapacitySize.percent(60) })),
      'canary size must be 1-50 percent of the fleet, got 60'],
    ['canary count above half the fleet', bg(() => TrafficRouting.canary({ size: CapacitySize.instances(3) })),
      'canary size must be 1-2 instances for a fleet of 4 instances (at most half of the fleet), got 3 instances'],
    ['canary count on a single instance', bg(() => TrafficRouting.canary({ size: CapacitySize.instances(1) }), 1),
      'canary size must be a percentage for a fleet of 1 instance (an instance count needs a larger fleet: at most half of the fleet), got 1 instance'],
    ['linear percent below 10', bg(() => TrafficRouting.linear({ stepSize: CapacitySize.percent(5) })),
      'linear step size must be 10-50 percent of the fleet, got 5'],
    ['linear percent above 50', bg(() => TrafficRouting.linear({ stepSize: CapacitySize.percent(55) })),
      'linear step size must be 10-50 percent of the fleet, got 55'],
    ['linear count below 10 percent', bg(() => TrafficRouting.linear({ stepSize: CapacitySize.instances(1) }), 20),
      'linear step size must be 2-10 instances for a fleet of 20 instances (10-50 percent of the fleet), got 1 instance'],
    ['rolling percent above 50', rolling(CapacitySize.percent(60)),
      'maximumBatchSize must be 5-50 percent of the fleet, got 60'],
    ['rolling percent below 5', rolling(CapacitySize.percent(4)),
      'maximumBatchSize must be 5-50 percent of the fleet, got 4'],
    ['rolling count above half', rolling(CapacitySize.instances(3)),
      'maximumBatchSize must be 1-2 instances for a fleet of 4 instances (5-50 percent of the fleet), got 3 instances'],
    ['rolling count below 5 percent', rolling(CapacitySize.instances(1), 40),
      'maximumBatchSize must be 2-20 instances for a fleet of 40 instances (5-50 percent of the fleet), got 1 instance'],
    ['rollback count above the fleet', rolling(CapacitySize.instances(1), 4, { rollbackMaximumBatchSize: CapacitySize.instances(5) }),
      'rollbackMaximumBatchSize must be 1-4 instances for a fleet of 4 instances (at most the whole fleet), got 5 instances'],
    ['wait above 1 hour', bg(() => TrafficRouting.allAtOnce({ waitInterval: Duration.seconds(3601) })),
      'waitInterval must be 0-3600 seconds (0-1 hour), got 3601 seconds'],
    ['rolling wait above 1 hour', rolling(CapacitySize.instances(1), 4, { waitInterval: Duration.hours(2) }),
      'waitInterval must be 0-3600 seconds (0-1 hour), got 7200 seconds'],
    ['termination wait above 1 hour', bg(() => TrafficRouting.allAtOnce(), 4, { terminationWait: Duration.hours(2) }),
      'terminationWait must be 0-3600 seconds (0-1 hour), got 7200 seconds'],
    ['timeout below 10 minutes', bg(() => TrafficRouting.allAtOnce(), 4, { maximumExecutionTimeout: Duration.minutes(5) }),
      'maximumExecutionTimeout must be 600-28800 seconds (10 minutes-8 hours), got 300 seconds'],
    ['timeout above 8 hours', bg(() => TrafficRouting.allAtOnce(), 4, { maximumExecutionTimeout: Duration.hours(9) }),
      'maximumExecutionTimeout must be 600-28800 seconds (10 minutes-8 hours), got 32400 seconds'],
    ['provisioning allowance above 3 hours', bg(() => TrafficRouting.allAtOnce(), 4, { provisioningAllowance: Duration.hours(4) }),
      'provisioningAllowance must be 0-10800 seconds (0-3 hours), got 14400 seconds'],
    ['an empty fleet', bg(() => TrafficRouting.allAtOnce(), 0), 'instanceCount must be a whole number >= 1, got 0'],
    ['a fractional fleet', bg(() => TrafficRouting.allAtOnce(), 2.5), 'instanceCount must be a whole number >= 1, got 2.5'],
    ['a zero instance capacity', () => CapacitySize.instances(0), 'capacity instance count must be a whole number >= 1, got 0'],
    ['a capacity percent above 100', () => CapacitySize.percent(101), 'capacity percent must be a whole number in 1-100 percent, got 101'],
    ['a fractional capacity percent', () => CapacitySize.percent(12.5), 'capacity percent must be a whole number in 1-100 percent, got 12.5'],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('capacity sizes', () => {
  test.each([
    // [size, fleet, instances, percent]: percent rounds down with at least 1 instance; counts are shares of the fleet
    [CapacitySize.percent(10), 4, 1, 10], // floor(0.4) = 0 -> at least 1
    [CapacitySize.percent(25), 10, 2, 25], // floor(2.5) = 2
    [CapacitySize.percent(50), 7, 3, 50], // floor(3.5) = 3
    [CapacitySize.instances(2), 8, 2, 25], // 2 / 8 = 25 percent
    [CapacitySize.instances(1), 3, 1, 33.33], // 1 / 3 = 33.33 percent
  ])('%s of %d instances is %d instances and %d percent', (size, n, instances, percent) => {
    expect(size.toInstances(n)).toBe(instances);
    expect(size.toPercent(n)).toBe(percent);
  });

  test('types and renderings', () => {
    expect(CapacitySize.percent(10)).toMatchObject({ type: CapacitySizeType.CAPACITY_PERCENT, value: 10 });
    expect(CapacitySize.instances(2).type).toBe(CapacitySizeType.INSTANCE_COUNT);
    expect(CapacitySize.percent(10).toString()).toBe('10%');
    expect(CapacitySize.instances(1).toString()).toBe('1 instance');
  });
});

describe('renderings', () => {
  const canary = () => DeploymentPlan.blueGreen({
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
    instanceCount: 4,
    terminationWait: Duration.minutes(5),
  });

  test('the text timeline fits 100 columns and shows the bar, the steps and the totals', () => {
    const text = canary().toString();
    for (const line of text.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(100);
    }
    // 20 min provisioning ('.'), 10 min at 25% ('3': 1 of 4 instances), 10 min at 100% ('#'), 5 min termination wait ('=')
    expect(text).toMatch(/^\|\.+3+#+=+#\|$/m);
    expect(text).toContain('canary: new instances on 1/4, bake 10m       25%         3/4         1/4');
    expect(text).toContain('canary size 10% of 4 instances is 1 instance, about 25% of the variant\'s traffic');
    // default timeout: 45m worst case + 10m margin
    expect(text).toContain('total wait 25m | worst case 45m | timeout 55m (default, 10m margin) | slack 10m');
    expect(text).toContain('peak 8 instances (fleet 4) | 180 extra instance-minutes');
  });

  test('a rolling timeline with 20 batches still fits 100 columns', () => {
    const plan = DeploymentPlan.rolling({ maximumBatchSize: CapacitySize.percent(5), waitInterval: Duration.hours(1), instanceCount: 40 });
    for (const line of plan.toString().split('\n')) {
      expect(line.length).toBeLessThanOrEqual(100);
    }
  });

  test('markdown has the tables and a mermaid xychart of traffic over time', () => {
    const md = canary().toMarkdown();
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('x-axis "minutes from the start (worst case)" 0 --> 45');
    const line = /line \[([^\]]+)\]/.exec(md)![1].split(', ').map(Number);
    expect(line[0]).toBe(0);
    expect(line[line.length - 1]).toBe(100);
    expect(line).toContain(25);
    expect(md).toContain('| +20m | canary: new instances on 1/4, bake 10m | 25% | 3/4 | 1/4 |');
  });

  test('toJson is the documented plan object', () => {
    const json = JSON.parse(canary().toJson());
    expect(json).toMatchObject({
      strategy: 'BLUE_GREEN',
      trafficRouting: 'CANARY',
      instanceCount: 4,
      totalWaitSeconds: 1500,
      worstCaseDurationSeconds: 2700,
      maximumExecutionTimeoutSeconds: 3300,
      timeoutMarginSeconds: 600,
      slackSeconds: 600,
      peakInstanceCount: 8,
    });
    expect(json.steps).toHaveLength(5);
  });
});

describe('plan inputs', () => {
  const plans = [
    DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(3) }),
      instanceCount: 3,
      terminationWait: Duration.minutes(2),
      maximumExecutionTimeout: Duration.hours(1),
    }),
    DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25) }), instanceCount: 8 }),
    DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 1, provisioningAllowance: Duration.minutes(30) }),
    DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.percent(20),
      waitInterval: Duration.minutes(4),
      instanceCount: 10,
      rollbackMaximumBatchSize: CapacitySize.instances(5),
    }),
  ];

  test.each(plans.map(p => [p.description, p]))('rebuilds %s from its inputs with the same code', (_d, plan) => {
    const p = plan as DeploymentPlan;
    const rebuilt = planFromInputs(p._toJsonObject().strategy, JSON.parse(JSON.stringify(planInputs(p))));
    expect(rebuilt.toJson()).toEqual(p.toJson());
  });

  test.each([
    ['BLUE_GREEN', 'text', 'inputs must be an object, got "text"'],
    ['BLUE_GREEN', { instanceCount: 'four' }, 'inputs.instanceCount must be a number, got "four"'],
    ['SIDEWAYS', { instanceCount: 4 }, 'strategy must be BLUE_GREEN or ROLLING, got "SIDEWAYS"'],
    ['BLUE_GREEN', { instanceCount: 4, trafficRouting: { type: 'X', waitIntervalSeconds: 0 } },
      'inputs.trafficRouting.type must be ALL_AT_ONCE, CANARY or LINEAR, got "X"'],
    ['ROLLING', { instanceCount: 4, waitIntervalSeconds: 0, maximumBatchSize: { type: 'Y', value: 1 } },
      'inputs.maximumBatchSize.type must be INSTANCE_COUNT or CAPACITY_PERCENT, got "Y"'],
  ])('malformed %s inputs %j are rejected with a message naming the field', (strategy, inputs, message) => {
    expect(() => planFromInputs(strategy, inputs)).toThrow(message);
  });
});

describe('capacity in instances, traffic as a result (issue 12)', () => {
  const canary = (percent: number, n: number) => DeploymentPlan.blueGreen({
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(percent) }), instanceCount: n,
  });
  const canaryStep = (plan: DeploymentPlan) => plan.steps.find(s => s.kind === DeploymentStepKind.SHIFT_TRAFFIC)!;

  test.each([
    // [percent, fleet, instances on (rounded down, at least 1), rounded up, traffic share of the canary]
    [10, 4, 1, 1, 25], // 0.4 instances: at least 1 of 4 turns on = 25 percent of the traffic
    [10, 10, 1, 1, 10], // exactly 1 instance = 10 percent
    [1, 150, 1, 2, 0.67], // 1.5 instances: the plan uses 1 (1/150 = 0.67 percent) and shows 1-2
  ])('canary %d%% of %d instances turns on %d (up to %d) new instances: %d%% of the traffic', (percent, n, low, high, share) => {
    const plan = canary(percent, n);
    const step = canaryStep(plan);
    expect(step).toMatchObject({ newFleetInstancesOn: low, oldFleetInstancesOn: n - low, newFleetTrafficPercent: share });
    expect(plan.roundings).toEqual([{ property: 'canary size', variantName: 'variant', percent, fleetSize: n, instancesRoundedDown: low, instancesRoundedUp: high }]);
  });

  test('the rounding range of 1% of 150 is shown and labelled an assumption', () => {
    expect(canary(1, 150).toString()).toContain('canary size 1% of 150 instances is 1-2 instances (assumption: SageMaker does not document the rounding; the timeline uses 1)');
  });

  test('linear 10% of 4 instances is 4 one-instance steps, not 10 steps of 10%', () => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(10) }), instanceCount: 4, provisioningAllowance: Duration.seconds(A),
    });
    // 0.4 instances -> 1 instance per step: 1/4, 2/4, 3/4, 4/4
    expect(shifts(plan)).toEqual([25, 50, 75, 100]);
    const shiftSteps = plan.steps.filter(s => s.kind === DeploymentStepKind.SHIFT_TRAFFIC);
    expect(shiftSteps.map(s => [s.newFleetInstancesOn, s.oldFleetInstancesOn])).toEqual([[1, 3], [2, 2], [3, 1], [4, 0]]);
    // waits: 4 x 600 = 2400; worst case 600 + 2400 = 3000; timeout 3000 + 600 margin
    expect(plan.totalWait.toSeconds()).toBe(2400);
    expect(plan.maximumExecutionTimeout.toSeconds()).toBe(3600);
  });

  test('linear 20% of 7 instances: 1.4 instances per step, planned as 7 one-instance steps (the longer end of 1-2)', () => {
    const plan = DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(20) }), instanceCount: 7 });
    // k/7: 14.29, 28.57, 42.86, 57.14, 71.43, 85.71, 100
    expect(shifts(plan)).toEqual([14.29, 28.57, 42.86, 57.14, 71.43, 85.71, 100]);
    expect(plan.roundings[0]).toMatchObject({ instancesRoundedDown: 1, instancesRoundedUp: 2 });
  });

  test('two variants of different sizes are planned per variant and combined by their weights', () => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(10) }),
      variants: [{ variantName: 'A', instanceCount: 4 }, { variantName: 'B', instanceCount: 10, weight: 3 }],
    });
    const step = canaryStep(plan);
    // A: 1 of 4 = 25%; B: 1 of 10 = 10%; endpoint: (25 x 1 + 10 x 3) / 4 = 13.75%
    expect(step.variants.map(v => [v.variantName, v.newFleetInstancesOn, v.newFleetTrafficPercent])).toEqual([['A', 1, 25], ['B', 1, 10]]);
    expect(step.newFleetTrafficPercent).toBe(13.75);
    expect(step).toMatchObject({ newFleetInstancesOn: 2, oldFleetInstancesOn: 12, newFleetInstances: 14, oldFleetInstances: 14 });
    expect(plan.peakInstanceCount).toBe(28);
  });

  test('linear steps of two variants go together; a variant that is done stays at 100 percent (assumption)', () => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(1) }),
      variants: [{ variantName: 'A', instanceCount: 2 }, { variantName: 'B', instanceCount: 4 }],
    });
    const steps = plan.steps.filter(s => s.kind === DeploymentStepKind.SHIFT_TRAFFIC);
    expect(steps.map(s => s.variants.map(v => v.newFleetInstancesOn))).toEqual([[1, 1], [2, 2], [2, 3], [2, 4]]);
  });
});

describe('autoscaled fleets are planned at both ends (issue 12)', () => {
  test('a rolling plan on 4-8 instances has a plan at each end, and the default timeout covers the maximum', () => {
    const plan = DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.instances(2),
      waitInterval: Duration.minutes(5),
      instanceCount: 4,
      maxInstanceCount: 8,
      provisioningAllowance: Duration.seconds(A),
    });
    expect(plan.isRange).toBe(true);
    expect(plan.atMinimum).toBe(plan);
    expect(plan.atMaximum.atMinimum).toBe(plan);
    // minimum: 2 batches x (600 + 300) = 1800; maximum: 4 batches x 900 = 3600
    expect(plan.worstCaseDuration.toSeconds()).toBe(1800);
    expect(plan.atMaximum.worstCaseDuration.toSeconds()).toBe(3600);
    // peak: fleet + batch at each end
    expect(plan.peakInstanceCount).toBe(6);
    expect(plan.atMaximum.peakInstanceCount).toBe(10);
    // the timeout covers the maximum: 3600 + 600 margin
    expect(plan.maximumExecutionTimeout.toSeconds()).toBe(4200);
    expect(plan.atMaximum.maximumExecutionTimeout.toSeconds()).toBe(4200);
    const text = plan.toString();
    expect(text).toContain('at the minimum, 4 instances:');
    expect(text).toContain('at the maximum, 8 instances:');
    expect(plan.toMarkdown()).toContain('At the autoscaling maximum (8 instances)');
  });

  test('a linear step valid at the minimum but not at the maximum is an error naming the maximum and a fix', () => {
    // 2 instances: 10-50 percent of 4 is 1-2 (valid); of 30 it is 3-15
    expect(() => DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(2) }), instanceCount: 4, maxInstanceCount: 30,
    })).toThrow('linear step size must be 3-15 instances for a fleet at the autoscaling maximum of 30 instances (10-50 percent of the fleet), got 2 instances: '
      + 'use CapacitySize.percent() so the size follows the fleet, or lower maxCapacity');
  });

  test('a plan that is not autoscaled is its own minimum and maximum', () => {
    const plan = DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 3 });
    expect(plan.isRange).toBe(false);
    expect(plan.atMaximum).toBe(plan);
    expect(plan._toJsonObject().atMaximum).toBeNull();
  });
});

describe('default timeout margin and provisioning allowance (issue 12)', () => {
  test.each([
    ['all at once', () => TrafficRouting.allAtOnce()],
    ['canary', () => TrafficRouting.canary({ size: CapacitySize.percent(10) })],
    ['linear', () => TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval: Duration.hours(1) })],
  ])('no default %s plan prints slack 0s', (_name, routing) => {
    for (const n of [1, 4, 10]) {
      const plan = DeploymentPlan.blueGreen({ trafficRouting: routing(), instanceCount: n });
      expect(plan.toString()).not.toContain('slack 0s');
      expect(plan._slackSeconds).toBeGreaterThanOrEqual(600);
    }
  });

  test('the margin is 10 percent of the worst case, at least 10 minutes, and the clamp to 8 hours can remove it', () => {
    // 4 x 1h bakes + 20 min = 4h 20m worst case; margin 10% = 1560 s; 15600 + 1560 = 17160 s = 286 min
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.percent(25), waitInterval: Duration.hours(1) }), instanceCount: 4,
    });
    expect(plan.worstCaseDuration.toSeconds()).toBe(15600);
    expect(plan.timeoutMargin.toSeconds()).toBe(1560);
    expect(plan.maximumExecutionTimeout.toSeconds()).toBe(17160);
    // 8 x 1h + 20 min = 8h 20m: clamped to 8h, no margin left
    const long = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(1), waitInterval: Duration.hours(1) }), instanceCount: 8,
    });
    expect(long.maximumExecutionTimeout.toSeconds()).toBe(28800);
    expect(long._slackSeconds).toBeLessThan(0);
  });

  test('the default provisioning allowance is 20 minutes', () => {
    expect(DeploymentPlan.DEFAULT_PROVISIONING_ALLOWANCE.toSeconds()).toBe(1200);
    expect(DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), instanceCount: 1 }).provisioningAllowance.toSeconds()).toBe(1200);
  });

  test('serverless plans do not talk about instances', () => {
    const plan = DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.allAtOnce(), serverless: true });
    const text = plan.toString();
    expect(text).not.toMatch(/instance/);
    expect(plan.toMarkdown()).not.toMatch(/instance/);
    expect(plan.steps.map(s => s.newFleetTrafficPercent)).toEqual([0, 100, 100]);
  });
});

describe('the longest rollout of an autoscaled range (review finding: percentage steps are not monotonic)', () => {
  const linear10 = () => TrafficRouting.linear({ stepSize: CapacitySize.percent(10), waitInterval: Duration.minutes(10) });

  test('a size between the ends that takes more steps sets the default timeout', () => {
    // linear 10 percent: 19 instances take 19 steps (1 instance each), 20 take 10; the ends 2 and 20 take 2 and 10
    const plan = DeploymentPlan.blueGreen({ trafficRouting: linear10(), instanceCount: 2, maxInstanceCount: 20 });
    expect(plan.longestRollout).toEqual({ instanceCount: 19, totalWaitSeconds: 19 * 600, worstCaseDurationSeconds: 1200 + 19 * 600 });
    expect(plan.atMaximum.longestRollout).toEqual(plan.longestRollout);
    // 210 minutes plus the 10 percent margin (21 minutes)
    expect(plan.maximumExecutionTimeout.toMinutes()).toBe(231);
    expect(plan.atMaximum.toString()).toContain('longest rollout in the range: 19 instances, total wait 3h 10m | worst case 3h 30m');
  });

  test('a smallest end that takes more steps than the largest sets the default timeout', () => {
    // 19 instances: 19 steps; 20 instances: 10 steps (before: the timeout covered 20 instances only, 2h12m)
    const plan = DeploymentPlan.blueGreen({ trafficRouting: linear10(), instanceCount: 19, maxInstanceCount: 20 });
    expect(plan.longestRollout).toBeUndefined();
    expect(plan.worstCaseDuration.toMinutes()).toBe(210);
    expect(plan.maximumExecutionTimeout.toMinutes()).toBe(231);
  });

  test('rolling 5 percent: 39 instances take 39 batches, 40 take 20', () => {
    const plan = DeploymentPlan.rolling({
      maximumBatchSize: CapacitySize.percent(5),
      waitInterval: Duration.minutes(5),
      instanceCount: 30,
      maxInstanceCount: 40,
      maximumExecutionTimeout: Duration.hours(8),
    });
    expect(plan.longestRollout?.instanceCount).toBe(39);
    expect(plan.longestRollout?.totalWaitSeconds).toBe(39 * 300);
  });

  test('instance-count sizes grow with the fleet: no longest rollout between the ends, and the same timeout as before', () => {
    const plan = DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.linear({ stepSize: CapacitySize.instances(1), waitInterval: Duration.minutes(10) }),
      instanceCount: 2,
      maxInstanceCount: 6,
    });
    expect(plan.longestRollout).toBeUndefined();
    expect(plan._toJsonObject().longestRollout).toBeUndefined();
    expect(plan.maximumExecutionTimeout.toSeconds()).toBe(plan.atMaximum.worstCaseDuration.toSeconds() + 600);
  });

  test('a given timeout shorter than the waits of a size between the ends is an error of the deployment', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1') }] });
    const config = new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }],
    });
    const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
    endpoint.variant('AllTraffic').autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 20 });
    new BlueGreenDeployment(stack, 'Deployment', { endpoint, trafficRouting: linear10(), maximumExecutionTimeout: Duration.minutes(150) });
    // the ends take 2 and 10 steps (20 and 100 minutes of waits); 19 instances take 19 (190 minutes)
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Deployment\] maximumExecutionTimeout must be longer than all waits \(3h 10m\), got 2h 30m/);
  });
});
