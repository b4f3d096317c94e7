// Property-based tests (fast-check) over the public props of EndpointConfig, Endpoint, BlueGreenDeployment,
// RollingDeployment, CapacitySize and TrafficRouting, and the copy autoscaling of InferenceComponent.
//
// For random inputs (in range, out of range, boundaries, NaN, infinities, negative, fractional, huge, empty
// and unicode strings, unresolved tokens) the library must either synthesize a template or throw a plain
// `Error` whose message names the offending property. Never a TypeError/RangeError from inside, never a
// message that names nothing (e.g. CDK's "'1500 millis' cannot be converted into a whole number of seconds"),
// and never an accepted value that breaks ../shared/reference/sagemaker-limits.md: every accepted template is
// checked by test/util/limits.ts (written from the reference, not from the library), and all accepted
// templates are linted by cfn-lint in one batch at the end.
//
// Each property also has an input-side model (`expect*` below) of what SageMaker accepts: an input the
// model calls valid must be accepted, an input it calls invalid must be rejected, naming the property.
//
// Reproduce a failure: fast-check prints `seed` and `path`; run with FUZZ_SEED=<seed> (and FUZZ_RUNS to
// change the number of runs per property).
import { App, CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { formatFindings, lintTemplates, NamedTemplate, templateOf } from './util/cfn-lint';
import { fuzzModelPackageArns, fuzzModelPackageGroups } from './util/fuzz-model-sources';
import { fuzzShadowVariant } from './util/fuzz-shadow';
import { checkTemplateLimits } from './util/limits';
import { BlueGreenDeployment, CapacitySize, RollingDeployment, TrafficRouting } from '../src/deployment';
import { Endpoint, RetainedVariantProperty } from '../src/endpoint';
import { EndpointConfig, EndpointConfigProps, InstanceType } from '../src/endpoint-config';
import { ComponentSpecification, InferenceComponent } from '../src/inference-component';
import { ContainerImage, Model } from '../src/model';

jest.setTimeout(240_000);

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261127;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
/** Runs per construct property (each run may synthesize a stack); the pure property runs more. */
const CONSTRUCT_RUNS = RUNS ?? 150;
const PURE_RUNS = RUNS ? RUNS * 4 : 1000;

// ---------------------------------------------------------------------------------------------------------
// input specs: plain data that fast-check can shrink and print; materialized into CDK values in a stack
// ---------------------------------------------------------------------------------------------------------

/** An unresolved token (a CloudFormation parameter) in place of a literal. */
const TOKEN = 'TOKEN' as const;
type Num = number | typeof TOKEN;
type Str = string | typeof TOKEN;
interface DurSpec { readonly unit: 'millis' | 'seconds' | 'minutes' | 'hours'; readonly amount: Num }
interface SizeSpec { readonly unit: 'kibibytes' | 'mebibytes' | 'gibibytes' | 'tebibytes'; readonly amount: Num }
interface CapSpec { readonly kind: 'percent' | 'instances'; readonly value: Num }
type Tags = { [key: string]: string };

const WEIRD = [NaN, Infinity, -Infinity, -0, -1, 0.5, 1.5, 99.9, 1e21, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, -1e9, 2 ** 31];

/**
 * Numbers around the given boundaries, random integers, weird values, any double, and tokens; with `valid`,
 * mostly (4 in 5) a whole number in that range, so that samples with several fields are often accepted.
 */
function numArb(boundaries: number[], max = 40_000, valid?: [number, number]): fc.Arbitrary<Num> {
  const any = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...boundaries) },
    { weight: 3, arbitrary: fc.integer({ min: -5, max }) },
    { weight: 2, arbitrary: fc.constantFrom(...WEIRD) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constant<typeof TOKEN>(TOKEN) },
  );
  return valid ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: valid[0], max: valid[1] }) }, { weight: 1, arbitrary: any }) : any;
}

/** Non-negative amounts only: negative Durations and Sizes are rejected by aws-cdk-lib itself, before the library. */
function amountArb(boundaries: number[], valid?: [number, number]): fc.Arbitrary<Num> {
  return numArb(boundaries, 40_000, valid).filter(n => n === TOKEN || !(n < 0));
}

function durArb(secondsBoundaries: number[], valid?: [number, number]): fc.Arbitrary<DurSpec> {
  // a token Duration can only be read in its own unit (aws-cdk-lib), so tokens come as Duration.seconds()
  const noToken = (a: fc.Arbitrary<Num>) => a.filter(n => n !== TOKEN);
  const any = fc.oneof(
    { weight: 5, arbitrary: amountArb(secondsBoundaries).map(amount => ({ unit: 'seconds' as const, amount })) },
    { weight: 2, arbitrary: noToken(amountArb(secondsBoundaries.map(s => s / 60).concat([0.5, 1.25]))).map(amount => ({ unit: 'minutes' as const, amount })) },
    { weight: 2, arbitrary: noToken(amountArb(secondsBoundaries.map(s => s * 1000).concat([1500, 999, 1]))).map(amount => ({ unit: 'millis' as const, amount })) },
    { weight: 1, arbitrary: noToken(amountArb([0, 1, 8, 9, 0.25])).map(amount => ({ unit: 'hours' as const, amount })) },
  );
  if (!valid) {
    return any;
  }
  const inRange = fc.oneof(
    fc.integer({ min: valid[0], max: valid[1] }).map(amount => ({ unit: 'seconds' as const, amount })),
    fc.integer({ min: Math.ceil(valid[0] / 60), max: Math.floor(valid[1] / 60) }).map(amount => ({ unit: 'minutes' as const, amount })),
  );
  return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: any });
}

/** Sizes in `tokenUnit` (the unit the library reads, the only one a token can be given in) and other units. */
function sizeArb(tokenUnit: SizeSpec['unit'], units: Array<SizeSpec['unit']>, boundaries: number[], valid: fc.Arbitrary<SizeSpec>): fc.Arbitrary<SizeSpec> {
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 3, arbitrary: amountArb(boundaries).map(amount => ({ unit: tokenUnit, amount })) },
    { weight: 2, arbitrary: fc.record({ unit: fc.constantFrom(...units), amount: amountArb(boundaries).filter(n => n !== TOKEN) }) },
  );
}

const UNIT_SECONDS = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600 };
const UNIT_MIB = { kibibytes: 1 / 1024, mebibytes: 1, gibibytes: 1024, tebibytes: 1024 * 1024 };

function seconds(d: DurSpec): number | undefined {
  return d.amount === TOKEN ? undefined : d.amount * UNIT_SECONDS[d.unit];
}

function mebibytes(s: SizeSpec): number | undefined {
  return s.amount === TOKEN ? undefined : s.amount * UNIT_MIB[s.unit];
}

const VALID_NAMES = ['AllTraffic', 'a', 'A1', 'blue-green', 'x--y', 'v2', 'a'.repeat(63), 'Challenger'];
const INVALID_NAMES = ['', '-a', 'a-', 'a_b', 'a b', 'a.b', 'a'.repeat(64), 'ünïcode', '日本', 'emoji😀', 'a\nb'];

function nameArb(): fc.Arbitrary<Str> {
  return fc.oneof(
    { weight: 24, arbitrary: fc.constantFrom(...VALID_NAMES) },
    { weight: 3, arbitrary: fc.constantFrom(...INVALID_NAMES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constant<typeof TOKEN>(TOKEN) },
  );
}

const TAG_KEYS = ['team', 'cost-center', 'Name', 'aws:reserved', 'AWS:Upper', '', 'k'.repeat(128), 'k'.repeat(129), 'ключ', 'a#b', 'emoji😀', 'with space', 'x=y+z@a.b/c:d'];
const TAG_VALUES = ['', 'ml-platform', 'v'.repeat(256), 'v'.repeat(257), 'значение', 'semi;colon', 'emoji😀', 'a b c'];

function tagsArb(): fc.Arbitrary<Tags | undefined> {
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TAG_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
  const value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TAG_VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
  const many: Tags = {};
  for (let i = 0; i < 51; i++) {
    many[`tag${i}`] = 'x';
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant({ 'team': 'ml-platform', 'cost-center': '1234' }) },
    { weight: 4, arbitrary: fc.dictionary(key, value, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constant(many) },
  );
}

// ---------------------------------------------------------------------------------------------------------
// the independent model of what SageMaker accepts (from sagemaker-limits.md), input side
// ---------------------------------------------------------------------------------------------------------

const NAME_RULE = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/;
const NVME_TYPES = ['ml.g5.xlarge', 'ml.m5d.large', 'ml.g4dn.xlarge', 'ml.c5d.xlarge', 'ml.r5d.large', 'ml.p4d.24xlarge'];
const PLAIN_TYPES = ['ml.m5.large', 'ml.c5.xlarge', 'ml.r5.large', 'ml.p3.2xlarge', 'ml.m4.xlarge', 'ml.zz9.large'];
const INSTANCE_TYPES = [...NVME_TYPES, ...PLAIN_TYPES, 'ml.t2.medium', 'ml.inf1.xlarge', 'm5.large', '', 'ml.M5.large', 'ml.m5.large ', 'ml..x'];

/** What the model expects: if the library throws, its message must contain one of `reasons`. */
class Expectation {
  public readonly reasons: string[] = [];
  public mustReject = false;
  public mayReject = false;

  /** The input is invalid: the library must reject it, naming one of `keywords`. */
  public invalid(...keywords: string[]): void {
    this.reasons.push(...keywords);
    this.mustReject = true;
  }

  /** The outcome depends on facts the model does not pin down (tokens, undocumented rounding). */
  public unsure(...keywords: string[]): void {
    this.reasons.push(...keywords);
    this.mayReject = true;
  }
}

function isWhole(n: number | undefined, min: number, max: number): boolean {
  return n !== undefined && Number.isInteger(n) && n >= min && n <= max;
}

function expectName(e: Expectation, value: Str | undefined, keyword: string): void {
  if (value !== undefined && value !== TOKEN && !NAME_RULE.test(value)) {
    e.invalid(keyword);
  }
}

function expectTags(e: Expectation, tags: Tags | undefined): void {
  if (!tags) {
    return;
  }
  const keys = Object.keys(tags);
  if (keys.length > 50) {
    e.invalid('tags');
  }
  for (const key of keys) {
    const value = tags[key];
    if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith('aws:') || !TAG_CHARS.test(key)
      || value.length > 256 || !TAG_CHARS.test(value)) {
      e.invalid('tags');
    }
  }
}

function expectDuration(e: Expectation, d: DurSpec | undefined, keyword: string, min: number, max: number): void {
  if (d === undefined) {
    return;
  }
  const s = seconds(d);
  if (s === undefined) {
    e.unsure(keyword);
  } else if (!isWhole(s, min, max)) {
    e.invalid(keyword);
  }
}

// ---------------------------------------------------------------------------------------------------------
// running one sample
// ---------------------------------------------------------------------------------------------------------

const accepted: NamedTemplate[] = [];
const acceptedJson = new Set<string>();
const stats: { [property: string]: { accepted: number; rejected: number } } = {};

function newFuzzStack(): Stack {
  return new Stack(new App(), 'Fuzz', { env: { account: '123456789012', region: 'us-east-1' } });
}

let tokenCount = 0;
function num(stack: Stack, n: Num): number {
  return n === TOKEN ? new CfnParameter(stack, `N${tokenCount++}`, { type: 'Number' }).valueAsNumber : n;
}
function str(stack: Stack, s: Str): string {
  return s === TOKEN ? new CfnParameter(stack, `S${tokenCount++}`, { type: 'String' }).valueAsString : s;
}
function dur(stack: Stack, d: DurSpec): Duration {
  return Duration[d.unit](num(stack, d.amount));
}
function size(stack: Stack, s: SizeSpec): Size {
  return Size[s.unit](num(stack, s.amount));
}
function cap(stack: Stack, c: CapSpec): CapacitySize {
  return c.kind === 'percent' ? CapacitySize.percent(num(stack, c.value)) : CapacitySize.instances(num(stack, c.value));
}

const INTERNAL_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** A rejection must be an Error (not a TypeError/RangeError from inside) that names an offending property. */
function checkThrown(err: unknown, expectation: Expectation): void {
  if (!(err instanceof Error) || INTERNAL_ERRORS.some(c => err instanceof c)) {
    throw new Error(`threw ${(err as Error)?.constructor?.name ?? typeof err} instead of a validation Error: ${(err as Error)?.message ?? String(err)}`);
  }
  if (!expectation.mustReject && !expectation.mayReject) {
    throw new Error(`rejected an input the model calls valid: ${err.message}`);
  }
  if (!expectation.reasons.some(r => err.message.includes(r))) {
    throw new Error(`the message names none of the offending properties (${expectation.reasons.join(', ')}): ${err.message}`);
  }
}

/**
 * A library bug found by this suite that cannot be fixed right away (e.g. its file is being edited by its
 * owner): pass it to runSample ONLY for the inputs that trigger it; such samples are counted and printed
 * instead of failing, so the rest of the space is still explored. None is open: every bug found so far is
 * fixed and held in place by test/fuzz-regressions.test.ts.
 */
interface KnownBug {
  readonly id: string;
  /** The library throws this instead of a message naming the property. */
  readonly message?: RegExp;
  /** The library accepts the input although it breaks a limit. */
  readonly accepts?: boolean;
}
const tolerated = new Map<string, number>();
const INT32_MAX = 2_147_483_647;

/** Builds the sample, synthesizes it, and checks the outcome against the expectation and the limits. */
function runSample(property: string, build: (stack: Stack) => void, expectation: Expectation, knownBugs: KnownBug[] = []): void {
  const counters = stats[property] ??= { accepted: 0, rejected: 0 };
  const stack = newFuzzStack();
  let template: unknown;
  try {
    build(stack);
    template = templateOf(stack);
  } catch (err) {
    counters.rejected++;
    const bug = knownBugs.find(b => err instanceof Error && b.message?.test(err.message));
    if (bug) {
      tolerated.set(bug.id, (tolerated.get(bug.id) ?? 0) + 1);
      return;
    }
    checkThrown(err, expectation);
    return;
  }
  counters.accepted++;
  const acceptedBug = knownBugs.find(b => b.accepts);
  if (acceptedBug) {
    tolerated.set(acceptedBug.id, (tolerated.get(acceptedBug.id) ?? 0) + 1);
    return;
  }
  const violations = checkTemplateLimits(template);
  if (violations.length > 0) {
    throw new Error(`accepted a template that breaks the SageMaker limits:\n${violations.join('\n')}`);
  }
  if (expectation.mustReject) {
    throw new Error(`accepted an input the model calls invalid (${expectation.reasons.join(', ')})`);
  }
  const json = JSON.stringify(template);
  if (!acceptedJson.has(json)) {
    acceptedJson.add(json);
    accepted.push({ name: `${property}-${accepted.length}`, template });
  }
}

function check<T>(arb: fc.Arbitrary<T>, predicate: (spec: T) => void, numRuns: number, seedOffset: number): void {
  fc.assert(fc.property(arb, predicate), { seed: SEED + seedOffset, numRuns, endOnFailure: false });
}

// ---------------------------------------------------------------------------------------------------------
// EndpointConfig
// ---------------------------------------------------------------------------------------------------------

interface VariantSpec {
  readonly name: Str;
  readonly instanceType: string;
  readonly count?: Num;
  readonly weight?: Num;
  readonly volume?: SizeSpec;
  readonly download?: DurSpec;
  readonly startup?: DurSpec;
}

interface ConfigSpec {
  readonly variants: VariantSpec[];
  readonly serverless?: { readonly name: Str; readonly memory: SizeSpec; readonly max: Num; readonly provisioned?: Num };
  readonly kms: boolean;
  readonly dataCapture?: {
    readonly percent?: Num;
    readonly prefix?: string;
    readonly tokenBucket: boolean;
    readonly input?: boolean;
    readonly output?: boolean;
    readonly csv?: string[];
    readonly json?: string[];
  };
  readonly async?: { readonly max?: Num; readonly prefix?: string; readonly failurePrefix?: string; readonly failureBucket: boolean };
  readonly name?: Str;
  readonly tags?: Tags;
}

const CONTENT_TYPES = ['text/csv', 'application/json', 'application/x-npy', 'a/b.c', '', 'csv', '/json', 'text/ csv', 'ü/x'];
const PREFIXES = ['', 'capture/', 'capture/', 'a/b/c', 'a/b/c', '/leading', 'p'.repeat(480), 'p'.repeat(500), 'p'.repeat(600), 'ünï/😀'];

const variantArb: fc.Arbitrary<VariantSpec> = fc.record({
  name: nameArb(),
  instanceType: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PLAIN_TYPES) }, { weight: 2, arbitrary: fc.constantFrom(...INSTANCE_TYPES) }),
  count: fc.option(numArb([0, 1, 2, 4, 10], 40_000, [1, 10]), { nil: undefined }),
  weight: fc.option(numArb([0, 0.5, 1, 100, -0.1], 40_000, [0, 10]), { nil: undefined }),
  volume: fc.option(sizeArb('gibibytes', ['mebibytes', 'tebibytes'], [0, 1, 512, 513, 0.5, 1536],
    fc.integer({ min: 1, max: 512 }).map(amount => ({ unit: 'gibibytes' as const, amount }))), { nil: undefined, freq: 2 }),
  download: fc.option(durArb([59, 60, 3600, 3601], [60, 3600]), { nil: undefined, freq: 2 }),
  startup: fc.option(durArb([59, 60, 600, 3600, 3601], [60, 3600]), { nil: undefined, freq: 2 }),
}, { requiredKeys: ['name', 'instanceType'] });

/** Present in about one sample of three. */
function sometimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

const serverlessArb = fc.record({
  name: nameArb(),
  memory: sizeArb('mebibytes', ['gibibytes', 'kibibytes'], [1024, 2048, 6144, 6145, 1000, 1, 2, 6, 7, 0],
    fc.integer({ min: 1, max: 6 }).map(amount => ({ unit: 'gibibytes' as const, amount }))),
  max: numArb([0, 1, 200, 201], 40_000, [1, 200]),
  provisioned: fc.option(numArb([0, 1, 5, 200, 201], 40_000, [1, 20]), { nil: undefined, freq: 2 }),
}, { requiredKeys: ['name', 'memory', 'max'] });

/** Instance variants and/or the serverless variant: mostly valid shapes, sometimes none, too many or mixed. */
const shapeArb: fc.Arbitrary<Pick<ConfigSpec, 'variants' | 'serverless'>> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ variants: fc.array(variantArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ variants: fc.constant<VariantSpec[]>([]), serverless: serverlessArb }) },
  { weight: 1, arbitrary: fc.record({ variants: fc.array(variantArb, { minLength: 1, maxLength: 2 }), serverless: serverlessArb }) },
  { weight: 1, arbitrary: fc.record({ variants: fc.constant<VariantSpec[]>([]) }) },
  { weight: 1, arbitrary: fc.record({ variants: fc.array(variantArb, { minLength: 10, maxLength: 11 }) }) },
);

const configArb: fc.Arbitrary<ConfigSpec> = fc.tuple(shapeArb, fc.record({
  kms: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  dataCapture: sometimes(fc.record({
    percent: fc.option(numArb([0, 1, 100, 101, 50.5], 40_000, [0, 100]), { nil: undefined }),
    prefix: fc.option(fc.constantFrom(...PREFIXES), { nil: undefined }),
    tokenBucket: fc.boolean(),
    input: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
    output: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
    csv: sometimes(fc.array(fc.constantFrom(...CONTENT_TYPES), { maxLength: 11 })),
    json: sometimes(fc.array(fc.constantFrom(...CONTENT_TYPES), { maxLength: 3 })),
  }, { requiredKeys: ['tokenBucket'] })),
  async: sometimes(fc.record({
    max: fc.option(numArb([0, 1, 1000, 1001], 40_000, [1, 1000]), { nil: undefined }),
    prefix: fc.option(fc.constantFrom(...PREFIXES), { nil: undefined }),
    failurePrefix: sometimes(fc.constantFrom('failures/', '/x')),
    failureBucket: fc.boolean(),
  }, { requiredKeys: ['failureBucket'] })),
  name: sometimes(nameArb()),
  tags: tagsArb(),
}, { requiredKeys: ['kms'] })).map(([shape, rest]) => ({ ...shape, ...rest }));

const LITERAL_BUCKET = 'fuzz-capture-bucket';

function expectS3Uri(e: Expectation, prefix: string | undefined, tokenBucket: boolean, keyword: string): void {
  if (prefix?.startsWith('/')) {
    e.invalid(keyword);
  }
  const rest = 's3://'.length + 1 + (prefix ?? '').length;
  if (!tokenBucket && rest + LITERAL_BUCKET.length > 512) {
    e.invalid(keyword);
  }
  // a bucket name is 3-63 characters: over 512 whatever the name, or only for long names
  if (tokenBucket && rest + 3 > 512) {
    e.invalid(keyword);
  } else if (tokenBucket && rest + 63 > 512) {
    e.unsure(keyword);
  }
}

function expectConfig(spec: ConfigSpec): Expectation {
  const e = new Expectation();
  expectName(e, spec.name, 'endpointConfigName');
  expectTags(e, spec.tags);
  const total = spec.variants.length + (spec.serverless ? 1 : 0);
  if (spec.serverless && spec.variants.length > 0) {
    e.invalid('serverlessProductionVariant', 'serverless variant');
  }
  if (spec.serverless && spec.async) {
    e.invalid('asyncInference');
  }
  if (total < 1 || total > 10) {
    e.invalid('productionVariants');
  }
  const names = spec.variants.map(v => v.name).filter(n => n !== TOKEN);
  if (new Set(names).size !== names.length) {
    e.invalid('variantName');
  }
  for (const v of spec.variants) {
    expectName(e, v.name, 'variantName');
    if (!/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(v.instanceType)) {
      e.invalid('instanceType');
    }
    if (v.count !== undefined && v.count !== TOKEN && !isWhole(v.count, 1, INT32_MAX)) {
      e.invalid('initialInstanceCount');
    }
    if (v.weight !== undefined && v.weight !== TOKEN && !(Number.isFinite(v.weight) && v.weight >= 0)) {
      e.invalid('initialVariantWeight');
    }
    if (v.volume !== undefined) {
      const mib = mebibytes(v.volume);
      if (mib !== undefined && !isWhole(mib / 1024, 1, 512)) {
        e.invalid('volumeSize');
      }
    }
    expectDuration(e, v.download, 'modelDataDownloadTimeout', 60, 3600);
    expectDuration(e, v.startup, 'containerStartupHealthCheckTimeout', 60, 3600);
    if (spec.kms && NVME_TYPES.includes(v.instanceType)) {
      e.invalid('encryptionKey');
    }
  }
  const s = spec.serverless;
  if (s) {
    expectName(e, s.name, 'variantName');
    const mib = mebibytes(s.memory);
    if (mib !== undefined && ![1024, 2048, 3072, 4096, 5120, 6144].includes(mib)) {
      e.invalid('memorySize');
    }
    if (s.max !== TOKEN && !isWhole(s.max, 1, 200)) {
      e.invalid('maxConcurrency');
    }
    if (s.provisioned !== undefined && s.provisioned !== TOKEN) {
      if (!isWhole(s.provisioned, 1, 200) || (s.max !== TOKEN && s.provisioned > s.max)) {
        e.invalid('provisionedConcurrency');
      }
    }
  }
  const dc = spec.dataCapture;
  if (dc) {
    if (dc.percent !== undefined && dc.percent !== TOKEN && !isWhole(dc.percent, 0, 100)) {
      e.invalid('initialSamplingPercentage');
    }
    if (dc.input === false && dc.output === false) {
      e.invalid('dataCapture');
    }
    for (const [key, types] of [['csvContentTypes', dc.csv], ['jsonContentTypes', dc.json]] as const) {
      if (types !== undefined && (types.length < 1 || types.length > 10 || types.some(t => t.length > 256 || !CONTENT_TYPE.test(t)))) {
        e.invalid(key);
      }
    }
    expectS3Uri(e, dc.prefix, dc.tokenBucket, 'dataCapture destination');
  }
  const ai = spec.async;
  if (ai) {
    if (ai.max !== undefined && ai.max !== TOKEN && !isWhole(ai.max, 1, 1000)) {
      e.invalid('maxConcurrentInvocationsPerInstance');
    }
    if (ai.failurePrefix !== undefined && !ai.failureBucket) {
      e.invalid('failurePrefix');
    }
    expectS3Uri(e, ai.prefix, false, 'asyncInference output');
    if (ai.failureBucket) {
      expectS3Uri(e, ai.failurePrefix, false, 'asyncInference failure');
    }
  }
  return e;
}

function buildConfig(stack: Stack, spec: ConfigSpec): EndpointConfig {
  const model = Model.fromModelName(stack, 'Model', 'fuzz-model');
  const props: { -readonly [K in keyof EndpointConfigProps]: EndpointConfigProps[K] } = {
    instanceProductionVariants: spec.variants.map(v => ({
      variantName: str(stack, v.name),
      model,
      instanceType: InstanceType.of(v.instanceType),
      initialInstanceCount: v.count === undefined ? undefined : num(stack, v.count),
      initialVariantWeight: v.weight === undefined ? undefined : num(stack, v.weight),
      volumeSize: v.volume && size(stack, v.volume),
      modelDataDownloadTimeout: v.download && dur(stack, v.download),
      containerStartupHealthCheckTimeout: v.startup && dur(stack, v.startup),
    })),
    encryptionKey: spec.kms ? kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555') : undefined,
    endpointConfigName: spec.name === undefined ? undefined : str(stack, spec.name),
    tags: spec.tags,
  };
  if (spec.serverless) {
    const s = spec.serverless;
    props.serverlessProductionVariant = {
      variantName: str(stack, s.name),
      model,
      memorySize: size(stack, s.memory),
      maxConcurrency: num(stack, s.max),
      provisionedConcurrency: s.provisioned === undefined ? undefined : num(stack, s.provisioned),
    };
  }
  if (spec.dataCapture) {
    const dc = spec.dataCapture;
    props.dataCapture = {
      destinationBucket: dc.tokenBucket ? new s3.Bucket(stack, 'Capture') : s3.Bucket.fromBucketName(stack, 'Capture', LITERAL_BUCKET),
      destinationPrefix: dc.prefix,
      initialSamplingPercentage: dc.percent === undefined ? undefined : num(stack, dc.percent),
      captureInput: dc.input,
      captureOutput: dc.output,
      csvContentTypes: dc.csv,
      jsonContentTypes: dc.json,
    };
  }
  if (spec.async) {
    const ai = spec.async;
    props.asyncInference = {
      outputBucket: s3.Bucket.fromBucketName(stack, 'Output', LITERAL_BUCKET),
      outputPrefix: ai.prefix,
      failureBucket: ai.failureBucket ? s3.Bucket.fromBucketName(stack, 'Failures', LITERAL_BUCKET) : undefined,
      failurePrefix: ai.failurePrefix,
      maxConcurrentInvocationsPerInstance: ai.max === undefined ? undefined : num(stack, ai.max),
    };
  }
  return new EndpointConfig(stack, 'Config', props);
}

// ---------------------------------------------------------------------------------------------------------
// Endpoint (names, tags, retention, autoscaling)
// ---------------------------------------------------------------------------------------------------------

interface EndpointSpec {
  readonly name?: Str;
  readonly tags?: Tags;
  readonly retainAll?: boolean;
  readonly exclude?: string[];
  readonly instanceType: string;
  readonly count: number;
  readonly serverless: boolean;
  readonly scale?: { readonly variant: string; readonly min?: Num; readonly max: Num };
}

const RETAINED = Object.values(RetainedVariantProperty) as string[];

const endpointArb: fc.Arbitrary<EndpointSpec> = fc.record({
  name: sometimes(nameArb()),
  tags: tagsArb(),
  retainAll: fc.option(fc.boolean(), { nil: undefined }),
  exclude: fc.option(fc.array(fc.constantFrom(...RETAINED, 'Bogus', ''), { maxLength: 4 }), { nil: undefined, freq: 2 }),
  instanceType: fc.constantFrom('ml.m5.large', 'ml.c5.xlarge', 'ml.t2.medium', 'ml.inf1.xlarge'),
  count: fc.integer({ min: 1, max: 10 }),
  serverless: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  scale: fc.option(fc.record({
    variant: fc.constantFrom('AllTraffic', 'AllTraffic', 'AllTraffic', 'Other'),
    min: fc.option(numArb([0, 1, 2, 10], 40_000, [1, 3]), { nil: undefined }),
    max: numArb([0, 1, 2, 10, 100], 40_000, [4, 20]),
  }, { requiredKeys: ['variant', 'max'] }), { nil: undefined }),
}, { requiredKeys: ['tags', 'instanceType', 'count', 'serverless'] });

function expectEndpoint(spec: EndpointSpec): Expectation {
  const e = new Expectation();
  expectName(e, spec.name, 'endpointName');
  expectTags(e, spec.tags);
  const exclude = spec.exclude ?? [];
  if (exclude.some(x => !RETAINED.includes(x)) || new Set(exclude).size !== exclude.length) {
    e.invalid('excludeRetainedVariantProperties');
  }
  let scaled = false;
  const sc = spec.scale;
  if (sc) {
    const min = sc.min ?? 1;
    const reasons = ['minCapacity', 'maxCapacity', 'autoScaleInstanceCount', 'initialInstanceCount', 'variantName', 'production variant'];
    let ok = true;
    if (min !== TOKEN && !isWhole(min, 1, INT32_MAX)) {
      e.invalid('minCapacity');
      ok = false;
    }
    if (sc.max !== TOKEN && !isWhole(sc.max, 1, INT32_MAX)) {
      e.invalid('maxCapacity');
      ok = false;
    }
    if (ok && min !== TOKEN && sc.max !== TOKEN && sc.max < min) {
      e.invalid('maxCapacity');
    }
    if (sc.variant !== 'AllTraffic') {
      e.invalid(...reasons); // autoscaling a variant the config does not have fails at deploy
    } else if (spec.serverless || /^ml\.t\d/.test(spec.instanceType)) {
      e.invalid('autoScaleInstanceCount');
    } else if (min !== TOKEN && sc.max !== TOKEN && (spec.count < min || spec.count > sc.max)) {
      e.invalid('initialInstanceCount');
    }
    if (min === TOKEN || sc.max === TOKEN) {
      e.unsure(...reasons);
    }
    scaled = true;
  }
  const effective = spec.retainAll ?? (scaled ? true : undefined);
  if (exclude.length > 0 && effective !== true) {
    e.invalid('excludeRetainedVariantProperties');
  }
  return e;
}

function buildEndpoint(stack: Stack, spec: EndpointSpec): void {
  const model = Model.fromModelName(stack, 'Model', 'fuzz-model');
  const config = new EndpointConfig(stack, 'Config', spec.serverless
    ? { serverlessProductionVariant: { variantName: 'AllTraffic', model, memorySize: Size.gibibytes(1), maxConcurrency: 5 } }
    : { instanceProductionVariants: [{ variantName: 'AllTraffic', model, instanceType: InstanceType.of(spec.instanceType), initialInstanceCount: spec.count }] });
  const endpoint = new Endpoint(stack, 'Endpoint', {
    endpointConfig: config,
    endpointName: spec.name === undefined ? undefined : str(stack, spec.name),
    tags: spec.tags,
    retainAllVariantProperties: spec.retainAll,
    excludeRetainedVariantProperties: spec.exclude as RetainedVariantProperty[] | undefined,
  });
  if (spec.scale) {
    endpoint.variant(spec.scale.variant).autoScaleInstanceCount({
      minCapacity: spec.scale.min === undefined ? undefined : num(stack, spec.scale.min),
      maxCapacity: num(stack, spec.scale.max),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// InferenceComponent copy autoscaling (issue 15)
// ---------------------------------------------------------------------------------------------------------

interface CopyScalingSpec {
  readonly min?: Num;
  readonly max: Num;
  readonly initial?: Num;
  /** Whether the host variant scales its instances to zero (a warning otherwise, never an error). */
  readonly instancesToZero: boolean;
  /** Whether a target-tracking policy is added (required with minCapacity 0). */
  readonly tracking: boolean;
}

const copyScalingArb: fc.Arbitrary<CopyScalingSpec> = fc.record({
  min: fc.option(numArb([0, 1, 2, 10], 40_000, [0, 3]), { nil: undefined }),
  max: numArb([0, 1, 2, 10, 100, INT32_MAX, INT32_MAX + 1], 40_000, [3, 20]),
  initial: fc.option(numArb([0, 1, 2, 3, 21], 40_000, [1, 3]), { nil: undefined, freq: 3 }),
  instancesToZero: fc.boolean(),
  tracking: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
}, { requiredKeys: ['max', 'instancesToZero', 'tracking'] });

function expectCopyScaling(spec: CopyScalingSpec): Expectation {
  const e = new Expectation();
  const min = spec.min ?? 1;
  let ok = true;
  if (spec.initial !== undefined && spec.initial !== TOKEN && !isWhole(spec.initial, 1, INT32_MAX)) {
    e.invalid('initialCopyCount');
    ok = false;
  }
  if (min !== TOKEN && !isWhole(min, 0, INT32_MAX)) {
    e.invalid('minCapacity');
    ok = false;
  }
  if (spec.max !== TOKEN && !isWhole(spec.max, 1, INT32_MAX)) {
    e.invalid('maxCapacity');
    ok = false;
  }
  if (ok && min !== TOKEN && spec.max !== TOKEN && spec.max < Math.max(1, min)) {
    e.invalid('maxCapacity');
  } else if (ok && spec.initial !== undefined && spec.initial !== TOKEN && spec.max !== TOKEN && spec.initial > spec.max) {
    e.invalid('initialCopyCount');
  } else if (ok && min === 0 && !spec.tracking) {
    e.invalid('minCapacity 0');
  }
  // the host fleet holds the copies: 12 copies of 16 GiB fit one ml.g5.12xlarge (192 GiB); 1 instance, or managed
  // instance scaling up to 2 (the autoscaling maximum is checked only when the whole range is literal)
  const capacity = 12 * (spec.instancesToZero ? 2 : 1);
  if (ok && min !== TOKEN && spec.max !== TOKEN && spec.max >= Math.max(1, min) && spec.max > capacity) {
    e.invalid('maxCapacity');
  }
  if (ok && spec.initial !== undefined && spec.initial !== TOKEN && spec.initial > capacity) {
    e.invalid('initialCopyCount');
  }
  if (min === TOKEN || spec.max === TOKEN || spec.initial === TOKEN) {
    e.unsure('minCapacity', 'maxCapacity', 'initialCopyCount');
  }
  return e;
}

function buildCopyScaling(stack: Stack, spec: CopyScalingSpec): void {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{
      variantName: 'AllTraffic',
      instanceType: InstanceType.ML_G5_12XLARGE,
      managedInstanceScaling: spec.instancesToZero ? { minInstanceCount: 0, maxInstanceCount: 2 } : undefined,
    }],
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
  const component = new InferenceComponent(stack, 'Component', {
    endpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1') }),
    minMemoryRequired: Size.gibibytes(16),
    initialCopyCount: spec.initial === undefined ? undefined : num(stack, spec.initial),
  });
  const scalable = component.autoScaleCopyCount({
    minCapacity: spec.min === undefined ? undefined : num(stack, spec.min),
    maxCapacity: num(stack, spec.max),
  });
  if (spec.tracking) {
    scalable.scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 1 });
  }
}

// ---------------------------------------------------------------------------------------------------------
// deployments: the fleet, BlueGreenDeployment, RollingDeployment
// ---------------------------------------------------------------------------------------------------------

interface FleetSpec {
  readonly count: number;
  readonly instanceType: string;
  readonly serverless: boolean;
  /** A second instance variant of 2 instances. */
  readonly second: boolean;
}

const fleetArb: fc.Arbitrary<FleetSpec> = fc.record({
  count: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(20, 40, 100) }),
  instanceType: fc.oneof({ weight: 6, arbitrary: fc.constant('ml.m5.large') }, { weight: 1, arbitrary: fc.constant('ml.inf1.xlarge') }),
  serverless: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  second: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** The instance counts of the fleet's variants (empty for serverless). */
function counts(f: FleetSpec): number[] {
  if (f.serverless) {
    return [];
  }
  return f.second ? [f.count, 2] : [f.count];
}

function buildFleet(stack: Stack, f: FleetSpec): Endpoint {
  const model = Model.fromModelName(stack, 'Model', 'fuzz-model');
  const config = f.serverless
    ? new EndpointConfig(stack, 'Config', { serverlessProductionVariant: { variantName: 'AllTraffic', model, memorySize: Size.gibibytes(2), maxConcurrency: 5 } })
    : new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [
        { variantName: 'AllTraffic', model, instanceType: InstanceType.of(f.instanceType), initialInstanceCount: f.count },
        ...(f.second ? [{ variantName: 'Challenger', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 }] : []),
      ],
    });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'fuzz-endpoint' });
}

function capArb(boundaries: number[], validPercent: [number, number]): fc.Arbitrary<CapSpec> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: validPercent[0], max: validPercent[1] }).map(value => ({ kind: 'percent' as const, value })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map(value => ({ kind: 'instances' as const, value })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('percent' as const, 'instances' as const), value: numArb(boundaries, 120) }) },
  );
}

/** Checks the CapacitySize factory itself; returns the literal value when the size is well-formed. */
function expectCap(e: Expectation, c: CapSpec): number | undefined {
  if (c.value === TOKEN) {
    // a token size cannot be checked or planned: either outcome, but a rejection names the size
    e.unsure('capacity', 'canary size', 'linear step size', 'known at synth', 'maximumBatchSize', 'rollbackMaximumBatchSize');
    return undefined;
  }
  if (c.kind === 'percent' && !isWhole(c.value, 1, 100)) {
    e.invalid('capacity percent');
    return undefined;
  }
  if (c.kind === 'instances' && !isWhole(c.value, 1, Number.MAX_SAFE_INTEGER)) {
    e.invalid('capacity instance count');
    return undefined;
  }
  return c.value;
}

/** Checks a well-formed size against its percent range and, as a count, against every variant of n. */
function expectCapRange(e: Expectation, c: CapSpec, value: number | undefined, fleet: number[], percent: [number, number],
  count: (n: number) => [number, number], keyword: string): void {
  if (value === undefined) {
    return;
  }
  if (c.kind === 'percent') {
    if (value < percent[0] || value > percent[1]) {
      e.invalid(keyword);
    }
    return;
  }
  for (const n of fleet) {
    const [lo, hi] = count(n);
    if (value < Math.max(1, lo) || value > hi) {
      e.invalid(keyword);
    }
  }
}

interface AlarmSpec {
  readonly threshold?: Num;
  readonly period?: DurSpec;
  readonly evaluationPeriods?: Num;
  readonly datapoints?: Num;
}

function alarmArb(threshold: fc.Arbitrary<Num>): fc.Arbitrary<AlarmSpec> {
  return fc.record({
    threshold: fc.option(threshold, { nil: undefined }),
    period: fc.option(fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(10, 30, 60, 120, 300).map(amount => ({ unit: 'seconds' as const, amount })) },
      { weight: 1, arbitrary: durArb([10, 30, 60, 45, 300, 3600, 86400]) },
    ), { nil: undefined, freq: 2 }),
    evaluationPeriods: fc.option(numArb([0, 1, 3, 100, 101], 40_000, [2, 10]), { nil: undefined, freq: 2 }),
    datapoints: fc.option(numArb([0, 1, 2, 3, 101], 40_000, [1, 2]), { nil: undefined, freq: 2 }),
  }, { requiredKeys: [] });
}

function expectAlarm(e: Expectation, a: AlarmSpec, latency: boolean): void {
  const method = latency ? 'addLatencyAlarm' : 'addErrorRateAlarm';
  if (a.threshold !== undefined) {
    if (a.threshold === TOKEN) {
      e.unsure(method);
    } else if (latency ? !(a.threshold > 0 && a.threshold <= 3_600_000) : !(a.threshold > 0 && a.threshold <= 100)) {
      e.invalid(`${method} threshold`);
    } else if (latency && !Number.isInteger(a.threshold * 1000)) {
      e.unsure(`${method} threshold`); // below a microsecond: CloudWatch takes a double, the library may refuse
    }
  }
  const period = a.period ? seconds(a.period) : 60;
  if (period === undefined) {
    e.unsure(method, "'period'"); // aws-cdk-lib's Alarm rejects a token period itself, naming 'period'
  } else if (!(period === 10 || period === 30 || (Number.isInteger(period) && period >= 60 && period % 60 === 0))) {
    e.invalid(`${method} period`);
  }
  const evaluations = a.evaluationPeriods ?? 3;
  if (evaluations === TOKEN) {
    e.unsure(method);
  } else if (!isWhole(evaluations, 1, 100)) {
    e.invalid(`${method} evaluationPeriods`);
  }
  const datapoints = a.datapoints ?? (evaluations === TOKEN ? 2 : Math.min(2, evaluations));
  if (datapoints === TOKEN) {
    e.unsure(method);
  } else if (!isWhole(datapoints, 1, evaluations === TOKEN ? 100 : evaluations)) {
    e.invalid(`${method} datapointsToAlarm`, `${method} evaluationPeriods`);
  }
  // CloudWatch PutMetricAlarm: EvaluationPeriods x Period is at most one day
  if (period !== undefined && evaluations !== TOKEN && isWhole(evaluations, 1, 100) && period * evaluations > 86400) {
    e.invalid(`${method} period`, `${method} evaluationPeriods`);
  }
}

function addAlarms(stack: Stack, deployment: BlueGreenDeployment | RollingDeployment, spec: DeploymentCommon, second: boolean): void {
  const variantName = second ? 'AllTraffic' : undefined;
  for (let i = 0; i < spec.importedAlarms; i++) {
    const name = spec.duplicateAlarmName && i === 1 ? 'rollback-0' : `rollback-${i}`;
    deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, `Imported${i}`, name));
  }
  if (spec.errorRate) {
    const a = spec.errorRate;
    deployment.addErrorRateAlarm({
      variantName,
      thresholdPercent: a.threshold === undefined ? undefined : num(stack, a.threshold),
      period: a.period && dur(stack, a.period),
      evaluationPeriods: a.evaluationPeriods === undefined ? undefined : num(stack, a.evaluationPeriods),
      datapointsToAlarm: a.datapoints === undefined ? undefined : num(stack, a.datapoints),
    });
  }
  if (spec.latency) {
    const a = spec.latency;
    deployment.addLatencyAlarm({
      variantName,
      threshold: Duration.millis(a.threshold === undefined ? 500 : num(stack, a.threshold)),
      period: a.period && dur(stack, a.period),
      evaluationPeriods: a.evaluationPeriods === undefined ? undefined : num(stack, a.evaluationPeriods),
      datapointsToAlarm: a.datapoints === undefined ? undefined : num(stack, a.datapoints),
    });
  }
}

function expectAlarms(e: Expectation, spec: DeploymentCommon): void {
  const total = spec.importedAlarms + (spec.errorRate ? 1 : 0) + (spec.latency ? 1 : 0);
  if (total > 10) {
    e.invalid('alarms');
  }
  if (spec.duplicateAlarmName && spec.importedAlarms >= 2) {
    e.invalid('alarms');
  }
  if (spec.errorRate) {
    expectAlarm(e, spec.errorRate, false);
  }
  if (spec.latency) {
    expectAlarm(e, spec.latency, true);
  }
}

interface DeploymentCommon {
  readonly fleet: FleetSpec;
  readonly timeout?: DurSpec;
  readonly importedAlarms: number;
  readonly duplicateAlarmName: boolean;
  readonly errorRate?: AlarmSpec;
  readonly latency?: AlarmSpec;
}

const commonArbs = {
  fleet: fleetArb,
  timeout: fc.option(durArb([599, 600, 601, 3600, 28800, 28801], [600, 28800]), { nil: undefined }),
  importedAlarms: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 11 }) }),
  duplicateAlarmName: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  errorRate: fc.option(alarmArb(numArb([0, 0.01, 1, 100, 101], 40_000, [1, 100])), { nil: undefined }),
  // the latency threshold is a Duration in milliseconds (negative Durations are rejected by aws-cdk-lib)
  latency: fc.option(alarmArb(amountArb([0, 0.5, 1, 500, 3_600_000, 3_600_001], [1, 5000])), { nil: undefined }),
};

/** The rollout must fit the timeout: waits >= timeout is an error (the default timeout is capped at 8 hours). */
function expectTimeout(e: Expectation, timeout: DurSpec | undefined, minWaits: number | undefined, maxWaits: number | undefined): void {
  expectDuration(e, timeout, 'maximumExecutionTimeout', 600, 28800);
  const t = timeout ? seconds(timeout) : 28800;
  if (t === undefined || !isWhole(t, 600, 28800) || minWaits === undefined || maxWaits === undefined) {
    return;
  }
  if (minWaits >= t) {
    e.invalid('maximumExecutionTimeout');
  } else if (maxWaits >= t) {
    e.unsure('maximumExecutionTimeout');
  }
}

interface BlueGreenSpec extends DeploymentCommon {
  readonly routing: { readonly kind: 'default' | 'allAtOnce' | 'canary' | 'linear'; readonly size: CapSpec; readonly wait?: DurSpec };
  readonly termination?: DurSpec;
}

const blueGreenArb: fc.Arbitrary<BlueGreenSpec> = fc.record({
  ...commonArbs,
  routing: fc.record({
    kind: fc.constantFrom('default' as const, 'allAtOnce' as const, 'canary' as const, 'linear' as const),
    size: capArb([0, 1, 2, 5, 9, 10, 25, 33, 50, 51, 100, 101], [10, 50]),
    wait: fc.option(durArb([0, 1, 600, 3600, 3601], [0, 3600]), { nil: undefined }),
  }, { requiredKeys: ['kind', 'size'] }),
  termination: fc.option(durArb([0, 1, 300, 3600, 3601], [0, 3600]), { nil: undefined }),
}, { requiredKeys: ['fleet', 'importedAlarms', 'duplicateAlarmName', 'routing'] });

function expectBlueGreen(spec: BlueGreenSpec): Expectation {
  const e = new Expectation();
  const r = spec.routing;
  const fleet = counts(spec.fleet);
  let shifts: [number, number] | undefined = [1, 1];
  if (r.kind === 'canary' || r.kind === 'linear') {
    const value = expectCap(e, r.size);
    if (r.kind === 'canary') {
      expectCapRange(e, r.size, value, fleet, [1, 50], k => [1, Math.floor(k / 2)], 'canary size');
      shifts = [2, 2];
    } else {
      expectCapRange(e, r.size, value, fleet, [10, 50], k => [Math.ceil(0.1 * k), Math.floor(0.5 * k)], 'linear step size');
      if (value === undefined) {
        shifts = undefined;
      } else if (r.size.kind === 'percent') {
        // a step turns on whole instances of each variant; the rounding of a percentage is not documented:
        // fewest steps when rounded up, most when rounded down (at least 1 instance)
        const fewest = Math.max(1, ...fleet.map(k => Math.ceil(k / Math.max(1, Math.ceil((k * value) / 100)))));
        const most = Math.max(1, ...fleet.map(k => Math.ceil(k / Math.max(1, Math.floor((k * value) / 100)))));
        shifts = [fewest, most];
      } else {
        // steps of a count are per variant; the variants step together
        const steps = Math.max(1, ...fleet.map(k => Math.ceil(k / value)));
        shifts = [steps, steps];
      }
    }
    if (spec.fleet.serverless || spec.fleet.instanceType.startsWith('ml.inf1.')) {
      e.invalid('trafficRouting');
    }
  }
  const defaultWait = r.kind === 'canary' || r.kind === 'linear' ? 600 : 0;
  const waitSpec = r.kind === 'default' ? undefined : r.wait;
  expectDuration(e, waitSpec, 'waitInterval', 0, 3600);
  expectDuration(e, spec.termination, 'terminationWait', 0, 3600);
  const wait = waitSpec ? seconds(waitSpec) : defaultWait;
  const termination = spec.termination ? seconds(spec.termination) : 0;
  const literal = wait !== undefined && termination !== undefined && shifts !== undefined;
  expectTimeout(e, spec.timeout,
    literal ? shifts![0] * wait! + termination! : undefined,
    literal ? shifts![1] * wait! + termination! : undefined);
  expectAlarms(e, spec);
  return e;
}

function buildBlueGreen(stack: Stack, spec: BlueGreenSpec): void {
  const endpoint = buildFleet(stack, spec.fleet);
  const r = spec.routing;
  const waitInterval = r.wait && dur(stack, r.wait);
  let trafficRouting: TrafficRouting | undefined;
  switch (r.kind) {
    case 'allAtOnce': trafficRouting = TrafficRouting.allAtOnce({ waitInterval }); break;
    case 'canary': trafficRouting = TrafficRouting.canary({ size: cap(stack, r.size), waitInterval }); break;
    case 'linear': trafficRouting = TrafficRouting.linear({ stepSize: cap(stack, r.size), waitInterval }); break;
    default: trafficRouting = undefined;
  }
  const deployment = new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting,
    terminationWait: spec.termination && dur(stack, spec.termination),
    maximumExecutionTimeout: spec.timeout && dur(stack, spec.timeout),
  });
  addAlarms(stack, deployment, spec, spec.fleet.second);
}

interface RollingSpec extends DeploymentCommon {
  readonly batch: CapSpec;
  readonly wait: DurSpec;
  readonly rollback?: CapSpec;
}

const rollingArb: fc.Arbitrary<RollingSpec> = fc.record({
  ...commonArbs,
  batch: capArb([0, 1, 2, 4, 5, 6, 25, 50, 51, 100], [5, 50]),
  wait: durArb([0, 1, 300, 3600, 3601], [0, 1800]),
  rollback: fc.option(capArb([0, 1, 4, 5, 50, 100, 101], [5, 100]), { nil: undefined }),
}, { requiredKeys: ['fleet', 'importedAlarms', 'duplicateAlarmName', 'batch', 'wait'] });

function expectRolling(spec: RollingSpec): Expectation {
  const e = new Expectation();
  const fleet = counts(spec.fleet);
  if (spec.fleet.serverless || spec.fleet.instanceType.startsWith('ml.inf1.')) {
    e.invalid('rolling');
  }
  if (spec.fleet.second) {
    e.invalid('rolling');
  }
  const batch = expectCap(e, spec.batch);
  expectCapRange(e, spec.batch, batch, fleet, [5, 50], k => [Math.ceil(0.05 * k), Math.floor(0.5 * k)], 'maximumBatchSize');
  if (spec.rollback) {
    const rollback = expectCap(e, spec.rollback);
    expectCapRange(e, spec.rollback, rollback, fleet, [1, 100], k => [1, k], 'rollbackMaximumBatchSize');
    // below 5 percent of the fleet as a count: the reference is silent (the props say 1 instance, the plan ceil(5%))
    if (spec.rollback.kind === 'instances' && rollback !== undefined && rollback < Math.ceil(0.05 * spec.fleet.count)) {
      e.unsure('rollbackMaximumBatchSize');
    }
  }
  expectDuration(e, spec.wait, 'waitInterval', 0, 3600);
  const wait = seconds(spec.wait);
  const n = spec.fleet.count;
  let batches: [number, number] | undefined;
  if (batch !== undefined) {
    // a percentage of the fleet: SageMaker's rounding is not documented, so take both roundings
    const big = spec.batch.kind === 'percent' ? Math.max(1, Math.ceil((n * batch) / 100)) : batch;
    const small = spec.batch.kind === 'percent' ? Math.max(1, Math.floor((n * batch) / 100)) : batch;
    batches = [Math.ceil(n / big), Math.ceil(n / small)];
  }
  const literal = wait !== undefined && batches !== undefined;
  expectTimeout(e, spec.timeout, literal ? batches![0] * wait! : undefined, literal ? batches![1] * wait! : undefined);
  expectAlarms(e, spec);
  return e;
}

function buildRolling(stack: Stack, spec: RollingSpec): void {
  const endpoint = buildFleet(stack, spec.fleet);
  const deployment = new RollingDeployment(stack, 'Deployment', {
    endpoint,
    maximumBatchSize: cap(stack, spec.batch),
    waitInterval: dur(stack, spec.wait),
    rollbackMaximumBatchSize: spec.rollback && cap(stack, spec.rollback),
    maximumExecutionTimeout: spec.timeout && dur(stack, spec.timeout),
  });
  addAlarms(stack, deployment, spec, spec.fleet.second);
}

// ---------------------------------------------------------------------------------------------------------
// the properties
// ---------------------------------------------------------------------------------------------------------

const timings: string[] = [];
function timed(label: string, body: () => void): void {
  const started = Date.now();
  try {
    body();
  } finally {
    const s = stats[label];
    timings.push(`${label}: ${Date.now() - started} ms${s ? ` (${s.accepted} accepted, ${s.rejected} rejected)` : ''}`);
  }
}

describe('fuzz: the library synthesizes within the SageMaker limits or throws an Error that names the property', () => {
  afterAll(() => {
    // eslint-disable-next-line no-console
    const bugs = [...tolerated].map(([id, n]) => `  tolerated known bug (${n} samples): ${id}`);
    console.log(`fuzz seed ${SEED}, ${CONSTRUCT_RUNS} runs per construct property, ${PURE_RUNS} for CapacitySize/TrafficRouting\n`
      + `${timings.join('\n')}${bugs.length > 0 ? `\n${bugs.join('\n')}` : ''}`);
  });

  test('CapacitySize and TrafficRouting factories accept exactly the documented ranges', () => {
    timed('capacity-and-routing', () => {
      const arb = fc.record({
        kind: fc.constantFrom('percent' as const, 'instances' as const, 'canary' as const, 'linear' as const, 'allAtOnce' as const),
        value: numArb([0, 1, 9, 10, 50, 51, 100, 101]).filter(n => n !== TOKEN) as fc.Arbitrary<number>,
        wait: fc.option(durArb([0, 1, 3600, 3601]).filter(d => d.amount !== TOKEN), { nil: undefined }),
        fleet: fc.integer({ min: 1, max: 1000 }),
      }, { requiredKeys: ['kind', 'value', 'fleet'] });
      check(arb, spec => {
        const e = new Expectation();
        const { kind, value } = spec;
        if (kind === 'instances') {
          expectCap(e, { kind: 'instances', value });
        } else if (kind !== 'allAtOnce') {
          const percent = expectCap(e, { kind: 'percent', value });
          if (kind === 'canary' && percent !== undefined && percent > 50) {
            e.invalid('canary size');
          }
          if (kind === 'linear' && percent !== undefined && (percent < 10 || percent > 50)) {
            e.invalid('linear step size');
          }
        }
        if (kind === 'canary' || kind === 'linear' || kind === 'allAtOnce') {
          expectDuration(e, spec.wait, 'waitInterval', 0, 3600);
        }
        let result: unknown;
        try {
          const waitInterval = spec.wait && Duration[spec.wait.unit](spec.wait.amount as number);
          switch (kind) {
            case 'percent': result = CapacitySize.percent(value); break;
            case 'instances': result = CapacitySize.instances(value); break;
            case 'allAtOnce': result = TrafficRouting.allAtOnce({ waitInterval }); break;
            case 'canary': result = TrafficRouting.canary({ size: CapacitySize.percent(value), waitInterval }); break;
            case 'linear': result = TrafficRouting.linear({ stepSize: CapacitySize.percent(value), waitInterval }); break;
          }
        } catch (err) {
          checkThrown(err, e);
          return;
        }
        if (e.mustReject) {
          throw new Error(`accepted an input the model calls invalid (${e.reasons.join(', ')})`);
        }
        if (result instanceof CapacitySize) {
          // the conversions stay within the fleet and are numbers
          const instances = result.toInstances(spec.fleet);
          const percent = result.toPercent(spec.fleet);
          expect(Number.isInteger(instances) && instances >= 1).toBe(true);
          expect(percent > 0 && percent <= 100).toBe(true);
          if (result.type === 'CAPACITY_PERCENT') {
            expect(instances).toBeLessThanOrEqual(spec.fleet);
          }
        }
      }, PURE_RUNS, 0);
    });
  });

  test('EndpointConfig: variants, serverless, KMS, data capture, async inference, names and tags', () => {
    timed('endpoint-config', () => check(configArb, spec => runSample('endpoint-config', stack => buildConfig(stack, spec), expectConfig(spec)), CONSTRUCT_RUNS, 1));
  });

  test('Endpoint: names, tags, retained variant properties and autoscaling', () => {
    timed('endpoint', () => check(endpointArb, spec => runSample('endpoint', stack => buildEndpoint(stack, spec), expectEndpoint(spec)), CONSTRUCT_RUNS, 2));
  });

  test('InferenceComponent.autoScaleCopyCount: copy range, initial copy count and scale to zero', () => {
    timed('copy-scaling', () => check(copyScalingArb, spec => runSample('copy-scaling', stack => buildCopyScaling(stack, spec), expectCopyScaling(spec)), CONSTRUCT_RUNS, 5));
  });

  test('BlueGreenDeployment: traffic routing, waits, timeout and rollback alarms', () => {
    timed('blue-green', () => check(blueGreenArb, spec => runSample('blue-green', stack => buildBlueGreen(stack, spec), expectBlueGreen(spec)), CONSTRUCT_RUNS, 3));
  });

  test('RollingDeployment: batch sizes, wait, timeout and rollback alarms', () => {
    timed('rolling', () => check(rollingArb, spec => runSample('rolling', stack => buildRolling(stack, spec), expectRolling(spec)), CONSTRUCT_RUNS, 4));
  });

  test('ModelPackage: package ARNs, group names and versions (issue 16)', () => [fuzzModelPackageArns, fuzzModelPackageGroups].forEach(f => f({ runSample, check, expectation: () => new Expectation(), runs: CONSTRUCT_RUNS })));
  test('EndpointConfig shadow variant: its props, its neighbours and every exclusion (test/util/fuzz-shadow.ts)', () => {
    timed('shadow', () => fuzzShadowVariant({ token: TOKEN, runs: CONSTRUCT_RUNS, seedOffset: 6, check, runSample, newExpectation: () => new Expectation(), numArb, nameArb, durArb, expectDuration, num, str, dur }));
  });

  test('every accepted sample passes cfn-lint (one batch)', () => {
    expect(accepted.length).toBeGreaterThan(0);
    const result = lintTemplates(accepted);
    timings.push(`cfn-lint: ${result.millis} ms for ${result.templateCount} distinct accepted templates`);
    expect(formatFindings(result.errors)).toBe('');
  });
});
