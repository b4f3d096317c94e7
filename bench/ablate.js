#!/usr/bin/env node
'use strict';
// Where the library's per-endpoint cost goes: in one process, warm, the N-endpoint app of (a) built up
// step by step (models; + configs and endpoints; + blue/green deployments; + the two alarms; + the rollout
// check; + grantInvoke = the benchmark app), each built and synthesized; CPU time (process.cpuUsage) is
// less sensitive than wall time to other jobs on the machine. Also times the whole (a) and (b) apps warm
// at 25 and N endpoints (per-endpoint cost without node start-up).
//
//   node --expose-gc bench/ablate.js [--n 200] [--reps 5]
//
// With --expose-gc every measurement starts after a full garbage collection, so that one step does not pay
// for the garbage of the previous one.
// Compiles src/ to bench/out/lib first, as run.js does.
const path = require('path');
const { buildLib } = require('./build-lib');

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = flag('--n', 200);
const REPS = flag('--reps', 5);
const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(__dirname, 'out', 'lib');
buildLib(ROOT, LIB);

const cdk = require('aws-cdk-lib');
const ecr = require('aws-cdk-lib/aws-ecr');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const c = require('./variants/common');
const sm = require(LIB);
const OUTDIR = path.join(__dirname, 'out', 'cdk.out-ablate');

const LEVELS = ['models', '+ configs and endpoints', '+ blue/green deployments (no alarms, no check)', '+ two rollback alarms', '+ rollout check', '+ grantInvoke (the benchmark app)'];

function libraryApp(n, level) {
  const app = new cdk.App({ outdir: OUTDIR, context: c.CLI_CONTEXT });
  c.buildStacks(app, n, (stack, stackIndex, count) => {
    const invoker = new iam.Role(stack, 'Invoker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', c.IMAGE_REPOSITORY);
    const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts', c.MODEL_BUCKET);
    const image = sm.ContainerImage.fromEcrRepository(repository, c.IMAGE_TAG);
    for (let i = 0; i < count; i++) {
      const model = new sm.Model(stack, `Model${i}`, { containers: [{ image, modelData: sm.ModelData.fromBucket(bucket, c.modelKey(stackIndex, i)) }] });
      if (level < 1) continue;
      const config = new sm.EndpointConfig(stack, `Config${i}`, {
        instanceProductionVariants: [{ variantName: c.VARIANT_NAME, model, instanceType: sm.InstanceType.of(c.INSTANCE_TYPE), initialInstanceCount: c.INSTANCE_COUNT }],
      });
      const endpoint = new sm.Endpoint(stack, `Endpoint${i}`, { endpointConfig: config });
      if (level < 2) continue;
      const deployment = new sm.BlueGreenDeployment(stack, `Endpoint${i}Deployment`, {
        endpoint,
        verifyRollout: level >= 4,
        trafficRouting: sm.TrafficRouting.canary({ size: sm.CapacitySize.instances(c.CANARY_INSTANCES), waitInterval: cdk.Duration.seconds(c.BAKE_SECONDS) }),
      });
      if (level < 3) continue;
      deployment.addErrorRateAlarm({ thresholdPercent: c.ERROR_RATE_THRESHOLD * 100 });
      deployment.addLatencyAlarm({ threshold: cdk.Duration.millis(c.LATENCY_THRESHOLD_MS) });
      if (level < 5) continue;
      endpoint.grantInvoke(invoker);
    }
  });
  return app;
}

function cpuMs(fn) {
  if (global.gc) global.gc();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// the first repetition warms up V8 and the file cache and is not recorded
const levels = LEVELS.map(() => []);
for (let rep = 0; rep <= REPS; rep++) {
  LEVELS.forEach((_, level) => {
    const ms = cpuMs(() => libraryApp(N, level).synth());
    if (rep > 0) levels[level].push(ms);
  });
}
console.log(`## (a) library, N=${N}, built up step by step (warm CPU ms, median of ${REPS})\n`);
console.log('| step | CPU ms | added |\n|---|---:|---:|');
let previous = 0;
LEVELS.forEach((name, level) => {
  const m = median(levels[level]);
  console.log(`| ${name} | ${m.toFixed(0)} | ${(m - previous).toFixed(0)} |`);
  previous = m;
});

console.log(`\n## Whole apps, warm (CPU ms per endpoint, median of ${REPS})\n`);
console.log(`| variant | N=25 | N=${N} |\n|---|---:|---:|`);
for (const variant of ['library', 'l1']) {
  const { build } = require(`./variants/${variant}`);
  const per = { 25: [], [N]: [] };
  for (let rep = 0; rep <= REPS; rep++) {
    for (const n of [25, N]) {
      const ms = cpuMs(() => {
        const app = new cdk.App({ outdir: OUTDIR, context: c.CLI_CONTEXT });
        build(app, n, { lib: LIB });
        app.synth();
      });
      if (rep > 0) per[n].push(ms / n);
    }
  }
  console.log(`| ${variant === 'library' ? '(a) library' : '(b) raw L1'} | ${median(per[25]).toFixed(1)} | ${median(per[N]).toFixed(1)} |`);
}
