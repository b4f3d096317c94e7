/**
 * Reads a synthesized cloud assembly (`cdk.out`): manifest.json, the nested assemblies of CDK Stages, and
 * the CloudFormation templates; or one CloudFormation template file (JSON, or YAML with the short-form
 * intrinsics such as `!Ref`), e.g. a hand-written one. Never runs the app. Every problem is a one-line
 * {@link UsageError} naming the path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './errors';

/** A CloudFormation template (only the parts the command reads). */
export interface Template {
  readonly Resources?: { [logicalId: string]: TemplateResource };
  readonly Parameters?: { [name: string]: { readonly Default?: unknown } };
}

/** A template resource. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { [name: string]: unknown };
  readonly Metadata?: { [key: string]: unknown };
}

/** One stack of the assembly. */
export interface AssemblyStack {
  /** The artifact id in its manifest. */
  readonly artifactId: string;
  /** The construct path style name, e.g. `Prod/Service` for a stack in a Stage. */
  readonly displayName: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The template file (absolute). */
  readonly templatePath: string;
  /** The template file relative to the assembly root (for messages). */
  readonly templateDisplayPath: string;
  readonly template: Template;
  /** The account, when the stack is environment-specific. */
  readonly account?: string;
  /** The region, when the stack is environment-specific. */
  readonly region?: string;
}

/**
 * The stacks of an assembly and of its nested assemblies, in manifest order; or the one stack of a template
 * file (`.json`, `.yaml`, `.yml`, `.template`), named after the file without its extensions.
 */
export function readAssembly(dir: string): AssemblyStack[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`${dir}: no such folder (pass the cdk.out folder of a synthesized app, or a template file)`);
  }
  if (!stat.isDirectory()) {
    return [readTemplateFile(dir)];
  }
  const stacks: AssemblyStack[] = [];
  readInto(dir, dir, stacks, 0);
  return stacks;
}

function readInto(root: string, dir: string, stacks: AssemblyStack[], depth: number): void {
  const manifestPath = path.join(dir, 'manifest.json');
  const shown = display(root, manifestPath);
  if (!fs.existsSync(manifestPath)) {
    const where = depth === 0 ? dir : display(root, dir);
    throw new UsageError(`${where}: not a cloud assembly (no manifest.json); run \`cdk synth\` first`);
  }
  const manifest = readJson(manifestPath, shown) as { artifacts?: unknown; version?: unknown };
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)
    || typeof manifest.version !== 'string' || (manifest.artifacts !== undefined && !isObject(manifest.artifacts))) {
    throw new UsageError(`${shown}: not a cloud assembly manifest (needs a "version" string and an "artifacts" object)`);
  }
  const artifacts = (manifest.artifacts ?? {}) as { [id: string]: unknown };
  for (const [id, raw] of Object.entries(artifacts)) {
    if (!isObject(raw)) {
      throw new UsageError(`${shown}: artifacts.${id} must be an object`);
    }
    const artifact = raw as { type?: unknown; properties?: { [k: string]: unknown }; displayName?: unknown; environment?: unknown };
    const props = isObject(artifact.properties) ? artifact.properties! : {};
    if (artifact.type === 'aws:cloudformation:stack') {
      if (typeof props.templateFile !== 'string') {
        throw new UsageError(`${shown}: artifacts.${id}.properties.templateFile must be a string`);
      }
      const templatePath = path.join(dir, props.templateFile);
      const templateDisplayPath = display(root, templatePath);
      const template = readJson(templatePath, templateDisplayPath);
      if (!isObject(template) || (template.Resources !== undefined && !isObject(template.Resources))) {
        throw new UsageError(`${templateDisplayPath}: not a CloudFormation template (Resources must be an object)`);
      }
      const env = parseEnvironment(artifact.environment);
      stacks.push({
        artifactId: id,
        displayName: typeof artifact.displayName === 'string' ? artifact.displayName : id,
        stackName: typeof props.stackName === 'string' ? props.stackName : id,
        templatePath,
        templateDisplayPath,
        template: template as Template,
        ...env,
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      if (typeof props.directoryName !== 'string') {
        throw new UsageError(`${shown}: artifacts.${id}.properties.directoryName must be a string`);
      }
      if (depth > 20) {
        throw new UsageError(`${shown}: nested assemblies deeper than 20 levels`);
      }
      readInto(root, path.join(dir, props.directoryName), stacks, depth + 1);
    }
  }
}

/** A template file given instead of a folder: one environment-agnostic stack named after the file. */
function readTemplateFile(file: string): AssemblyStack {
  const base = path.basename(file);
  const yamlFile = /\.ya?ml$/i.test(base);
  if (!yamlFile && !/\.(json|template)$/i.test(base)) {
    throw new UsageError(`${file}: not a folder or a template file (pass the cdk.out folder of a synthesized app, `
      + 'or a CloudFormation template ending in .json, .yaml, .yml or .template)');
  }
  const template = yamlFile ? readYaml(file) : readJson(file, file);
  if (!isObject(template) || (template.Resources !== undefined && !isObject(template.Resources))) {
    throw new UsageError(`${file}: not a CloudFormation template (Resources must be an object)`);
  }
  const name = base.replace(/(\.template)?\.(json|ya?ml|template)$/i, '') || base;
  return {
    artifactId: name,
    displayName: name,
    stackName: name,
    templatePath: path.resolve(file),
    templateDisplayPath: file,
    template: template as Template,
  };
}

/** The CloudFormation short forms of intrinsic functions (`!Ref X`, `!GetAtt X.Y`, `!Join [...]`...). */
const SHORT_FORMS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Sub', 'Select', 'Split', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'GetAtt'];

interface YamlModule {
  parse(text: string, options: { customTags: unknown[]; schema: string }): unknown;
}

/**
 * Parses a YAML template with the `yaml` package that aws-cdk-lib (the peer dependency) bundles, mapping the
 * short forms to their JSON forms (`!Ref X` -> `{"Ref": "X"}`, `!GetAtt X.Y` -> `{"Fn::GetAtt": "X.Y"}`), as
 * `cloudformation-include` reads YAML.
 */
function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let yaml: YamlModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    yaml = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('aws-cdk-lib/package.json'))] })) as YamlModule;
  } catch {
    throw new UsageError(`${file}: cannot read YAML (the yaml parser bundled with aws-cdk-lib was not found); convert it to JSON`);
  }
  const parse = (source: string): unknown => yaml.parse(source, { customTags: tags, schema: 'core' });
  const tag = (name: string, key: string) => ({
    identify: (value: unknown) => typeof value === 'string',
    tag: `!${name}`,
    resolve: (_doc: unknown, node: { toString(): string }) => ({ [key]: parse(node.toString().substring(name.length + 1)) }),
  });
  const tags: unknown[] = [...SHORT_FORMS.map(n => tag(n, `Fn::${n}`)), tag('Ref', 'Ref'), tag('Condition', 'Condition')];
  try {
    return parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
}

function parseEnvironment(env: unknown): { account?: string; region?: string } {
  if (typeof env !== 'string') {
    return {};
  }
  const m = /^aws:\/\/([^/]+)\/(.+)$/.exec(env);
  if (!m) {
    return {};
  }
  return {
    ...(m[1] !== 'unknown-account' ? { account: m[1] } : {}),
    ...(m[2] !== 'unknown-region' ? { region: m[2] } : {}),
  };
}

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new UsageError(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${shown}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function display(root: string, file: string): string {
  const rel = path.relative(root, file);
  return path.join(root, rel);
}

/** Whether a stack matches a `--stack` glob (`*` any characters, `?` one) on its display name, stack name or id. */
export function matchesGlob(stack: AssemblyStack, glob: string): boolean {
  const re = new RegExp(`^${glob.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`);
  return re.test(stack.displayName) || re.test(stack.stackName) || re.test(stack.artifactId);
}

/** Filters stacks by `--stack` globs; a glob that matches nothing is a usage error. */
export function selectStacks(stacks: AssemblyStack[], globs: string[], dir: string): AssemblyStack[] {
  if (globs.length === 0) {
    return stacks;
  }
  for (const glob of globs) {
    if (!stacks.some(s => matchesGlob(s, glob))) {
      const names = stacks.map(s => s.displayName).join(', ') || 'none';
      throw new UsageError(`${dir}: no stack matches --stack ${glob} (stacks: ${names})`);
    }
  }
  return stacks.filter(s => globs.some(g => matchesGlob(s, g)));
}
