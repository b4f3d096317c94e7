'use strict';
// What every variant shares: the app layout (stacks of at most 50 endpoints, because of
// CloudFormation's 500-resource limit), the per-stack shared resources, and the settings of each
// endpoint, so that the three variants produce equivalent SageMaker resources.
const cdk = require('aws-cdk-lib');

const ENDPOINTS_PER_STACK = 50;
const ENV = { account: '123456789012', region: 'us-east-1' };
const VARIANT_NAME = 'AllTraffic';
const INSTANCE_TYPE = 'ml.m5.large';
const INSTANCE_COUNT = 4;
const CANARY_INSTANCES = 1;
const BAKE_SECONDS = 600;
const ERROR_RATE_THRESHOLD = 0.01; // 1 percent of invocations
const LATENCY_THRESHOLD_MS = 500;
const IMAGE_REPOSITORY = 'bench-inference';
const IMAGE_TAG = '1.0.0';
const MODEL_BUCKET = 'bench-model-artifacts-123456789012';

/** The endpoint counts of each stack for an app of n endpoints. */
function layout(n) {
  const stacks = [];
  for (let left = n; left > 0; left -= ENDPOINTS_PER_STACK) {
    stacks.push(Math.min(ENDPOINTS_PER_STACK, left));
  }
  return stacks;
}

/** Model data object key of endpoint i (each model differs, so each gets its own name and role). */
function modelKey(stackIndex, i) {
  return `models/s${stackIndex}/m${i}/model.tar.gz`;
}

/**
 * The context the aws-cdk CLI (`cdk synth`, not in debug mode) gives an app: path and asset metadata,
 * version reporting, all stacks bundled, and validation errors reported instead of thrown.
 */
const CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
  '@aws-cdk/core:failSynthOnValidationErrors': false,
};

/** Creates the stacks of an app of n endpoints; `perStack(stack, stackIndex, count)` fills each. */
function buildStacks(app, n, perStack) {
  layout(n).forEach((count, stackIndex) => {
    const stack = new cdk.Stack(app, `BenchStack${stackIndex}`, { env: ENV });
    perStack(stack, stackIndex, count);
  });
}

module.exports = {
  ENDPOINTS_PER_STACK, ENV, VARIANT_NAME, INSTANCE_TYPE, INSTANCE_COUNT, CANARY_INSTANCES, BAKE_SECONDS,
  ERROR_RATE_THRESHOLD, LATENCY_THRESHOLD_MS, IMAGE_REPOSITORY, IMAGE_TAG, MODEL_BUCKET, CLI_CONTEXT,
  layout, modelKey, buildStacks,
};
