/**
 * A tiny JSON Schema validator for the subset docs/plan.schema.json uses (type, const, enum, minimum/maximum,
 * minItems, items, required, properties, additionalProperties, oneOf, $ref to $defs): the command's JSON reports are
 * checked against the schema that ships (test/cli.test.ts, test/cli-components.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

/** docs/plan.schema.json. */
export const PLAN_SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'plan.schema.json'), 'utf-8'));

/** The schema violations of `value` (empty when it conforms), each with its JSON path. */
export function validatePlanReport(value: unknown): string[] {
  return validate(value, PLAN_SCHEMA);
}

function validate(value: unknown, schema: any, at = '$', errors: string[] = []): string[] {
  if (schema.$ref) {
    return validate(value, PLAN_SCHEMA.$defs[schema.$ref.replace('#/$defs/', '')], at, errors);
  }
  if (schema.oneOf) {
    const ok = schema.oneOf.filter((s: unknown) => validate(value, s, at, []).length === 0).length;
    if (ok !== 1) {
      errors.push(`${at}: matches ${ok} of oneOf`);
    }
    return errors;
  }
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  if (schema.type) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      errors.push(`${at}: type ${t}, want ${types.join('|')}`);
      return errors;
    }
  }
  if ('const' in schema && value !== schema.const) {
    errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum && !schema.enum.includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: ${value} < ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: ${value} > ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    value.forEach((v, i) => schema.items && validate(v, schema.items, `${at}[${i}]`, errors));
  } else if (value !== null && typeof value === 'object') {
    const obj = value as { [k: string]: unknown };
    for (const key of schema.required ?? []) {
      if (!(key in obj)) errors.push(`${at}: missing ${key}`);
    }
    for (const [key, v] of Object.entries(obj)) {
      if (schema.properties?.[key]) {
        validate(v, schema.properties[key], `${at}.${key}`, errors);
      } else if (schema.additionalProperties === false) {
        errors.push(`${at}: unexpected ${key}`);
      }
    }
  }
  return errors;
}
