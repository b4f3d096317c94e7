#!/usr/bin/env node
'use strict';
// Where (a) spends more than (b): the mean inclusive time of each function over several CPU profiles of each
// variant (node bench/profile.js writes one per run), side by side, largest differences first.
//
//   node bench/profile-diff.js <dir of (a) .cpuprofile files> <dir of (b) .cpuprofile files> [--filter <regex>] [--top 40]
//
// For example, five profiles of each:
//   for i in 1 2 3 4 5; do
//     node bench/profile.js --n 200 > /dev/null && mv bench/out/profiles/*.cpuprofile bench/out/prof-a/$i.cpuprofile
//     node bench/profile.js --n 200 --variant l1 > /dev/null && mv bench/out/profiles/*.cpuprofile bench/out/prof-b/$i.cpuprofile
//   done
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const option = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const dirs = args.filter((a, i) => !a.startsWith('--') && !['--filter', '--top'].includes(args[i - 1]));
if (dirs.length !== 2) {
  console.error('usage: node bench/profile-diff.js <dir (a)> <dir (b)> [--filter <regex>] [--top 40]');
  process.exit(2);
}
const filter = new RegExp(option('--filter', '.'));
const top = Number(option('--top', 40));

function frameKey(node) {
  const url = node.callFrame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*bench\/out\/lib[^/]*\//, 'lib/')
    .replace(/^.*bench\/variants\//, 'variants/');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber}`;
}

/** Inclusive ms per function key (each sample counted once per key on its stack) and the total sampled. */
function inclusive(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children || []) parent.set(child, n.id);
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  const byKey = new Map();
  let total = 0;
  for (const [id, micros] of self) {
    total += micros;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = frameKey(nodes.get(cur));
      if (!seen.has(key)) {
        seen.add(key);
        byKey.set(key, (byKey.get(key) || 0) + micros);
      }
    }
  }
  return { byKey, total };
}

function meanOf(dir) {
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.cpuprofile')).map(f => path.join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile files in ${dir}`);
  const sum = new Map();
  let total = 0;
  for (const file of files) {
    const r = inclusive(file);
    total += r.total;
    for (const [k, v] of r.byKey) sum.set(k, (sum.get(k) || 0) + v);
  }
  const ms = v => v / files.length / 1000;
  return { files: files.length, total: ms(total), byKey: new Map([...sum].map(([k, v]) => [k, ms(v)])) };
}

const a = meanOf(dirs[0]);
const b = meanOf(dirs[1]);
console.log(`mean sampled ms: (a) ${a.total.toFixed(0)} over ${a.files} profiles, (b) ${b.total.toFixed(0)} over ${b.files}\n`);
console.log('| function | (a) ms | (b) ms | (a) - (b) |');
console.log('|---|---:|---:|---:|');
[...new Set([...a.byKey.keys(), ...b.byKey.keys()])]
  .filter(k => filter.test(k))
  .map(k => [k, a.byKey.get(k) || 0, b.byKey.get(k) || 0])
  .sort((x, y) => Math.abs(y[1] - y[2]) - Math.abs(x[1] - x[2]))
  .slice(0, top)
  .forEach(([k, x, y]) => console.log(`| \`${k}\` | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(x - y).toFixed(1)} |`));
