#!/usr/bin/env node
'use strict';
// One measurement: builds and synthesizes one variant's app of N endpoints in this (fresh) process and
// prints one JSON line with the in-process timings and the peak RSS. The parent (run.js) measures the
// wall time of the whole process and reads the assembly.
//   node bench/synth.js <library|l1|alpha> <N> <outdir> [<compiled library dir>]
const { performance } = require('perf_hooks');

const [variant, nText, outdir, lib] = process.argv.slice(2);
const n = Number(nText);
const start = performance.now();
const cdk = require('aws-cdk-lib');
const { CLI_CONTEXT } = require('./variants/common');
const { build } = require(`./variants/${variant}`);
const loaded = performance.now();

const app = new cdk.App({ outdir, context: CLI_CONTEXT });
build(app, n, { lib });
const built = performance.now();
app.synth();
const done = performance.now();

process.stdout.write(JSON.stringify({
  variant,
  n,
  startupMs: start,                 // node start until this script runs
  loadMs: loaded - start,           // require aws-cdk-lib and the variant's modules
  constructMs: built - loaded,      // building the construct tree (library modules load lazily here)
  synthMs: done - built,            // app.synth(): prepare, validate, resolve, write the templates
  cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000, // whole process, all threads
  maxRssKb: process.resourceUsage().maxRSS,
}) + '\n');
