// Fuzz properties of the model sources of issue 16 (ModelPackage ARNs, group names and versions), run by
// test/fuzz.test.ts with its own sample runner, so accepted templates join the cfn-lint batch and the limits check.
//
// The input-side model is written from ../shared/reference/inference-components.md section 7.3 (ModelPackageName:
// 1-176 characters, optional ARN prefix, a 1-63 character name without trailing hyphen, `/<1-9 digits>` version),
// plus the library's own rules: a version is required, and the package must be in the model's Region (us-east-1 here).
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { Model, ModelPackage } from '../../src/model';

/** What the fuzz suite's expectation offers. */
export interface FuzzExpectation {
  invalid(...keywords: string[]): void;
  unsure(...keywords: string[]): void;
}

/** The hooks of test/fuzz.test.ts the model-source properties use. */
export interface FuzzHooks {
  readonly runSample: (property: string, build: (stack: Stack) => void, expectation: any) => void;
  readonly check: <T>(arb: fc.Arbitrary<T>, predicate: (spec: T) => void, numRuns: number, seedOffset: number) => void;
  readonly expectation: () => FuzzExpectation;
  readonly runs: number;
}

const TOKEN = 'TOKEN' as const;
const ACCOUNTS = ['123456789012', '210987654321', '12345', 'abcdefghijkl'];
const REGIONS = ['us-east-1', 'eu-west-1', 'US-EAST-1', ''];
const GROUPS = ['fraud', 'FraudDetector', 'a', 'a-b', 'a--b', 'a'.repeat(63), 'a'.repeat(64), '-a', 'a-', 'a_b', 'a/b', '', 'ünï', 'a b'];
const VERSIONS = [1, 2, 42, 999999999, 1000000000, 0, -1, 1.5, NaN, Infinity, 2 ** 31];
const RESOURCE_TYPES = ['model-package', 'model-package-group', 'model', 'endpoint'];
const VERSION_SUFFIXES = ['', '/1', '/42', '/999999999', '/1234567890', '/0', '/x', '/', '/1/2'];

/** The model: a literal versioned ARN in the model's account Region is valid. */
const VERSIONED = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):[0-9]{12}:model-package\/[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,62})\/[0-9]{1,9}$/;
const GROUP = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/;

interface ArnSpec { readonly arn: string | typeof TOKEN }
interface GroupSpec { readonly group: string | typeof TOKEN; readonly version: number | typeof TOKEN }

const arnArb: fc.Arbitrary<ArnSpec> = fc.oneof(
  fc.record({
    arn: fc.tuple(fc.constantFrom('aws', 'aws-cn', 'azure'), fc.constantFrom(...REGIONS), fc.constantFrom(...ACCOUNTS),
      fc.constantFrom(...RESOURCE_TYPES), fc.constantFrom(...GROUPS), fc.constantFrom(...VERSION_SUFFIXES))
      .map(([p, r, a, t, g, v]) => `arn:${p}:sagemaker:${r}:${a}:${t}/${g}${v}`),
  }),
  fc.record({ arn: fc.oneof(fc.constantFrom(...GROUPS), fc.string({ maxLength: 200 }), fc.constant(TOKEN)) }),
);

const groupArb: fc.Arbitrary<GroupSpec> = fc.record({
  group: fc.oneof(fc.constantFrom(...GROUPS), fc.constant(TOKEN), fc.string({ maxLength: 70 })),
  version: fc.oneof(fc.constantFrom(...VERSIONS), fc.integer(), fc.constant(TOKEN)),
});

let tokens = 0;
function str(stack: Stack, s: string | typeof TOKEN): string {
  return s === TOKEN ? new CfnParameter(stack, `MP${tokens++}`, { type: 'String' }).valueAsString : s;
}
function num(stack: Stack, n: number | typeof TOKEN): number {
  return n === TOKEN ? new CfnParameter(stack, `MPN${tokens++}`, { type: 'Number' }).valueAsNumber : n;
}

/** ModelPackage.fromModelPackageArn: literal ARNs are accepted iff versioned, well-formed, <= 176 and in the model's Region. */
export function fuzzModelPackageArns(h: FuzzHooks): void {
  h.check(arnArb, (spec) => {
    const e = h.expectation();
    if (spec.arn !== TOKEN) {
      const m = VERSIONED.exec(spec.arn);
      if (!m || spec.arn.length > 176) {
        e.invalid('modelPackageArn');
      } else if (m[1] !== 'us-east-1') {
        e.invalid("modelPackage must be in the model's Region");
      }
    }
    h.runSample('ModelPackage.fromModelPackageArn', stack => {
      new Model(stack, 'Model', { containers: [{ modelPackage: ModelPackage.fromModelPackageArn(str(stack, spec.arn)) }] });
    }, e);
  }, h.runs, 1601);
}

/** ModelPackage.fromModelPackageGroup: group names of the API pattern and versions 1-999999999 are accepted. */
export function fuzzModelPackageGroups(h: FuzzHooks): void {
  h.check(groupArb, (spec) => {
    const e = h.expectation();
    if (spec.group !== TOKEN && (!GROUP.test(spec.group) || spec.group.endsWith('-'))) {
      e.invalid('modelPackageGroupName');
    }
    if (spec.version !== TOKEN && !(Number.isInteger(spec.version) && spec.version >= 1 && spec.version <= 999999999)) {
      e.invalid('modelPackage version');
    }
    h.runSample('ModelPackage.fromModelPackageGroup', stack => {
      new Model(stack, 'Model', { containers: [{ modelPackage: ModelPackage.fromModelPackageGroup(str(stack, spec.group), num(stack, spec.version)) }] });
    }, e);
  }, h.runs, 1602);
}
