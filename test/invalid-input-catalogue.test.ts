// The invalid-input catalogue: every named bad configuration is rejected with its exact phrase, and
// docs/validation.md shows exactly this catalogue (the table cannot drift from the code).
//
// Regenerate the table after changing the catalogue:
//   VALIDATION_DOC_UPDATE=1 npx jest test/invalid-input-catalogue.test.ts --coverage=false
import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE, catalogueTable } from './util/catalogue';

const DOC = path.join(__dirname, '..', 'docs', 'validation.md');
const START = '<!-- catalogue:start (generated from test/util/catalogue.ts) -->';
const END = '<!-- catalogue:end -->';

function thrownBy(build: () => void): Error | undefined {
  try {
    build();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe('invalid-input catalogue', () => {
  test('the catalogue has at least 60 named bad configurations, each with a distinct rule', () => {
    // eslint-disable-next-line no-console
    console.log(`invalid-input catalogue: ${CATALOGUE.length} entries`);
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CATALOGUE.map(e => e.rule)).size).toBe(CATALOGUE.length);
  });

  test.each(CATALOGUE.map(e => [e.rule, e] as const))('%s: rejected with its exact phrase', (_rule, entry) => {
    // GIVEN the bad configuration / WHEN it is built and synthesized
    const error = thrownBy(entry.build);
    // THEN it throws a validation Error (not an internal TypeError/RangeError) with the exact phrase
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(RangeError);
    expect(error!.message).toContain(entry.message);
  });

  test('docs/validation.md shows exactly the catalogue', () => {
    // GIVEN the doc
    const doc = fs.readFileSync(DOC, 'utf-8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const expected = `${START}\n${catalogueTable()}\n${END}`;
    if (process.env.VALIDATION_DOC_UPDATE) {
      fs.writeFileSync(DOC, doc.slice(0, start) + expected + doc.slice(end + END.length));
      return;
    }
    // THEN the generated section equals the catalogue (regenerate with VALIDATION_DOC_UPDATE=1)
    expect(doc.slice(start, end + END.length)).toBe(expected);
  });
});
