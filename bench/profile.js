#!/usr/bin/env node
'use strict';
// CPU profile of one synth (node --cpu-prof) and a summary of where the time goes: self time by area
// (this library, aws-cdk-lib modules, constructs, node, GC), the hottest functions by self time, and this
// library's functions by inclusive time, each with file:line.
//
//   node bench/profile.js [--variant library] [--n 200] [--lib <compiled library dir>] [--top 25]
//
// The library is compiled to bench/out/lib first (as run.js does), so lines refer to the compiled
// JavaScript; the matching src/*.ts line is printed next to it where the compiled file maps 1:1 enough to
// find the function by name.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { buildLib } = require('./build-lib');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out');

function parseArgs(argv) {
  const opts = { variant: 'library', n: 200, lib: undefined, top: 25 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const take = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--variant': opts.variant = take(); break;
      case '--n': opts.n = Number(take()); break;
      case '--lib': opts.lib = path.resolve(take()); break;
      case '--top': opts.top = Number(take()); break;
      default:
        console.error(`error: unknown argument ${argv[i]}\nusage: node bench/profile.js [--variant library|l1|alpha] [--n 200] [--lib <dir>] [--top 25]`);
        process.exit(2);
    }
  }
  return opts;
}

function area(url) {
  if (!url) return '(native / GC / idle)';
  if (url.includes('/bench/out/lib/') || url.includes('/main/lib/')) return 'this library';
  if (url.includes('/bench/')) return 'bench scripts';
  const m = url.match(/node_modules\/aws-cdk-lib\/([^/]+)(?:\/lib\/([^/]+))?/);
  if (m) {
    if (m[1] === 'core') return `aws-cdk-lib/core${m[2] ? '/' + m[2].replace(/\.js$/, '') : ''}`;
    return `aws-cdk-lib/${m[1]}`;
  }
  const p = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (p) return p[1];
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function short(url) {
  return url
    .replace(/^file:\/\//, '')
    .replace(`${ROOT}/`, '')
    .replace(/^.*node_modules\//, '');
}

/** The src/ line of a function found by name in the source file matching a compiled library file. */
function sourceLine(url, functionName) {
  const m = url.replace(/^file:\/\//, '').match(/\/(?:bench\/out\/lib|lib)\/(.+)\.js$/);
  if (!m || !functionName) return undefined;
  const src = path.join(ROOT, 'src', `${m[1]}.ts`);
  if (!fs.existsSync(src)) return undefined;
  const lines = fs.readFileSync(src, 'utf-8').split('\n');
  const name = functionName.replace(/^get |^set /, '');
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  // a declaration: `function name(`, `class Name`, or a (modified) method/getter `  public get name(`
  const patterns = [
    new RegExp(`^\\s*(?:export\\s+)?(?:async\\s+)?function\\s+${name}\\b`),
    new RegExp(`^\\s*(?:export\\s+)?(?:abstract\\s+)?class\\s+${name}\\b`),
    new RegExp(`^\\s*(?:(?:public|private|protected|static|async|get|set|override)\\s+)*${name}\\s*[(<]`),
  ];
  for (let i = 0; i < lines.length; i++) {
    if (patterns.some(p => p.test(lines[i]))) {
      return `src/${m[1]}.ts:${i + 1}`;
    }
  }
  return undefined;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  let lib = opts.lib;
  if (!lib) {
    lib = path.join(OUT, 'lib');
    if (opts.variant === 'library') buildLib(ROOT, lib);
  }
  const profDir = path.join(OUT, 'profiles');
  fs.rmSync(profDir, { recursive: true, force: true });
  fs.mkdirSync(profDir, { recursive: true });
  const outdir = path.join(OUT, `cdk.out-profile-${opts.variant}-${opts.n}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const res = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250',
    path.join(__dirname, 'synth.js'), opts.variant, String(opts.n), outdir, lib], { cwd: ROOT, encoding: 'utf-8' });
  if (res.status !== 0) {
    console.error(`synth failed:\n${res.stderr}`);
    process.exit(1);
  }
  console.log(`synth: ${res.stdout.trim()}`);
  const file = fs.readdirSync(profDir).find(f => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf-8'));
  console.log(`profile: ${path.relative(ROOT, path.join(profDir, file))} (open in Chrome DevTools > Performance)\n`);

  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const key = n => {
    const cf = n.callFrame;
    return `${cf.functionName || '(anonymous)'}\t${cf.url}\t${cf.lineNumber + 1}:${cf.columnNumber + 1}`;
  };
  // time per sample from the deltas
  const self = new Map();
  const inclusive = new Map();
  const areas = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] !== undefined ? profile.timeDeltas[i + 1] : profile.timeDeltas[i]) / 1000;
    total += dt;
    const leaf = nodes.get(id);
    const k = key(leaf);
    self.set(k, (self.get(k) || 0) + dt);
    const a = area(leaf.callFrame.url);
    areas.set(a, (areas.get(a) || 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = key(nodes.get(cur));
      if (!seen.has(kk)) { seen.add(kk); inclusive.set(kk, (inclusive.get(kk) || 0) + dt); }
    }
  });

  const pct = ms => `${(100 * ms / total).toFixed(1)}%`;
  console.log(`total sampled: ${total.toFixed(0)} ms\n`);
  console.log('## self time by area\n');
  console.log('| area | ms | share |\n|---|---:|---:|');
  for (const [a, ms] of [...areas.entries()].sort((x, y) => y[1] - x[1]).slice(0, opts.top)) {
    console.log(`| ${a} | ${ms.toFixed(0)} | ${pct(ms)} |`);
  }
  const row = ([k, ms]) => {
    const [fn, url, line] = k.split('\t');
    const src = sourceLine(url, fn);
    const where = area(url) === 'this library' ? line.split(':')[0] : line;
    return `| ${fn} | ${short(url)}:${where}${src ? ` (${src})` : ''} | ${ms.toFixed(0)} | ${pct(ms)} |`;
  };
  console.log('\n## hottest functions by self time\n');
  console.log('| function | file:line | ms | share |\n|---|---|---:|---:|');
  for (const e of [...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, opts.top)) console.log(row(e));
  const mine = [...inclusive.entries()].filter(([k]) => area(k.split('\t')[1]) === 'this library');
  if (mine.length > 0) {
    console.log('\n## this library\'s functions by inclusive time (including what they call)\n');
    console.log('| function | file:line | ms | share |\n|---|---|---:|---:|');
    for (const e of mine.sort((x, y) => y[1] - x[1]).slice(0, opts.top)) console.log(row(e));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
}

main();
