// The shadow-variant property of the fuzz suite (test/fuzz.test.ts passes its runner and helpers in, so the
// shared file gains one test and this file holds the model). The input-side model is written from the reference
// (../shared/reference/inference-components.md section 7.1), not from the library.
import { Size, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { EndpointConfig, InstanceType } from '../../src/endpoint-config';
import { ContainerImage, Model } from '../../src/model';

type Num = number | 'TOKEN';
type Str = string | 'TOKEN';

/** What the expectation of one sample records (the fuzz suite's Expectation). */
export interface ShadowExpectation {
  invalid(...keywords: string[]): void;
  unsure(...keywords: string[]): void;
}

/** The fuzz suite's runner and helpers this property uses. */
export interface ShadowFuzzKit<D> {
  readonly token: 'TOKEN';
  readonly runs: number;
  readonly seedOffset: number;
  check<T>(arb: fc.Arbitrary<T>, predicate: (spec: T) => void, numRuns: number, seedOffset: number): void;
  runSample(property: string, build: (stack: Stack) => void, expectation: ShadowExpectation): void;
  newExpectation(): ShadowExpectation;
  numArb(boundaries: number[], max?: number, valid?: [number, number]): fc.Arbitrary<Num>;
  nameArb(): fc.Arbitrary<Str>;
  durArb(secondsBoundaries: number[], valid?: [number, number]): fc.Arbitrary<D>;
  expectDuration(e: ShadowExpectation, d: D | undefined, keyword: string, min: number, max: number): void;
  num(stack: Stack, n: Num): number;
  str(stack: Stack, s: Str): string;
  dur(stack: Stack, d: D): import('aws-cdk-lib').Duration;
}

const NAME_RULE = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const NVME = ['ml.g5.xlarge', 'ml.m5d.large', 'ml.p4d.24xlarge'];
const TYPES = [...NVME, 'ml.m5.large', 'ml.c5.xlarge', 'ml.p3.2xlarge', 'ml.inf1.xlarge', 'ml.inf1.6xlarge', 'm5.large', 'ml..x', ''];

interface ShadowSpec<D> {
  readonly productionCount: 0 | 1 | 2;
  readonly serverless: boolean;
  readonly async: boolean;
  readonly kms: boolean;
  readonly productionType: string;
  readonly name: Str;
  readonly instanceType: string;
  readonly count?: Num;
  readonly volumeGib?: number;
  readonly download?: D;
  readonly startup?: D;
  readonly containers: 1 | 2;
}

/** Fuzzes `shadowProductionVariant` with its neighbours (production variants, serverless, async, KMS). */
export function fuzzShadowVariant<D>(kit: ShadowFuzzKit<D>): void {
  const arb: fc.Arbitrary<ShadowSpec<D>> = fc.record({
    productionCount: fc.oneof({ weight: 8, arbitrary: fc.constant(1 as const) }, { weight: 1, arbitrary: fc.constantFrom(0 as const, 2 as const) }),
    serverless: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    async: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    kms: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    productionType: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('ml.m5.large', 'ml.c5.xlarge') }, { weight: 1, arbitrary: fc.constant('ml.inf1.xlarge') }),
    name: fc.oneof({ weight: 6, arbitrary: kit.nameArb() }, { weight: 1, arbitrary: fc.constant('AllTraffic') }),
    instanceType: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('ml.m5.large', 'ml.c5.xlarge', 'ml.p3.2xlarge') },
      { weight: 2, arbitrary: fc.constantFrom(...TYPES) },
    ),
    count: fc.option(kit.numArb([0, 1, 2, 2_147_483_647, 2_147_483_648], 40_000, [1, 10]), { nil: undefined }),
    volumeGib: fc.option(
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(1, 30, 512) }, { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 513) }),
      { nil: undefined },
    ),
    download: fc.option(kit.durArb([59, 60, 3600, 3601], [60, 3600]), { nil: undefined }),
    startup: fc.option(kit.durArb([59, 60, 3600, 3601], [60, 3600]), { nil: undefined }),
    containers: fc.oneof({ weight: 9, arbitrary: fc.constant(1 as const) }, { weight: 1, arbitrary: fc.constant(2 as const) }),
  }, { requiredKeys: ['productionCount', 'serverless', 'async', 'kms', 'productionType', 'name', 'instanceType', 'containers'] });

  kit.check(arb, spec => kit.runSample('shadow', stack => build(kit, stack, spec), expect(kit, spec)), kit.runs, kit.seedOffset);
}

function expect<D>(kit: ShadowFuzzKit<D>, spec: ShadowSpec<D>): ShadowExpectation {
  const e = kit.newExpectation();
  if (spec.serverless) {
    // with or without instance variants, serverless and a shadow never go together
    e.invalid('serverless');
  }
  if (spec.async) {
    e.invalid('asyncInference');
  }
  if (!spec.serverless && spec.productionCount !== 1) {
    e.invalid('productionVariants');
  }
  if (spec.name !== kit.token && !NAME_RULE.test(spec.name)) {
    e.invalid('variantName');
  }
  if (spec.name === 'AllTraffic' && spec.productionCount > 0) {
    e.invalid('variantName');
  }
  if (spec.name === kit.token) {
    e.unsure('variantName');
  }
  if (!/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(spec.instanceType)) {
    e.invalid('instanceType');
  }
  if (spec.productionCount > 0 && spec.productionType.startsWith('ml.inf1.')) {
    e.invalid('instanceType');
  }
  if (spec.instanceType.startsWith('ml.inf1.')) {
    e.invalid('instanceType');
  }
  if (spec.count !== undefined && spec.count !== kit.token && !(Number.isInteger(spec.count) && spec.count >= 1 && spec.count <= 2_147_483_647)) {
    e.invalid('initialInstanceCount');
  }
  if (spec.volumeGib !== undefined && !(Number.isInteger(spec.volumeGib) && spec.volumeGib >= 1 && spec.volumeGib <= 512)) {
    e.invalid('volumeSize');
  }
  kit.expectDuration(e, spec.download, 'modelDataDownloadTimeout', 60, 3600);
  kit.expectDuration(e, spec.startup, 'containerStartupHealthCheckTimeout', 60, 3600);
  if (spec.kms && NVME.includes(spec.instanceType)) {
    e.invalid('encryptionKey');
  }
  if (spec.containers > 1) {
    e.invalid('container');
  }
  return e;
}

function build<D>(kit: ShadowFuzzKit<D>, stack: Stack, spec: ShadowSpec<D>): void {
  const image = ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1');
  const prod = new Model(stack, 'Prod', { containers: [{ image }] });
  const candidate = new Model(stack, 'Candidate', {
    containers: spec.containers === 1 ? [{ image }] : [{ image, containerHostname: 'a' }, { image, containerHostname: 'b' }],
  });
  const variants = Array.from({ length: spec.serverless ? 0 : spec.productionCount }, (_, i) => ({
    variantName: i === 0 ? 'AllTraffic' : `Second${i}`, model: prod, instanceType: InstanceType.of(spec.productionType),
  }));
  new EndpointConfig(stack, 'Config', {
    instanceProductionVariants: variants,
    serverlessProductionVariant: spec.serverless ? { variantName: 'AllTraffic', model: prod, memorySize: Size.gibibytes(2), maxConcurrency: 5 } : undefined,
    asyncInference: spec.async ? { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'fuzz-async-output') } : undefined,
    encryptionKey: spec.kms ? new kms.Key(stack, 'Key') : undefined,
    shadowProductionVariant: {
      variantName: kit.str(stack, spec.name),
      model: candidate,
      instanceType: InstanceType.of(spec.instanceType),
      initialInstanceCount: spec.count === undefined ? undefined : kit.num(stack, spec.count),
      volumeSize: spec.volumeGib === undefined ? undefined : Size.gibibytes(spec.volumeGib),
      modelDataDownloadTimeout: spec.download && kit.dur(stack, spec.download),
      containerStartupHealthCheckTimeout: spec.startup && kit.dur(stack, spec.startup),
    },
  });
}
