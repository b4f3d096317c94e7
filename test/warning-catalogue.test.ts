// The rollout-warning catalogue (issue 12): every entry triggers its warning with its stable id and exact
// message, and docs/validation.md shows exactly this catalogue.
//
// Regenerate the table after changing the catalogue:
//   VALIDATION_DOC_UPDATE=1 npx jest test/warning-catalogue.test.ts --coverage=false
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { WARNING_CATALOGUE, warningTable } from './util/catalogue';
import { MODEL_SOURCE_WARNINGS } from './util/catalogue-model-sources';

WARNING_CATALOGUE.push(...MODEL_SOURCE_WARNINGS);
import { SHADOW_WARNINGS } from './util/catalogue-shadow';

WARNING_CATALOGUE.push(...SHADOW_WARNINGS);

const DOC = path.join(__dirname, '..', 'docs', 'validation.md');
const START = '<!-- warnings:start (generated from test/util/catalogue.ts) -->';
const END = '<!-- warnings:end -->';

describe('rollout-warning catalogue', () => {
  test.each(WARNING_CATALOGUE.map(e => [e.id, e] as const))('%s: warned with its id and exact message', (id, entry) => {
    const stack = entry.build();
    const messages = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data))
      .filter(m => m.endsWith(`[ack: cdk-sagemaker-endpoint:${id}]`));
    expect(messages).toHaveLength(1);
    expect(messages[0].startsWith(entry.message)).toBe(true);
  });

  test('docs/validation.md shows exactly the warning catalogue', () => {
    const doc = fs.readFileSync(DOC, 'utf-8');
    const expected = `${START}\n${warningTable()}\n${END}`;
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    if (process.env.VALIDATION_DOC_UPDATE) {
      const next = start >= 0 ? doc.slice(0, start) + expected + doc.slice(end + END.length)
        : `${doc.trimEnd()}\n\n## Rollout warnings\n\nThe deployments warn (they do not fail) about these rollouts; \`cdk-sagemaker-endpoint plan\` reports the same ids with the same words. `
          + 'Acknowledge one with `Annotations.of(deployment).acknowledgeWarning(id, reason)`. Sources: docs/deployments.md.\n\n'
          + `${expected}\n`;
      fs.writeFileSync(DOC, next);
      return;
    }
    expect(start).toBeGreaterThanOrEqual(0);
    expect(doc.slice(start, end + END.length)).toBe(expected);
  });
});
