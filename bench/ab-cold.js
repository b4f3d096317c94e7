#!/usr/bin/env node
'use strict';
// A/B of compiled library copies in fresh processes: `node bench/synth.js library <N>` with each copy in turn,
// then the floor (b), ROUNDS rounds after one unrecorded warm-up round; prints each one's median wall, construct
// and synth ms, the ratio of its median wall to the floor's and the median of its per-round ratios to the floor
// (the one to compare: each round runs the copies and the floor back to back, so a slow phase hits them alike). Cold processes are what `npm run bench` measures; bench/ab.js is the
// warm counterpart. Build a copy of a commit with
//   node -e "require('./bench/build-lib').buildLib(process.cwd(), process.cwd() + '/bench/out/lib-base')"
//
//   ROUNDS=6 N=200 node bench/ab-cold.js bench/out/lib-base bench/out/lib
const { spawnSync } = require('child_process');
const path = require('path');

const ROUNDS = Number(process.env.ROUNDS || 6);
const N = String(process.env.N || 200);
const libs = process.argv.slice(2).map(l => path.resolve(l));
if (libs.length === 0) {
  console.error('usage: [ROUNDS=6] [N=200] node bench/ab-cold.js <compiled library dir>...');
  process.exit(2);
}
const entries = [...libs.map(lib => ({ variant: 'library', lib })), { variant: 'l1', lib: '' }];
const runs = entries.map(() => []);
for (let round = 0; round <= ROUNDS; round++) {
  entries.forEach(({ variant, lib }, i) => {
    const started = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [path.join(__dirname, 'synth.js'), variant, N, path.join(__dirname, 'out', `cdk.out-ab-cold-${i}`), lib], { encoding: 'utf-8' });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 0) {
      console.error(res.stderr.slice(-2000));
      process.exit(1);
    }
    const inner = JSON.parse(res.stdout);
    if (round > 0) runs[i].push({ wall, construct: inner.constructMs, synth: inner.synthMs });
  });
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(runs[runs.length - 1].map(r => r.wall));
entries.forEach(({ variant, lib }, i) => {
  const wall = median(runs[i].map(r => r.wall));
  const name = variant === 'l1' ? '(b) raw L1' : path.relative(process.cwd(), lib);
  const perRound = median(runs[i].map((r, k) => r.wall / runs[runs.length - 1][k].wall));
  console.log(`${name}: wall ${wall.toFixed(0)} ms, construct ${median(runs[i].map(r => r.construct)).toFixed(0)}, synth ${median(runs[i].map(r => r.synth)).toFixed(0)}, /(b) ${(wall / floor).toFixed(3)}, median of per-round /(b) ${perRound.toFixed(3)}`);
});
