#!/usr/bin/env node
'use strict';
// A/B of compiled library copies, warm, in one process: the (a) app of N endpoints built and synthesized
// with each copy in turn, REPS rounds after one unrecorded warm-up round; prints each copy's median CPU ms
// and the rounds. Build a copy of a commit with
//   node -e "require('./bench/build-lib').buildLib(process.cwd(), process.cwd() + '/bench/out/lib-base')"
//
//   N=200 REPS=10 node --expose-gc bench/ab.js bench/out/lib-base bench/out/lib [more copies, or the same again]
const path = require('path');
const cdk = require('aws-cdk-lib');
const c = require('./variants/common');
const { build } = require('./variants/library');

const libs = process.argv.slice(2).map(l => path.resolve(l));
const N = Number(process.env.N || 200);
const REPS = Number(process.env.REPS || 6);
const OUTDIR = path.join(__dirname, 'out', 'cdk.out-ab');
const results = libs.map(() => []);
for (let rep = 0; rep <= REPS; rep++) {
  libs.forEach((lib, i) => {
    if (global.gc) global.gc();
    const start = process.cpuUsage();
    const app = new cdk.App({ outdir: OUTDIR, context: c.CLI_CONTEXT });
    build(app, N, { lib });
    app.synth();
    const used = process.cpuUsage(start);
    if (rep > 0) results[i].push((used.user + used.system) / 1000);
  });
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
libs.forEach((lib, i) => console.log(`${path.relative(process.cwd(), lib)}: median ${median(results[i]).toFixed(0)} CPU ms (${results[i].map(x => x.toFixed(0)).join(' ')})`));
