// The shadow-variant entries of the invalid-input and warning catalogues (issue 16, endpoint side), appended to the
// shared lists by test/invalid-input-catalogue.test.ts and test/warning-catalogue.test.ts.
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CatalogueEntry, WarningEntry } from './catalogue';
import { modelOf, modelWithFacts, production, shadow, SHADOW_IMAGE, shadowConfig, shadowStack } from './config-shadow';
import { BlueGreenDeployment, CapacitySize, DeploymentPlan, RollingDeployment, TrafficRouting } from '../../src/deployment';
import { Endpoint } from '../../src/endpoint';
import { EndpointConfig, InstanceType } from '../../src/endpoint-config';
import { ContainerImage, Model } from '../../src/model';

const EXCL = 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html';
const GR = 'https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html';

function synth(stack: Stack): void {
  (stack.node.root as App).synth();
}

/** A config with a shadow changed by `options`, synthesized. */
function shadowWith(options: Parameters<typeof shadowConfig>[0]): () => void {
  return () => synth(shadowConfig(options).stack);
}

/** An endpoint on a shadow config with a deployment built by `deploy`, synthesized. */
function deployedWith(deploy: (stack: Stack, endpoint: Endpoint) => void): () => void {
  return () => {
    const { stack, config } = shadowConfig({ production: { initialInstanceCount: 4 } });
    deploy(stack, new Endpoint(stack, 'Endpoint', { endpointConfig: config }));
    synth(stack);
  };
}

function guardMessage(property: string, strategy: string): string {
  return `${property} must not be ${strategy} for an endpoint config with the shadow variant "Shadow" `
    + `(SageMaker documents no guarded update of an endpoint with a shadow variant, and what a ${strategy} update does to the shadow fleet is not documented: ${GR}; `
    + `use all-at-once traffic routing, which replaces both fleets at once), got ${strategy}`;
}

/** The shadow-variant rules. */
export const SHADOW_ENTRIES: CatalogueEntry[] = [
  {
    rule: 'an endpoint config has at most one shadow variant',
    example: 'config.addShadowProductionVariant({ ... }) twice',
    build: () => {
      const { stack, config } = shadowConfig();
      config.addShadowProductionVariant(shadow(modelOf(stack, 'Other'), { variantName: 'Shadow2' }));
    },
    message: 'shadowProductionVariant must be a single variant (SageMaker supports at most one shadow variant per endpoint: '
      + 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html), got a second one "Shadow2" besides "Shadow"',
  },
  {
    rule: 'variant names are unique across the production and shadow variants',
    example: "shadowProductionVariant: { variantName: 'AllTraffic', ... } beside production variant AllTraffic",
    build: shadowWith({ shadow: { variantName: 'AllTraffic' } }),
    message: 'variantName must be unique within the endpoint config, got "AllTraffic" twice',
  },
  {
    rule: 'a config with a shadow has exactly one production variant',
    example: 'instanceProductionVariants: [a, b], shadowProductionVariant: { ... }',
    build: () => {
      const { stack, config } = shadowConfig();
      config.addInstanceProductionVariant(production(modelOf(stack, 'Second'), { variantName: 'Second' }));
      synth(stack);
    },
    message: 'productionVariants must be exactly 1 instance variant with a shadow variant (SageMaker allows one production and one shadow variant: '
      + 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html), got 2 ("AllTraffic", "Second") with shadow "Shadow"',
  },
  {
    rule: 'a shadow variant is not combined with a serverless variant',
    example: 'serverlessProductionVariant: { ... }, shadowProductionVariant: { ... }',
    build: () => {
      const stack = shadowStack();
      new EndpointConfig(stack, 'Config', {
        serverlessProductionVariant: { variantName: 'AllTraffic', model: modelOf(stack, 'ProdModel'), memorySize: Size.gibibytes(2), maxConcurrency: 5 },
        shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')),
      });
      synth(stack);
    },
    message: `shadowProductionVariant must not be combined with a serverless variant (SageMaker rejects shadow variants on serverless endpoints: ${EXCL}), `
      + 'got shadow "Shadow" with serverless variant "AllTraffic"',
  },
  {
    rule: 'a shadow variant is not used with asynchronous inference',
    example: 'asyncInference: { outputBucket }, shadowProductionVariant: { ... }',
    build: shadowWith({ props: s => ({ asyncInference: { outputBucket: new s3.Bucket(s, 'Out') } }) }),
    message: `shadowProductionVariant must not be used with asyncInference (SageMaker rejects shadow variants on asynchronous endpoints: ${EXCL}), got shadow "Shadow" with asyncInference`,
  },
  {
    rule: 'a shadow variant is not combined with component-hosting variants',
    example: 'componentHostingVariants: [{ ... }], shadowProductionVariant: { ... }',
    build: () => {
      const stack = shadowStack();
      new EndpointConfig(stack, 'Config', {
        componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
        shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')),
      });
      synth(stack);
    },
    message: 'shadowProductionVariant must not be combined with component-hosting variants (a shadow serves a model, and SageMaker documents shadow variants only for model endpoints: '
      + 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html), got shadow "Shadow" with component-hosting variant "AllTraffic"',
  },
  {
    rule: 'no Inf1 instance type on an endpoint with a shadow variant',
    example: "shadowProductionVariant: { instanceType: InstanceType.of('ml.inf1.xlarge'), ... }",
    build: shadowWith({ shadow: { instanceType: InstanceType.of('ml.inf1.xlarge') } }),
    message: `shadowProductionVariant "Shadow" instanceType must not be Inf1 on an endpoint with a shadow variant (SageMaker rejects shadow variants on Inf1 (Inferentia) instances: ${EXCL}), got "ml.inf1.xlarge"`,
  },
  {
    rule: 'no multi-container model on an endpoint with a shadow variant',
    example: 'shadowProductionVariant: { model: <a model with 2 containers>, ... }',
    build: () => {
      const stack = shadowStack();
      const multi = new Model(stack, 'Multi', {
        containers: [
          { image: ContainerImage.fromImageUri(SHADOW_IMAGE), containerHostname: 'a' },
          { image: ContainerImage.fromImageUri(SHADOW_IMAGE), containerHostname: 'b' },
        ],
      });
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))], shadowProductionVariant: shadow(multi) });
      synth(stack);
    },
    message: `shadowProductionVariant "Shadow" model must have 1 container on an endpoint with a shadow variant (SageMaker rejects shadow variants on multiple-container endpoints: ${EXCL}), `
      + 'got Stack/Multi with 2 containers',
  },
  {
    rule: 'no multi-model model on an endpoint with a shadow variant',
    example: 'instanceProductionVariants: [{ model: <a multi-model model>, ... }], shadowProductionVariant: { ... }',
    build: () => {
      const stack = shadowStack();
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [production(modelWithFacts(stack, 'Mme', { multiModel: true }))],
        shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')),
      });
      synth(stack);
    },
    message: `variant "AllTraffic" model must not be multi-model on an endpoint with a shadow variant (SageMaker rejects shadow variants on multi-model endpoints: ${EXCL}), `
      + 'got Stack/Mme with a MultiModel container',
  },
  {
    rule: 'the shadow instance count is a whole number >= 1',
    example: 'shadowProductionVariant: { initialInstanceCount: 0, ... }',
    build: shadowWith({ shadow: { initialInstanceCount: 0 } }),
    message: 'shadowProductionVariant "Shadow" initialInstanceCount must be a whole number >= 1, got 0',
  },
  {
    rule: 'the shadow model download timeout is 60-3600 seconds',
    example: 'shadowProductionVariant: { modelDataDownloadTimeout: Duration.seconds(30), ... }',
    build: shadowWith({ shadow: { modelDataDownloadTimeout: Duration.seconds(30) } }),
    message: 'shadowProductionVariant "Shadow" modelDataDownloadTimeout must be 60-3600 seconds, got 30',
  },
  {
    rule: 'a canary is refused on a config with a shadow variant',
    example: 'BlueGreenDeployment with TrafficRouting.canary(...) on a shadow config',
    build: deployedWith((stack, endpoint) => new BlueGreenDeployment(stack, 'Deployment', {
      endpoint, trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1), waitInterval: Duration.minutes(5) }),
    })),
    message: guardMessage('trafficRouting', 'canary'),
  },
  {
    rule: 'a rolling deployment is refused on a config with a shadow variant',
    example: 'RollingDeployment on a shadow config',
    build: deployedWith((stack, endpoint) => new RollingDeployment(stack, 'Deployment', {
      endpoint, maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.minutes(5),
    })),
    message: guardMessage('deployment', 'rolling'),
  },
  {
    rule: 'a pure canary or rolling plan takes no shadow fleet',
    example: 'DeploymentPlan.blueGreen({ trafficRouting: TrafficRouting.canary(...), shadowInstanceCount: 1, ... })',
    build: () => DeploymentPlan.blueGreen({
      trafficRouting: TrafficRouting.canary({ size: CapacitySize.instances(1) }), instanceCount: 4, shadowInstanceCount: 1,
    }),
    message: 'shadowInstanceCount must not be given for a canary plan (what a canary update does to the shadow fleet is not documented; '
      + 'plan an all-at-once update, which replaces both fleets), got a shadow',
  },
];

/** The shadow-variant warnings. */
export const SHADOW_WARNINGS: WarningEntry[] = [
  {
    id: 'multiModelOnGpu',
    rule: 'a multi-model model on a GPU instance type runs only through Triton on listed types',
    example: 'instanceProductionVariants: [{ model: <a multi-model model>, instanceType: InstanceType.ML_G5_2XLARGE }]',
    build: () => {
      const stack = shadowStack();
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [production(modelWithFacts(stack, 'Mme', { multiModel: true }), { instanceType: InstanceType.ML_G5_2XLARGE })],
      });
      return stack;
    },
    message: 'variant "AllTraffic" serves the multi-model model Stack/Mme on the GPU instance type "ml.g5.2xlarge": SageMaker hosts multi-model endpoints on GPUs only '
      + 'through the Triton Inference Server container, on the GPU instance types it lists (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-support.html); '
      + 'use a Triton image on a listed type, or a CPU instance type',
  },
];
