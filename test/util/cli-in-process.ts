/**
 * The command run in process (src/cli/run.ts, no colours) and the check that keeps a documented sample equal to
 * real output: shared by the command's test suites.
 */
import * as fs from 'fs';
import { run } from '../../src/cli/run';

const PLAIN = {
  bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, cyan: (s: string) => s,
};

/** Runs `cdk-sagemaker-endpoint <argv>` in this process and returns what it printed and its exit code. */
export function runCli(argv: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = run(argv, { out: t => { out += t; }, err: t => { err += t; }, style: PLAIN as never });
  return { out, err, code };
}

/**
 * Expects the block between the `start` and `end` markers of `docFile` to be `block`; with `CLI_DOC_UPDATE=1`
 * rewrites it instead (the documented samples are generated from real runs).
 */
export function expectPinnedBlock(docFile: string, start: string, end: string, block: string): void {
  const expected = `${start}\n${block}\n${end}`;
  let doc = fs.readFileSync(docFile, 'utf-8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  expect(i).toBeGreaterThanOrEqual(0);
  if (process.env.CLI_DOC_UPDATE) {
    doc = doc.slice(0, i) + expected + doc.slice(j + end.length);
    fs.writeFileSync(docFile, doc);
    return;
  }
  expect(doc.slice(i, j + end.length)).toBe(expected);
}
