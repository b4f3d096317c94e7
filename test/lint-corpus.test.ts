// Every valid configuration in the corpus synthesizes into a template that cfn-lint (a checker we did not
// write, with the CloudFormation resource schemas) finds zero errors in. One cfn-lint process for all of them.
import { formatFindings, lintTemplates } from './util/cfn-lint';
import { corpusCases, FEATURES, isValidCombination, SHAPES, STRATEGIES, synthCase } from './util/corpus';

jest.setTimeout(180_000);

const KNOWN_BAD = 'known-bad';

/** A template cfn-lint must reject (an unknown traffic routing type): if it passes, the linter is not running. */
function knownBadTemplate(): unknown {
  return {
    Resources: {
      Endpoint: {
        Type: 'AWS::SageMaker::Endpoint',
        Properties: {
          EndpointConfigName: 'config',
          DeploymentConfig: {
            BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'SOMETIMES', WaitIntervalInSeconds: 99999 } },
          },
        },
      },
    },
  };
}

describe('lint corpus', () => {
  const cases = corpusCases();

  test('the corpus covers every strategy, every variant shape and every feature, with and without it', () => {
    // GIVEN the corpus
    // THEN every value of every dimension appears in a valid combination
    for (const strategy of STRATEGIES) {
      expect(cases.some(c => c.strategy === strategy)).toBe(true);
    }
    for (const shape of SHAPES) {
      expect(cases.some(c => c.shape === shape)).toBe(true);
    }
    for (const feature of FEATURES) {
      expect(cases.some(c => c.features.has(feature))).toBe(true);
      expect(cases.some(c => !c.features.has(feature))).toBe(true);
    }
    // every valid (strategy, shape) pair is present, and no invalid one
    for (const strategy of STRATEGIES) {
      for (const shape of SHAPES) {
        expect(cases.some(c => c.strategy === strategy && c.shape === shape)).toBe(isValidCombination(strategy, shape));
      }
    }
    expect(new Set(cases.map(c => c.name)).size).toBe(cases.length);
  });

  test('every corpus template synthesizes and has zero cfn-lint errors', () => {
    // GIVEN every case synthesized in-process
    const started = Date.now();
    const templates = cases.map(c => ({ name: c.name, template: synthCase(c) }));
    const synthMillis = Date.now() - started;

    // WHEN cfn-lint runs once over all of them, plus one known-bad template that proves the linter looks
    const result = lintTemplates([...templates, { name: KNOWN_BAD, template: knownBadTemplate() }]);
    const knownBad = result.findings.filter(f => f.template === KNOWN_BAD);
    const corpusFindings = result.findings.filter(f => f.template !== KNOWN_BAD);

    // THEN
    expect(knownBad.filter(f => f.level === 'Error').map(f => f.rule)).not.toEqual([]);
    const errors = corpusFindings.filter(f => f.level === 'Error');
    const warnings = corpusFindings.filter(f => f.level !== 'Error');
    const byRule = new Map<string, number>();
    for (const w of warnings) {
      byRule.set(w.rule, (byRule.get(w.rule) ?? 0) + 1);
    }
    // eslint-disable-next-line no-console
    console.log(`lint corpus: ${templates.length} templates (synth ${synthMillis} ms, cfn-lint ${result.millis} ms), `
      + `${errors.length} errors, ${warnings.length} warnings/informational`
      + (byRule.size > 0 ? ` (${[...byRule].map(([rule, n]) => `${rule} x${n}`).join(', ')})` : ''));
    expect(formatFindings(errors)).toBe('');
    expect(templates.length).toBe(cases.length);
  });
});
