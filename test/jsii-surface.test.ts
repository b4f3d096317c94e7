// The public API as Python and Java users get it: checks over the compiled jsii assembly (`.jsii` at the
// repository root, written by the jsii compile that runs before jest in the gate). Fails on union types,
// `any` in props, names that are reserved words in Python or Java, structs with methods, struct parameters
// that are not last, and optional struct properties without a documented default.
//
// Locally: `npx jsii --silence-warnings=reserved-word` once, or point JSII_ASSEMBLY at an assembly file.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { toSnakeCase } from 'codemaker';

// jsii's own reserved-word lists (the ones its reserved-word warning uses); the package exports map hides the
// module, so it is loaded by path
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JAVA_RESERVED, PYTHON_RESERVED } = require(path.join(path.dirname(require.resolve('jsii/package.json')), 'lib', 'reserved-words.js')) as {
  JAVA_RESERVED: Set<string>;
  PYTHON_RESERVED: Set<string>;
};

const ASSEMBLY_FILE = process.env.JSII_ASSEMBLY ?? path.join(__dirname, '..', '.jsii');

/** Python keywords jsii's list misses (keywords since Python 3.7). */
const PYTHON_EXTRA = new Set(['async', 'await']);

interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: TypeRef };
  readonly union?: { readonly types: TypeRef[] };
}

interface Parameter {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly variadic?: boolean;
}

interface Callable {
  readonly name?: string;
  readonly parameters?: Parameter[];
  readonly returns?: { readonly type: TypeRef };
}

interface Property {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly docs?: { readonly default?: string };
}

interface JsiiType {
  readonly fqn: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly datatype?: boolean;
  readonly properties?: Property[];
  readonly methods?: Callable[];
  readonly initializer?: Callable;
  readonly members?: Array<{ readonly name: string }>;
  readonly locationInModule?: { readonly filename: string };
}

function loadAssembly(): { name: string; types: { [fqn: string]: JsiiType } } {
  if (!fs.existsSync(ASSEMBLY_FILE)) {
    throw new Error(`${ASSEMBLY_FILE} not found: the jsii assembly is written by the jsii compile (the gate runs it before jest; `
      + 'locally run `npx jsii --silence-warnings=reserved-word` once, or set JSII_ASSEMBLY to an assembly file)');
  }
  const assembly = JSON.parse(fs.readFileSync(ASSEMBLY_FILE, 'utf-8'));
  if (assembly.schema === 'jsii/file-redirect') {
    // a compressed assembly (jsii `compressAssembly`): `.jsii` only points at the gzipped file
    const target = path.join(path.dirname(ASSEMBLY_FILE), assembly.filename);
    return JSON.parse(zlib.gunzipSync(fs.readFileSync(target)).toString('utf-8'));
  }
  return assembly;
}

const assembly = loadAssembly();
const types = Object.values(assembly.types);
const structs = new Set(types.filter(t => t.kind === 'interface' && t.datatype).map(t => t.fqn));

/** Every type reference of the public API, with where it is. */
function typeRefs(): Array<{ where: string; ref: TypeRef; inStruct: boolean }> {
  const out: Array<{ where: string; ref: TypeRef; inStruct: boolean }> = [];
  for (const t of types) {
    const inStruct = !!t.datatype;
    for (const p of t.properties ?? []) {
      out.push({ where: `${t.name}.${p.name}`, ref: p.type, inStruct });
    }
    for (const m of [...(t.methods ?? []), ...(t.initializer ? [{ ...t.initializer, name: 'constructor' }] : [])]) {
      if (m.returns) {
        out.push({ where: `${t.name}.${m.name}() returns`, ref: m.returns.type, inStruct: false });
      }
      for (const p of m.parameters ?? []) {
        out.push({ where: `${t.name}.${m.name}(${p.name})`, ref: p.type, inStruct: false });
      }
    }
  }
  return out;
}

/** The ref and every ref nested in it (collection elements, union members). */
function flatten(ref: TypeRef): TypeRef[] {
  return [
    ref,
    ...(ref.collection ? flatten(ref.collection.elementtype) : []),
    ...(ref.union ? ref.union.types.flatMap(flatten) : []),
  ];
}

/** The source text of a class declaration (from `class <Name>` to its closing brace). */
function classBody(t: Pick<JsiiType, 'name' | 'locationInModule'>): string {
  const file = t.locationInModule?.filename;
  if (!file) {
    return '';
  }
  const text = fs.readFileSync(path.join(__dirname, '..', file), 'utf-8');
  const start = text.search(new RegExp(`class ${t.name}\\b`));
  if (start < 0) {
    return '';
  }
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    if (depth === 0) {
      return text.slice(start, i + 1);
    }
  }
  return text.slice(start);
}

/** The snake case jsii-pacmak gives Python members (the same codemaker function it calls). */
function snakeCase(name: string): string {
  return toSnakeCase(name);
}

/** Why the name is reserved in Python (as jsii-pacmak renders it, snake_case) or Java (as is), if it is. */
function reserved(name: string): string | undefined {
  const py = snakeCase(name);
  if (PYTHON_RESERVED.has(py) || PYTHON_EXTRA.has(py)) {
    return `Python keyword ${py}`;
  }
  if (JAVA_RESERVED.has(name)) {
    return `Java keyword ${name}`;
  }
  return undefined;
}

describe(`the jsii assembly ${path.basename(ASSEMBLY_FILE)} of ${assembly.name}`, () => {
  test('exports the public API of DESIGN.md', () => {
    const names = types.map(t => t.name);
    for (const name of ['Model', 'EndpointConfig', 'Endpoint', 'EndpointGrants', 'BlueGreenDeployment', 'RollingDeployment',
      'DeploymentPlan', 'CapacitySize', 'TrafficRouting', 'InstanceType', 'ContainerImage', 'ModelData', 'IEndpoint']) {
      expect(names).toContain(name);
    }
  });

  test('has no union types', () => {
    const unions = typeRefs().filter(r => flatten(r.ref).some(x => x.union)).map(r => r.where);
    expect(unions).toEqual([]);
  });

  test('has no `any` in props (struct properties)', () => {
    const anys = typeRefs().filter(r => r.inStruct && flatten(r.ref).some(x => x.primitive === 'any')).map(r => r.where);
    expect(anys).toEqual([]);
  });

  test('has no `any` anywhere else in the public API either', () => {
    const anys = typeRefs().filter(r => flatten(r.ref).some(x => x.primitive === 'any')).map(r => r.where);
    expect(anys).toEqual([]);
  });

  test('uses no Python or Java reserved word as a member, parameter or struct property name', () => {
    const bad: string[] = [];
    for (const t of types) {
      for (const p of t.properties ?? []) {
        const why = reserved(p.name);
        if (why) bad.push(`${t.name}.${p.name}: ${why}`);
      }
      for (const m of [...(t.methods ?? []), ...(t.initializer ? [{ ...t.initializer, name: 'constructor' }] : [])]) {
        const why = m.name === 'constructor' ? undefined : reserved(m.name!);
        if (why) bad.push(`${t.name}.${m.name}(): ${why}`);
        for (const p of m.parameters ?? []) {
          const pwhy = reserved(p.name);
          if (pwhy) bad.push(`${t.name}.${m.name}(${p.name}): ${pwhy}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('has no structs (data types) with methods', () => {
    const withMethods = types.filter(t => t.datatype && (t.methods ?? []).length > 0).map(t => t.name);
    expect(withMethods).toEqual([]);
  });

  test('takes struct parameters last (so Python gets keyword arguments)', () => {
    const bad: string[] = [];
    for (const t of types) {
      for (const m of [...(t.methods ?? []), ...(t.initializer ? [{ ...t.initializer, name: 'constructor' }] : [])]) {
        const params = m.parameters ?? [];
        params.forEach((p, i) => {
          if (p.type.fqn && structs.has(p.type.fqn) && i < params.length - 1) {
            bad.push(`${t.name}.${m.name}(${p.name})`);
          }
        });
      }
    }
    expect(bad).toEqual([]);
  });

  test('documents the default of every optional struct property', () => {
    const undocumented = types.filter(t => t.datatype)
      .flatMap(t => (t.properties ?? []).filter(p => p.optional && !p.docs?.default).map(p => `${t.name}.${p.name}`));
    expect(undocumented).toEqual([]);
  });

  test('the Python names of the HTTP error metrics are the documented ones (README, "Metrics")', () => {
    // the method names follow the CloudWatch metric names; jsii-pacmak snake-cases them for Python
    const methods = types.flatMap(t => (t.methods ?? []).map(m => m.name ?? '')).filter(n => /XXErrors$/.test(n));
    expect([...new Set(methods)].sort()).toEqual(['metricInvocation4XXErrors', 'metricInvocation5XXErrors']);
    expect(methods.map(snakeCase).filter((n, i, a) => a.indexOf(n) === i).sort())
      .toEqual(['metric_invocation4_xx_errors', 'metric_invocation5_xx_errors']);
  });

  test('exports no class whose constructor Python or Java can call but not complete', () => {
    // A class users can construct or subclass (it has an initializer) must not depend on `@internal` abstract
    // members: jsii does not expose them, so a Python or Java subclass would fail at runtime. Base classes that
    // do (EndpointBase, EndpointDeployment) are not exported; jsii copies their public members onto subclasses.
    const bad: string[] = [];
    for (const t of types.filter(x => x.kind === 'class' && x.initializer)) {
      const body = classBody(t);
      const internalAbstract = body.match(/\babstract\s+(?:readonly\s+)?_\w+/g) ?? [];
      if (internalAbstract.length > 0) {
        bad.push(`${t.name}: ${internalAbstract.join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
    const names = types.map(x => x.name);
    expect(names).not.toContain('EndpointBase');
    expect(names).not.toContain('EndpointDeployment');
    expect(classBody({ name: 'EndpointBase', locationInModule: { filename: 'src/endpoint/endpoint-base.ts' } })).toMatch(/abstract _configFacts/);
  });

  test('spells the rollout kind with one enum', () => {
    // the enums that name a rollout kind (RoutingStrategy routes requests between instances: another concept)
    const rolloutKinds = types.filter(t => t.kind === 'enum' && (t.members ?? []).some(m => ['CANARY', 'LINEAR', 'ROLLING', 'BLUE_GREEN'].includes(m.name)));
    expect(rolloutKinds.map(t => t.name)).toEqual(['DeploymentStrategy']);
    expect(assembly.types[`${assembly.name}.DeploymentStrategy`].members?.map(m => m.name)).toEqual(['ALL_AT_ONCE', 'CANARY', 'LINEAR', 'ROLLING']);
  });

  test('the checks catch what they look for (self-test on a synthetic assembly entry)', () => {
    expect(reserved('lambda')).toMatch(/Python/);
    expect(reserved('default')).toMatch(/Java/);
    expect(reserved('async')).toMatch(/Python/);
    expect(reserved('isAsync')).toBeUndefined();
    expect(flatten({ union: { types: [{ primitive: 'string' }, { primitive: 'any' }] } }).some(x => x.primitive === 'any')).toBe(true);
    expect(flatten({ collection: { kind: 'array', elementtype: { union: { types: [] } } } }).some(x => x.union)).toBe(true);
  });
});
