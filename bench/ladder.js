#!/usr/bin/env node
'use strict';
// Where the gap between (a) the library and (b) the raw L1 floor comes from, at one size (default N=200), as a
// ladder of apps that produce the same resources, type by type, measured like run.js (fresh processes, the variants
// back to back in an order that rotates every round, one unrecorded warm-up round, medians of per-round ratios):
//
//   (b)  raw L1, top-level construct ids (the floor of run.js)
//   (b') the same raw L1 at the library's construct paths, so with the library's logical IDs: what nesting costs
//   (a-) the library with free content-hash identities: a compiled copy whose stableIdentity() returns the
//        construct path without resolving anything, so models and configs keep literal names of the same shape
//        whose hash covers the path instead of the content. An upper bound for what computing the identities
//        faster could save (the templates differ from (a) in the hash part of those names only)
//   (a)  the library
//
// and, from bench/load.js, what loading the library's modules costs after the floor's modules.
//
//   node bench/ladder.js [--rounds 10] [--n 200] [--lib <compiled library dir>]
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { buildLib } = require('./build-lib');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out');

function parseArgs(argv) {
  const opts = { rounds: 10, n: 200, lib: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const take = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--rounds': opts.rounds = Number(take()); break;
      case '--n': opts.n = Number(take()); break;
      case '--lib': opts.lib = path.resolve(take()); break;
      default:
        console.error(`error: unknown argument ${argv[i]}\nusage: node bench/ladder.js [--rounds 10] [--n 200] [--lib <dir>]`);
        process.exit(2);
    }
  }
  for (const key of ['rounds', 'n']) {
    if (!Number.isInteger(opts[key]) || opts[key] < 1) {
      console.error(`error: --${key} must be a positive integer, got ${opts[key]}`);
      process.exit(2);
    }
  }
  return opts;
}

/** A copy of the compiled library whose content-hash identities cost nothing: the construct path. */
function freeIdentityCopy(lib) {
  const copy = path.join(OUT, 'lib-ladder-free-identity');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(lib, copy, { recursive: true });
  const file = path.join(copy, 'private', 'hash-identity.js');
  const text = fs.readFileSync(file, 'utf-8');
  const at = 'function stableIdentity(scope, value) {';
  if (!text.includes(at)) {
    console.error(`error: ${path.relative(ROOT, file)} has no "${at}": update the ablation in bench/ladder.js`);
    process.exit(1);
  }
  fs.writeFileSync(file, text.replace(at, `${at}\n    return scope.node.path; // bench/ladder.js: free identities`));
  return copy;
}

/** Resources by type over every stack of an assembly, and how many models carry a literal ModelName. */
function inspect(outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const byType = {};
  let namedModels = 0;
  const errors = [];
  for (const artifact of Object.values(manifest.artifacts || {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    for (const [p, entries] of Object.entries(artifact.metadata || {})) {
      errors.push(...entries.filter(e => e.type === 'aws:cdk:error').map(e => `${p}: ${e.data}`));
    }
    const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf-8'));
    for (const r of Object.values(template.Resources || {})) {
      byType[r.Type] = (byType[r.Type] || 0) + 1;
      if (r.Type === 'AWS::SageMaker::Model' && r.Properties && r.Properties.ModelName !== undefined) namedModels++;
    }
  }
  return { byType, namedModels, errors };
}

function runOnce(rung, n, outdir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [path.join(__dirname, 'synth.js'), rung.variant, String(n), outdir, rung.lib || ''], {
    encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 0) {
    console.error(`error: ${rung.label} did not synthesize:\n${(res.stderr || '').slice(-3000)}`);
    process.exit(1);
  }
  return wallMs;
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let lib = opts.lib;
  if (!lib) {
    lib = path.join(OUT, 'lib');
    buildLib(ROOT, lib);
  }
  const rungs = [
    { key: 'b', label: '(b) raw L1', what: 'the floor of `npm run bench`: top-level construct ids', variant: 'l1' },
    { key: "b'", label: "(b') raw L1 at the library's paths", what: 'the same resources at the construct paths the library gives them (its logical IDs)', variant: 'l1-paths' },
    { key: 'a-', label: '(a-) library, free identities', what: 'content-hash names that hash the construct path, nothing resolved: an upper bound for faster identities', variant: 'library', lib: freeIdentityCopy(lib) },
    { key: 'a', label: '(a) library', what: 'as users get it', variant: 'library', lib },
  ];
  const outdir = key => path.join(OUT, `cdk.out-ladder-${key.replace("'", 'p').replace('-', 'm')}`);

  console.log(`# Ladder at N=${opts.n}: ${opts.rounds} rounds\n`);
  console.log(`- date: ${new Date().toISOString()}`);
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf-8' }).stdout.trim();
  console.log(`- commit: ${commit || 'unknown'}`);
  console.log(`- library: ${path.relative(ROOT, lib)}`);
  console.log(`- loadavg: ${require('os').loadavg().map(x => x.toFixed(2)).join(' ')}`);

  const walls = rungs.map(() => []);
  for (let round = 0; round <= opts.rounds; round++) {
    const order = rungs.map((_, i) => (i + round) % rungs.length);
    for (const i of order) {
      const wall = runOnce(rungs[i], opts.n, outdir(rungs[i].key));
      if (round > 0) walls[i].push(wall);
    }
  }

  // the ladder only means something if every rung deploys the same resources
  const floor = inspect(outdir('b'));
  for (const rung of rungs) {
    const got = inspect(outdir(rung.key));
    if (got.errors.length > 0) {
      console.error(`error: ${rung.label} reported synth errors:\n${got.errors.slice(0, 5).join('\n')}`);
      process.exit(1);
    }
    const types = [...new Set([...Object.keys(floor.byType), ...Object.keys(got.byType)])];
    const differ = types.filter(t => (floor.byType[t] || 0) !== (got.byType[t] || 0));
    if (differ.length > 0) {
      console.error(`error: ${rung.label} does not produce the resources of (b): ${differ.map(t => `${t} ${got.byType[t] || 0} against ${floor.byType[t] || 0}`).join(', ')}`);
      process.exit(1);
    }
    rung.namedModels = got.namedModels;
  }
  if (rungs[2].namedModels !== opts.n || rungs[3].namedModels !== opts.n) {
    console.error(`error: expected ${opts.n} models with a literal name in (a-) and (a), got ${rungs[2].namedModels} and ${rungs[3].namedModels}`);
    process.exit(1);
  }

  const ratio = i => median(walls[i].map((w, k) => w / walls[0][k]));
  console.log('\n| rung | what | wall ms (median) | / (b) (median of per-round ratios) | step |');
  console.log('|---|---|---:|---:|---:|');
  rungs.forEach((rung, i) => {
    const step = i === 0 ? '' : (ratio(i) - ratio(i - 1) >= 0 ? '+' : '') + (ratio(i) - ratio(i - 1)).toFixed(3);
    console.log(`| ${rung.label} | ${rung.what} | ${median(walls[i]).toFixed(0)} | ${ratio(i).toFixed(3)} | ${step} |`);
  });

  // loading the library: not an app that can be ablated, so measured on its own after the floor's modules
  const load = spawnSync(process.execPath, [path.join(__dirname, 'load.js'), lib, '--top', '0'], { encoding: 'utf-8' });
  const loadLines = [];
  for (let k = 0; k < 5 && load.status === 0; k++) {
    const again = k === 0 ? load : spawnSync(process.execPath, [path.join(__dirname, 'load.js'), lib, '--top', '0'], { encoding: 'utf-8' });
    const m = /: ([0-9.]+) ms, ([0-9]+) files/.exec(again.stdout);
    if (m) loadLines.push({ ms: Number(m[1]), files: Number(m[2]) });
  }
  if (loadLines.length > 0) {
    const ms = median(loadLines.map(l => l.ms));
    console.log(`\nLoading the library's ${loadLines[0].files} files after the floor's modules (\`node bench/load.js\`, median of ${loadLines.length}): ` +
      `${ms.toFixed(1)} ms, ${(ms / median(walls[0])).toFixed(3)} of (b)'s median wall. Part of the (b') -> (a-) step.`);
  }
}

main();
