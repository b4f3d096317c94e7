#!/usr/bin/env node
'use strict';
// What loading the library costs beyond what the floor loads: builds and synthesizes a 2-endpoint (b) app
// first (so aws-cdk-lib's modules are loaded and warm), then requires the compiled library and prints the total
// and each file's own load time (its children excluded).
//
//   node bench/load.js [<compiled library dir>, default bench/out/lib] [--top 25]
const { performance } = require('perf_hooks');
const Module = require('module');
const path = require('path');
const cdk = require('aws-cdk-lib');
const c = require('./variants/common');

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const lib = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== topAt + 1) || path.join(__dirname, 'out', 'lib'));

const app = new cdk.App({ outdir: path.join(__dirname, 'out', 'cdk.out-load'), context: c.CLI_CONTEXT });
require('./variants/l1').build(app, 2, {});
app.synth();

const own = new Map();
const childTime = [];
const load = Module.prototype.load;
Module.prototype.load = function timedLoad(filename) {
  const started = performance.now();
  childTime.push(0);
  try {
    return load.call(this, filename);
  } finally {
    const children = childTime.pop();
    const total = performance.now() - started;
    if (childTime.length > 0) childTime[childTime.length - 1] += total;
    own.set(filename, total - children);
  }
};
const started = performance.now();
require(lib);
const total = performance.now() - started;
Module.prototype.load = load;

console.log(`require(${path.relative(process.cwd(), lib)}): ${total.toFixed(1)} ms, ${own.size} files`);
[...own].sort((a, b) => b[1] - a[1]).slice(0, top)
  .forEach(([file, ms]) => console.log(`${ms.toFixed(1).padStart(7)} ms  ${path.relative(process.cwd(), file)}`));
