// Runs cfn-lint (the CloudFormation linter, a checker we did not write) over many templates in ONE process.
//
// cfn-lint starts slowly (it loads every resource schema), so the suites collect their templates and lint
// them in one batch: `lintTemplates([{ name, template }, ...])`. The repository's .cfnlintrc.yaml applies,
// the same configuration the gate (scripts/verify.sh) uses for cdk.out and the integ snapshots.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

/** The repository root (where .cfnlintrc.yaml lives). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** One template to lint. */
export interface NamedTemplate {
  /** A unique, file-name-safe name (becomes `<name>.template.json`). */
  readonly name: string;
  /** The CloudFormation template as a JSON object. */
  readonly template: unknown;
}

/** One cfn-lint finding, reduced to what the suites assert on and print. */
export interface CfnLintFinding {
  /** The template name given to {@link lintTemplates}. */
  readonly template: string;
  /** `Error`, `Warning` or `Informational`. */
  readonly level: string;
  /** The rule id, e.g. `E3002`. */
  readonly rule: string;
  readonly message: string;
  /** The path inside the template, e.g. `Resources/Endpoint/Properties/DeploymentConfig`. */
  readonly path: string;
}

/** The result of one cfn-lint run. */
export interface CfnLintResult {
  readonly findings: CfnLintFinding[];
  /** Only the `Error` findings. */
  readonly errors: CfnLintFinding[];
  readonly templateCount: number;
  /** Wall-clock time of the cfn-lint process. */
  readonly millis: number;
  /** The temp folder the templates were written to (kept only when `keep` was set). */
  readonly directory: string;
}

/** Options of {@link lintTemplates}. */
export interface LintOptions {
  /** Keep the temp folder (to reproduce a finding by hand). @default false, or true when CFN_LINT_KEEP is set */
  readonly keep?: boolean;
  /** Extra cfn-lint arguments, e.g. `['--ignore-checks', 'W']`. @default none */
  readonly extraArgs?: string[];
}

interface RawFinding {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location?: { readonly Path?: Array<string | number> };
}

/**
 * Writes the templates to a temp folder and runs `cfn-lint --format json` once over all of them.
 *
 * Throws when cfn-lint cannot run or its output is not JSON (so a broken linter never reads as "0 errors").
 */
export function lintTemplates(templates: NamedTemplate[], options: LintOptions = {}): CfnLintResult {
  if (templates.length === 0) {
    throw new Error('lintTemplates: no templates given');
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  const byFile = new Map<string, string>();
  const seen = new Set<string>();
  for (const t of templates) {
    if (!/^[A-Za-z0-9._-]+$/.test(t.name) || seen.has(t.name)) {
      throw new Error(`lintTemplates: template names must be unique and file-name safe, got ${JSON.stringify(t.name)}`);
    }
    seen.add(t.name);
    const file = path.join(directory, `${t.name}.template.json`);
    fs.writeFileSync(file, JSON.stringify(t.template, undefined, 1));
    byFile.set(path.resolve(file), t.name);
  }

  const args = [
    '--config-file', path.join(REPO_ROOT, '.cfnlintrc.yaml'),
    '--format', 'json',
    ...(options.extraArgs ?? []),
    '--', ...byFile.keys(),
  ];
  const started = Date.now();
  const run = spawnSync('cfn-lint', args, { cwd: REPO_ROOT, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  const millis = Date.now() - started;
  // exit status is a bit mask: 2 errors, 4 warnings, 8 informational; 1 (or anything else) means it failed to run
  if (run.error || run.status === null || ![0, 2, 4, 6, 8, 10, 12, 14].includes(run.status)) {
    throw new Error(`cfn-lint failed to run (status ${run.status}): ${run.error?.message ?? ''}\n${run.stderr}`);
  }
  let raw: RawFinding[];
  try {
    raw = JSON.parse(run.stdout.trim() === '' ? '[]' : run.stdout);
  } catch (e) {
    throw new Error(`cfn-lint output is not JSON: ${(e as Error).message}\n${run.stdout.slice(0, 2000)}\n${run.stderr}`);
  }
  const findings = raw.map(f => ({
    template: byFile.get(path.resolve(REPO_ROOT, f.Filename)) ?? f.Filename,
    level: f.Level,
    rule: f.Rule.Id,
    message: f.Message,
    path: (f.Location?.Path ?? []).join('/'),
  }));
  const keep = options.keep ?? process.env.CFN_LINT_KEEP !== undefined;
  if (!keep) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  return { findings, errors: findings.filter(f => f.level === 'Error'), templateCount: templates.length, millis, directory };
}

/** Synthesizes a stack's app and returns the stack's template (no file output is kept). */
export function templateOf(stack: Stack): unknown {
  const app = stack.node.root as App;
  const assembly = app.synth();
  return assembly.getStackArtifact(stack.artifactId).template;
}

/** Renders findings one per line, for failure messages and logs. */
export function formatFindings(findings: CfnLintFinding[]): string {
  return findings.map(f => `${f.level} ${f.rule} ${f.template} ${f.path}: ${f.message}`).join('\n');
}
