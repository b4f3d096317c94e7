#!/usr/bin/env node
'use strict';
// `npm run bench`: synth cost of this library against raw L1 (the floor) and @aws-cdk/aws-sagemaker-alpha
// (the peer). Each measurement synthesizes one variant's app in a fresh Node process; variants are
// interleaved within every round (rotating the order) so machine noise hits all three alike.
//
//   node bench/run.js [--rounds 10] [--sizes 1,25,100,200] [--variants library,l1,alpha]
//                     [--lib <compiled library dir>] [--cli-runs 5] [--no-cli] [--keep] [--json <file>]
//
// Exits 1 when a variant fails to synthesize, reports synth errors, or does not produce the expected
// resources (among them: (b) raw L1 produces the same resources as (a), type by type); 2 on bad arguments.
// Missed targets (wall time, template bytes, growth, CLI) are reported, not failed (pass --strict to exit 3
// on them).
const { spawnSync, execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { buildLib } = require('./build-lib');
const { layout } = require('./variants/common');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const LABEL = { library: '(a) library', l1: '(b) raw L1', alpha: '(c) alpha' };
const TARGET_RATIO = 1.15;
const TARGET_BYTES_RATIO = 1.10;
const TARGET_GROWTH = 8;
const TARGET_GROWTH_TOLERANCE = 0.10;
const TARGET_CLI_MS = 2000;

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = {
    rounds: 10, sizes: [1, 25, 100, 200], variants: ['library', 'l1', 'alpha'], lib: undefined,
    cli: true, cliRuns: 5, keep: false, json: undefined, strict: false,
  };
  const value = (i, flag) => {
    if (i + 1 >= argv.length) usage(`${flag} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const take = () => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case '--rounds': opts.rounds = positiveInt(take(), flag); break;
      case '--sizes': opts.sizes = take().split(',').map(s => positiveInt(s, flag)); break;
      case '--variants': opts.variants = take().split(',').map(v => v.trim()); break;
      case '--lib': opts.lib = path.resolve(take()); break;
      case '--cli-runs': opts.cliRuns = positiveInt(take(), flag); break;
      case '--no-cli': opts.cli = false; break;
      case '--keep': opts.keep = true; break;
      case '--json': opts.json = path.resolve(take()); break;
      case '--strict': opts.strict = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  for (const v of opts.variants) {
    if (!LABEL[v]) usage(`--variants must be a list of library, l1, alpha, got ${v}`);
  }
  opts.sizes = [...new Set(opts.sizes)].sort((a, b) => a - b);
  return opts;
}

function positiveInt(text, flag) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) usage(`${flag} must be a positive integer, got ${text}`);
  return n;
}

function usage(error) {
  const text = 'usage: node bench/run.js [--rounds 10] [--sizes 1,25,100,200] [--variants library,l1,alpha]\n' +
    '                        [--lib <compiled library dir>] [--cli-runs 5] [--no-cli] [--keep] [--json <file>] [--strict]';
  if (error) {
    console.error(`error: ${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

// ---------------------------------------------------------------- statistics
function median(values) {
  const xs = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fmtInt = x => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');

// ---------------------------------------------------------------- machine facts
function machineFacts(libDir, libSource) {
  const git = cmd => {
    try { return execSync(cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return 'unknown'; }
  };
  const version = pkg => {
    try { return require(path.join(ROOT, 'node_modules', pkg, 'package.json')).version; } catch { return 'not installed'; }
  };
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    commit: git('git rev-parse --short HEAD') + (git('git status --porcelain -- src') ? ' (+ uncommitted src changes)' : ''),
    cpu: `${cpus.length} x ${cpus[0] ? cpus[0].model.trim() : 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    awsCdkLib: version('aws-cdk-lib'),
    alpha: version('@aws-cdk/aws-sagemaker-alpha'),
    library: `${path.relative(ROOT, libDir) || libDir} (${libSource})`,
    loadavg: os.loadavg().map(x => x.toFixed(2)).join(' '),
  };
}

// ---------------------------------------------------------------- one measurement
function runOnce(variant, n, outdir, libDir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [path.join(__dirname, 'synth.js'), variant, String(n), outdir, libDir], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 0 || res.error) {
    // the first error line and what follows (the stack), not the deprecation warnings before it
    const lines = (res.stderr || '').split('\n');
    const at = lines.findIndex(l => /(^|\s)(\w*Error|error)\b/.test(l) && !/^\s+at /.test(l));
    const text = (at >= 0 ? lines.slice(at, at + 12) : lines.slice(-12)).join('\n').trim();
    return { ok: false, error: `exit ${res.status}${res.error ? ` (${res.error})` : ''}: ${text}` };
  }
  const lines = res.stdout.trim().split('\n');
  let child;
  try { child = JSON.parse(lines[lines.length - 1]); } catch {
    return { ok: false, error: `unexpected output: ${res.stdout.slice(-500)}` };
  }
  return { ok: true, wallMs, ...child, appMs: child.constructMs + child.synthMs };
}

/** Template bytes, resource counts and synth messages of an assembly, checked against the expected resources. */
function inspectAssembly(variant, n, outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const problems = [];
  const byType = {};
  let templateBytes = 0;
  let resources = 0;
  let deploymentConfigs = 0;
  let stacks = 0;
  let warnings = 0;
  for (const [id, artifact] of Object.entries(manifest.artifacts || {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    stacks++;
    const file = path.join(outdir, artifact.properties.templateFile);
    const text = fs.readFileSync(file, 'utf-8');
    templateBytes += Buffer.byteLength(text);
    const template = JSON.parse(text);
    for (const r of Object.values(template.Resources || {})) {
      resources++;
      byType[r.Type] = (byType[r.Type] || 0) + 1;
      if (r.Type === 'AWS::SageMaker::Endpoint' && r.Properties && r.Properties.DeploymentConfig) deploymentConfigs++;
    }
    for (const [p, entries] of Object.entries(artifact.metadata || {})) {
      for (const e of entries) {
        if (e.type === 'aws:cdk:error') problems.push(`${id}${p}: synth error: ${e.data}`);
        if (e.type === 'aws:cdk:warning') warnings++;
      }
    }
  }
  const expect = (type, count) => {
    if ((byType[type] || 0) !== count) problems.push(`expected ${count} ${type}, got ${byType[type] || 0}`);
  };
  expect('AWS::SageMaker::Model', n);
  expect('AWS::SageMaker::EndpointConfig', n);
  expect('AWS::SageMaker::Endpoint', n);
  expect('AWS::CloudWatch::Alarm', 2 * n);
  if (stacks !== layout(n).length) problems.push(`expected ${layout(n).length} stacks, got ${stacks}`);
  // (a) and (b) verify every rollout: a check per endpoint, answered by one function per stack
  expect('Custom::SageMakerVerifyRollout', variant === 'alpha' ? 0 : n);
  expect('AWS::Lambda::Function', variant === 'alpha' ? 0 : layout(n).length);
  const wantDeploymentConfigs = variant === 'alpha' ? 0 : n;
  if (deploymentConfigs !== wantDeploymentConfigs) {
    problems.push(`expected ${wantDeploymentConfigs} endpoints with a DeploymentConfig, got ${deploymentConfigs}`);
  }
  return { stacks, resources, templateBytes, byType, warnings, problems };
}

/** Resource types whose counts differ between two assemblies (the floor is only a floor for the same resources). */
function resourceDifferences(a, b) {
  const types = [...new Set([...Object.keys(a.byType), ...Object.keys(b.byType)])].sort();
  return types.filter(t => (a.byType[t] || 0) !== (b.byType[t] || 0))
    .map(t => `${t}: ${a.byType[t] || 0} in (a), ${b.byType[t] || 0} in (b)`);
}

// ---------------------------------------------------------------- the CLI over the largest library assembly
function findCli(libDir) {
  const bin = path.join(ROOT, 'bin', 'cdk-sagemaker-endpoint');
  if (!fs.existsSync(bin)) return { missing: 'bin/cdk-sagemaker-endpoint does not exist yet' };
  // The bin script loads ../lib: run it against the library this benchmark measured.
  if (path.resolve(libDir) === path.join(ROOT, 'lib')) return { command: bin, display: 'bin/cdk-sagemaker-endpoint' };
  if (path.resolve(libDir) !== path.join(OUT, 'lib')) return { missing: `the CLI can only load lib/ or bench/out/lib, not ${libDir}` };
  const copy = path.join(OUT, 'bin', 'cdk-sagemaker-endpoint');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(bin, copy);
  return { command: copy, display: 'bin/cdk-sagemaker-endpoint (a copy in bench/out/bin, loading bench/out/lib)' };
}

function timeCli(cli, assembly, runs) {
  const times = [];
  let lastOutput = '';
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [cli.command, 'plan', assembly], { cwd: ROOT, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 0 || res.error) {
      return { ok: false, error: `exit ${res.status}: ${(res.stderr || String(res.error || '')).trim().split('\n').slice(-10).join('\n')}` };
    }
    lastOutput = res.stdout;
    times.push(ms);
  }
  return { ok: true, medianMs: median(times), times, outputBytes: Buffer.byteLength(lastOutput), outputLines: lastOutput.split('\n').length };
}

// ---------------------------------------------------------------- main
function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  let failed = false;

  let libDir = opts.lib;
  let libSource = opts.variants.includes('library') ? 'given with --lib' : 'not measured';
  if (opts.variants.includes('library') && !libDir) {
    libDir = path.join(OUT, 'lib');
    const t0 = Date.now();
    const files = buildLib(ROOT, libDir);
    libSource = `src/ compiled to CommonJS with the tsconfig.json options: ${files} files in ${Date.now() - t0} ms`;
  }
  libDir = libDir || path.join(OUT, 'lib');

  const facts = machineFacts(libDir, libSource);
  console.log('# cdk-sagemaker-endpoint synth benchmark\n');
  for (const [k, v] of Object.entries(facts)) console.log(`- ${k}: ${v}`);
  console.log(`- rounds: ${opts.rounds}, sizes: ${opts.sizes.join(', ')}, variants: ${opts.variants.join(', ')}\n`);

  const results = {}; // variant -> n -> [run]
  const assemblies = {}; // variant -> n -> inspection
  const broken = new Set();
  for (const v of opts.variants) { results[v] = {}; assemblies[v] = {}; for (const n of opts.sizes) results[v][n] = []; }
  const keepDir = v => path.join(OUT, `assembly-${v}-${opts.sizes[opts.sizes.length - 1]}`);

  // warm-up (not recorded): the file cache and V8 code cache of aws-cdk-lib
  for (const v of opts.variants) {
    const w = runOnce(v, 1, path.join(OUT, `warmup-${v}`), libDir);
    fs.rmSync(path.join(OUT, `warmup-${v}`), { recursive: true, force: true });
    if (!w.ok) {
      console.error(`FAIL ${LABEL[v]} N=1 (warm-up): ${w.error}\n`);
      broken.add(v);
      failed = true;
    }
  }

  const started = Date.now();
  for (let round = 0; round < opts.rounds; round++) {
    for (const n of opts.sizes) {
      const order = opts.variants.map((_, i) => opts.variants[(i + round) % opts.variants.length]);
      for (const v of order) {
        if (broken.has(v)) continue;
        const outdir = path.join(OUT, `cdk.out-${v}-${n}`);
        const r = runOnce(v, n, outdir, libDir);
        if (!r.ok) {
          console.error(`FAIL ${LABEL[v]} N=${n} round ${round + 1}: ${r.error}\n`);
          broken.add(v);
          failed = true;
          continue;
        }
        results[v][n].push(r);
        if (!assemblies[v][n]) {
          const info = inspectAssembly(v, n, outdir);
          assemblies[v][n] = info;
          if (info.problems.length > 0) {
            console.error(`FAIL ${LABEL[v]} N=${n}: ${info.problems.slice(0, 10).join('; ')}\n`);
            failed = true;
          }
          const other = v === 'library' ? 'l1' : v === 'l1' ? 'library' : undefined;
          const differences = other && assemblies[other][n] ? resourceDifferences(assemblies.library[n], assemblies.l1[n]) : [];
          if (differences.length > 0) {
            console.error(`FAIL N=${n}: (b) raw L1 must produce the same resources as (a) the library: ${differences.join('; ')}\n`);
            failed = true;
          }
        }
        if (n === opts.sizes[opts.sizes.length - 1] && round === 0) {
          fs.rmSync(keepDir(v), { recursive: true, force: true });
          fs.renameSync(outdir, keepDir(v));
        } else if (!opts.keep) {
          fs.rmSync(outdir, { recursive: true, force: true });
        }
      }
    }
    process.stderr.write(`round ${round + 1}/${opts.rounds} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }

  const summary = summarize(opts, results, assemblies);
  printTables(opts, summary);

  let cliResult;
  const maxN = opts.sizes[opts.sizes.length - 1];
  if (opts.cli && opts.variants.includes('library') && !broken.has('library')) {
    const cli = findCli(libDir);
    if (cli.missing) {
      console.log(`\nCLI not timed: ${cli.missing}`);
    } else {
      cliResult = timeCli(cli, keepDir('library'), opts.cliRuns);
      console.log(`\n## CLI \`plan\` over the N=${maxN} library assembly (${opts.cliRuns} runs)\n`);
      console.log(`- command: node ${cli.display} plan ${path.relative(ROOT, keepDir('library'))}`);
      if (cliResult.ok) {
        console.log(`- median wall: ${fmtInt(cliResult.medianMs)} ms (runs: ${cliResult.times.map(fmtInt).join(', ')}), output ${fmtInt(cliResult.outputLines)} lines`);
        summary.targets.push({ name: `CLI plan over N=${maxN} < ${TARGET_CLI_MS} ms`, value: `${fmtInt(cliResult.medianMs)} ms`, met: maxN >= 200 ? cliResult.medianMs < TARGET_CLI_MS : undefined });
      } else {
        console.log(`- FAILED: ${cliResult.error}`);
        failed = true;
      }
    }
  }

  console.log(`\n- loadavg at the end: ${os.loadavg().map(x => x.toFixed(2)).join(' ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify({ facts, opts, results, assemblies, summary, cli: cliResult }, null, 2));
  }
  console.log('\n## Targets\n');
  console.log('| target | this run | status |\n|---|---|---|');
  for (const t of summary.targets) {
    console.log(`| ${t.name} | ${t.value} | ${t.met === undefined ? 'not measured' : t.met ? 'met' : 'MISSED'} |`);
  }
  const missed = summary.targets.filter(t => t.met === false);
  if (failed) {
    console.error('\nbenchmark FAILED: a variant did not synthesize or did not produce the expected resources');
    process.exit(1);
  }
  if (opts.strict && missed.length > 0) process.exit(3);
}

function summarize(opts, results, assemblies) {
  const cell = (v, n) => {
    const runs = results[v] && results[v][n] ? results[v][n] : [];
    return {
      runs: runs.length,
      wallMs: median(runs.map(r => r.wallMs)),
      appMs: median(runs.map(r => r.appMs)),
      loadMs: median(runs.map(r => r.loadMs + r.startupMs)),
      cpuMs: median(runs.map(r => r.cpuMs)),
      rssMb: median(runs.map(r => r.maxRssKb / 1024)),
      assembly: assemblies[v] ? assemblies[v][n] : undefined,
    };
  };
  // paired ratios: each round runs the variants back to back, so a per-round ratio cancels slow phases
  const pairedRatio = (a, b, n, key) => {
    const ra = results[a] && results[a][n] ? results[a][n] : [];
    const rb = results[b] && results[b][n] ? results[b][n] : [];
    const len = Math.min(ra.length, rb.length);
    const ratios = [];
    for (let i = 0; i < len; i++) ratios.push(ra[i][key] / rb[i][key]);
    return median(ratios);
  };
  const ratioSet = (a, b, n) => ({
    wall: pairedRatio(a, b, n, 'wallMs'),
    app: pairedRatio(a, b, n, 'appMs'),
    cpu: pairedRatio(a, b, n, 'cpuMs'),
    rss: pairedRatio(a, b, n, 'maxRssKb'),
  });
  const cells = {};
  for (const v of opts.variants) { cells[v] = {}; for (const n of opts.sizes) cells[v][n] = cell(v, n); }
  // template bytes do not vary between rounds: the ratio of the two assemblies
  const bytesRatio = (a, b, n) => {
    const ia = assemblies[a] && assemblies[a][n];
    const ib = assemblies[b] && assemblies[b][n];
    return ia && ib ? ia.templateBytes / ib.templateBytes : NaN;
  };
  const ratios = {};
  for (const n of opts.sizes) {
    ratios[n] = {
      ab: { ...ratioSet('library', 'l1', n), bytes: bytesRatio('library', 'l1', n) },
      ac: { ...ratioSet('library', 'alpha', n), bytes: bytesRatio('library', 'alpha', n) },
    };
  }
  const growth = {};
  const lo = opts.sizes.includes(25) ? 25 : opts.sizes[1];
  const hi = opts.sizes[opts.sizes.length - 1];
  const base = opts.sizes[0];
  if (opts.sizes.length >= 3) {
    for (const v of opts.variants) {
      const t = n => cells[v][n].wallMs;
      growth[v] = { base, lo, hi, expected: (hi - base) / (lo - base), value: (t(hi) - t(base)) / (t(lo) - t(base)) };
    }
  }
  // each target: met true/false, or undefined when this run did not measure it
  const targets = [];
  const r200 = opts.variants.includes('library') && opts.variants.includes('l1') && opts.sizes.includes(200)
    ? ratios[200].ab.wall : undefined;
  targets.push({
    name: `(a)/(b) wall at N=200 <= ${TARGET_RATIO}`,
    value: r200 === undefined ? 'not measured (needs library, l1 and N=200)' : fmt(r200, 2),
    met: r200 === undefined ? undefined : r200 <= TARGET_RATIO,
  });
  const b200 = r200 === undefined ? undefined : ratios[200].ab.bytes;
  targets.push({
    name: `(a)/(b) template bytes at N=200 <= ${TARGET_BYTES_RATIO.toFixed(2)}`,
    value: b200 === undefined || !Number.isFinite(b200) ? 'not measured (needs library, l1 and N=200)' : fmt(b200, 2),
    met: b200 === undefined || !Number.isFinite(b200) ? undefined : b200 <= TARGET_BYTES_RATIO,
  });
  const g = growth.library && lo === 25 && hi === 200 ? growth.library : undefined;
  targets.push({
    name: `(a) growth N=25 -> 200 within ${TARGET_GROWTH_TOLERANCE * 100}% of ${TARGET_GROWTH}x`,
    value: g === undefined ? 'not measured (needs library and N=1, 25, 200)'
      : `${fmt(g.value, 2)}x` + (Math.abs(g.value - TARGET_GROWTH) / TARGET_GROWTH <= TARGET_GROWTH_TOLERANCE ? ''
        : g.value < TARGET_GROWTH ? ' (sublinear: cheaper per endpoint at scale)' : ' (superlinear)'),
    met: g === undefined ? undefined : Math.abs(g.value - TARGET_GROWTH) / TARGET_GROWTH <= TARGET_GROWTH_TOLERANCE,
  });
  return { cells, ratios, growth, targets };
}

function printTables(opts, s) {
  console.log('\n## Results (medians over rounds)\n');
  console.log('| N | variant | stacks | resources | template KB | wall ms | construct+synth ms | startup+load ms | CPU ms | peak RSS MB | runs |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of opts.sizes) {
    for (const v of opts.variants) {
      const c = s.cells[v][n];
      const a = c.assembly;
      console.log(`| ${n} | ${LABEL[v]} | ${a ? a.stacks : 'n/a'} | ${a ? fmtInt(a.resources) : 'n/a'} | ${a ? fmt(a.templateBytes / 1024, 0) : 'n/a'} | ` +
        `${fmtInt(c.wallMs)} | ${fmtInt(c.appMs)} | ${fmtInt(c.loadMs)} | ${fmtInt(c.cpuMs)} | ${fmt(c.rssMb, 0)} | ${c.runs} |`);
    }
  }
  if (opts.variants.includes('library') && (opts.variants.includes('l1') || opts.variants.includes('alpha'))) {
    console.log('\n## Ratios (median of per-round ratios; each round runs the variants back to back)\n');
    console.log('| N | (a)/(b) wall | (a)/(b) construct+synth | (a)/(b) CPU | (a)/(b) RSS | (a)/(b) template bytes | (a)/(c) wall | (a)/(c) construct+synth | (a)/(c) CPU | (a)/(c) RSS | (a)/(c) template bytes |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const n of opts.sizes) {
      const r = s.ratios[n];
      const four = x => `${fmt(x.wall, 2)} | ${fmt(x.app, 2)} | ${fmt(x.cpu, 2)} | ${fmt(x.rss, 2)} | ${fmt(x.bytes, 2)}`;
      console.log(`| ${n} | ${four(r.ab)} | ${four(r.ac)} |`);
    }
  }
  const gv = Object.keys(s.growth);
  if (gv.length > 0) {
    const g0 = s.growth[gv[0]];
    console.log(`\n## Growth N=${g0.lo} -> N=${g0.hi} (wall, after subtracting N=${g0.base}: (t${g0.hi}-t${g0.base})/(t${g0.lo}-t${g0.base}); target ${TARGET_GROWTH}x +-${TARGET_GROWTH_TOLERANCE * 100}%, exactly linear = ${fmt(g0.expected, 2)}x)\n`);
    console.log(`| variant | t${g0.base} ms | t${g0.lo} ms | t${g0.hi} ms | growth | growth / (b) growth | ms per endpoint N=${g0.base}->${g0.lo} | ms per endpoint N=${g0.lo}->${g0.hi} |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const v of gv) {
      const g = s.growth[v];
      const t = n => s.cells[v][n].wallMs;
      const floor = s.growth.l1 ? fmt(g.value / s.growth.l1.value, 2) : 'n/a';
      console.log(`| ${LABEL[v]} | ${fmtInt(t(g.base))} | ${fmtInt(t(g.lo))} | ${fmtInt(t(g.hi))} | ${fmt(g.value, 2)}x | ${floor} | ` +
        `${fmt((t(g.lo) - t(g.base)) / (g.lo - g.base), 1)} | ${fmt((t(g.hi) - t(g.lo)) / (g.hi - g.lo), 1)} |`);
    }
  }
}

main();
