import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import { arnName, contentHash, containsUnresolved, hashedName, sagemakerArn, sanitize, stableName, stableStringify } from '../src/private/names';
import { ENDPOINT_NAME_RULE, MODEL_NAME_RULE, show, validateName, validateNumber, validateTags } from '../src/private/validation';

function scope() {
  const app = new App();
  return new Stack(app, 'Stack');
}

describe('validateNumber', () => {
  test('accepts values inside the inclusive range', () => {
    const s = scope();
    expect(() => validateNumber(s, 'x', 1, { min: 1, max: 3 })).not.toThrow();
    expect(() => validateNumber(s, 'x', 3, { min: 1, max: 3 })).not.toThrow();
  });

  test('names the path, the property, the range and the value when out of range', () => {
    expect(() => validateNumber(scope(), 'volumeSize', 600, { min: 1, max: 512, unit: 'GiB' }))
      .toThrow('Stack: volumeSize must be 1-512 GiB, got 600');
  });

  test('rejects NaN, infinities and fractions', () => {
    const s = scope();
    expect(() => validateNumber(s, 'x', NaN, { min: 1, max: 3 })).toThrow(/x must be a number in 1-3, got NaN/);
    expect(() => validateNumber(s, 'x', Infinity, { min: 1, max: 3 })).toThrow(/x must be a number in 1-3/);
    expect(() => validateNumber(s, 'x', 1.5, { min: 1, max: 3 })).toThrow(/x must be a whole number in 1-3, got 1.5/);
    expect(() => validateNumber(s, 'x', 1.5, { min: 1, max: 3, integer: false })).not.toThrow();
  });

  test('skips unresolved tokens and undefined', () => {
    const s = scope();
    expect(() => validateNumber(s, 'x', Token.asNumber({ Ref: 'P' }), { min: 1, max: 3 })).not.toThrow();
    expect(() => validateNumber(s, 'x', undefined, { min: 1, max: 3 })).not.toThrow();
  });
});

describe('validateName', () => {
  test('accepts SageMaker endpoint names, including double hyphens', () => {
    expect(() => validateName(scope(), 'endpointName', 'My-Endpoint--1', ENDPOINT_NAME_RULE)).not.toThrow();
  });

  test('rejects leading hyphens, underscores and names over 63 characters', () => {
    const s = scope();
    expect(() => validateName(s, 'endpointName', '-a', ENDPOINT_NAME_RULE)).toThrow(/endpointName must match .* got "-a"/);
    expect(() => validateName(s, 'modelName', 'a_b', MODEL_NAME_RULE)).toThrow(/modelName must match .* got "a_b"/);
    expect(() => validateName(s, 'endpointName', 'a'.repeat(64), ENDPOINT_NAME_RULE)).toThrow(/endpointName must be 1-63 characters/);
    expect(() => validateName(s, 'endpointName', '', ENDPOINT_NAME_RULE)).toThrow(/endpointName must be 1-63 characters/);
  });

  test('skips tokens', () => {
    expect(() => validateName(scope(), 'endpointName', Lazy.string({ produce: () => '-bad' }), ENDPOINT_NAME_RULE)).not.toThrow();
  });
});

describe('validateTags', () => {
  test('rejects the reserved aws: prefix (failure-modes row 17)', () => {
    expect(() => validateTags(scope(), 'tags', { 'aws:team': 'x' })).toThrow(/tags key must not start with the reserved prefix "aws:", got "aws:team"/);
  });

  test('rejects more than 50 tags, long keys and values, and bad characters', () => {
    const s = scope();
    const many: { [k: string]: string } = {};
    for (let i = 0; i < 51; i++) many[`k${i}`] = 'v';
    expect(() => validateTags(s, 'tags', many)).toThrow(/tags must have at most 50 tags, got 51/);
    expect(() => validateTags(s, 'tags', { ['k'.repeat(129)]: 'v' })).toThrow(/tags key must be 1-128 characters/);
    expect(() => validateTags(s, 'tags', { k: 'v'.repeat(257) })).toThrow(/tags value for key "k" must be 0-256 characters/);
    expect(() => validateTags(s, 'tags', { 'k#': 'v' })).toThrow(/tags key must use only letters/);
  });

  test('accepts unicode letters, spaces and the allowed punctuation', () => {
    expect(() => validateTags(scope(), 'tags', { 'Équipe ml/x': 'a+b=c@d:e_f.g-h', 'empty': '' })).not.toThrow();
  });
});

describe('names', () => {
  test('content hashes ignore key order and change with any value', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toEqual(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1 })).not.toEqual(contentHash({ a: 2 }));
    expect(stableStringify({ b: undefined, a: 'x' })).toEqual('{"a":"x"}');
  });

  test('hashed names are lower-case, pattern-valid and at most 63 characters', () => {
    const app = new App();
    const stack = new Stack(app, 'A-Very-Long-Stack-Name-That-Goes-On-And-On');
    const name = hashedName(stack, { x: 1 });
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toEqual(name.toLowerCase());
    expect(name).toMatch(ENDPOINT_NAME_RULE.pattern);
    expect(name).toMatch(MODEL_NAME_RULE.pattern);
  });

  test('stable names are deterministic, unique per path and valid', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const a1 = stableName(new Stack(app, 'Other'));
    const one = stableName(stack);
    expect(stableName(stack)).toEqual(one);
    expect(one).not.toEqual(a1);
    expect(one).toMatch(ENDPOINT_NAME_RULE.pattern);
    expect(one.length).toBeLessThanOrEqual(63);
  });

  test('sanitize keeps only lower-case letters, digits and single hyphens', () => {
    expect(sanitize('My_Stack/Endpoint--X.')).toEqual('my-stack-endpoint-x');
  });

  test('ARN names are lower-cased literals, tokens are left alone (failure-modes row 9)', () => {
    const stack = scope();
    expect(arnName('MyEndpoint')).toEqual('myendpoint');
    const token = Lazy.string({ produce: () => 'X' });
    expect(arnName(token)).toBe(token);
    expect(stack.resolve(sagemakerArn(stack, 'endpoint', 'MyEndpoint'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':endpoint/myendpoint']],
    });
  });

  test('containsUnresolved sees Refs and GetAtts but not literals', () => {
    const stack = scope();
    expect(containsUnresolved(stack, { image: 'repo:1' })).toBe(false);
    expect(containsUnresolved(stack, { image: Token.asString({ Ref: 'Repo' }) })).toBe(true);
    expect(containsUnresolved(stack, [{ 'Fn::GetAtt': ['A', 'B'] }])).toBe(true);
  });

  test('show quotes strings and prints numbers as they are', () => {
    expect(show('a')).toEqual('"a"');
    expect(show(1.5)).toEqual('1.5');
    expect(show(undefined)).toEqual('undefined');
  });
});
