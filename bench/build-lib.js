'use strict';
// Compiles src/ to CommonJS the way the published package ships it (tsconfig.json compiler options:
// target ES2022, CommonJS output), into bench/out/lib. Each file is transpiled on its own (no type
// check), so the benchmark also runs while other modules are mid-edit; `npx tsc --noEmit` and jsii are
// the type gates, not this script. Pass `--lib lib` to run.js to measure a jsii-built lib/ instead.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

function listTs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Transpiles `srcDir` into `outDir`; returns the number of files written. */
function buildLib(root, outDir) {
  const srcDir = path.join(root, 'src');
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const compilerOptions = {
    ...parsed.options,
    inlineSourceMap: false,
    inlineSources: false,
    sourceMap: false,
    declaration: false,
  };
  fs.rmSync(outDir, { recursive: true, force: true });
  const files = listTs(srcDir);
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf-8');
    const result = ts.transpileModule(source, { compilerOptions, fileName: file, reportDiagnostics: true });
    const errors = (result.diagnostics || []).filter(d => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const text = errors.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
      throw new Error(`cannot transpile ${path.relative(root, file)}: ${text}`);
    }
    const target = path.join(outDir, path.relative(srcDir, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, result.outputText);
  }
  // files the compiled code reads at synth, at the same depth from lib/ as in the package (the verify-rollout
  // handler: lib/deployment/private -> ../../../assets)
  const assets = path.join(root, 'assets');
  if (fs.existsSync(assets)) {
    fs.cpSync(assets, path.join(outDir, '..', 'assets'), { recursive: true });
  }
  return files.length;
}

module.exports = { buildLib };
