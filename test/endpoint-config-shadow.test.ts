import { fullDiff } from '@aws-cdk/cloudformation-diff';
import { Duration, Size } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { formatFindings, lintTemplates } from './util/cfn-lint';
import { modelOf, modelWithFacts, packageModel, production, shadow, SHADOW_IMAGE, shadowConfig, shadowStack } from './util/config-shadow';
import { Endpoint } from '../src/endpoint';
import { buildFleet } from '../src/endpoint/private/fleet';
import { EndpointConfig, InstanceType, VariantKind } from '../src/endpoint-config';
import { CfnEndpointConfigReader } from '../src/endpoint-config/cfn-endpoint-config';
import { multiModelGpuWarning, shadowProblems } from '../src/endpoint-config/private/shadow-rules';
import { ContainerImage, Model } from '../src/model';
import { shadowCorpusCases, SHADOW_FEATURES, SHADOW_STRATEGIES, synthShadowCase } from './util/corpus-shadow';

const EXCL = 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html';

function synthErrors(build: () => { stack: { node: { root: unknown } } }): () => void {
  return () => {
    const { stack } = build();
    (stack.node.root as { synth(): void }).synth();
  };
}

describe('EndpointConfig shadow variant', () => {
  describe('rendering', () => {
    test('the shadow renders as ShadowProductionVariants with its own model, instance type, count, volume and timeouts', () => {
      // GIVEN / WHEN
      const { stack } = shadowConfig({
        shadow: {
          instanceType: InstanceType.ML_G5_XLARGE,
          initialInstanceCount: 3,
          volumeSize: Size.gibibytes(30),
          modelDataDownloadTimeout: Duration.minutes(10),
          containerStartupHealthCheckTimeout: Duration.minutes(5),
        },
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 1 }],
        ShadowProductionVariants: [{
          VariantName: 'Shadow',
          ModelName: Match.stringLikeRegexp('^stack-shadowmodel-'),
          InstanceType: 'ml.g5.xlarge',
          InitialInstanceCount: 3,
          InitialVariantWeight: 1,
          VolumeSizeInGB: 30,
          ModelDataDownloadTimeoutInSeconds: 600,
          ContainerStartupHealthCheckTimeoutInSeconds: 300,
        }],
      });
    });

    test('defaults: ml.m5.large, 1 instance, no volume or timeouts', () => {
      // GIVEN
      const stack = shadowStack();
      // WHEN
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))],
        shadowProductionVariant: { variantName: 'Shadow', model: modelOf(stack, 'ShadowModel', SHADOW_IMAGE) },
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ShadowProductionVariants: [{
          VariantName: 'Shadow',
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
          VolumeSizeInGB: Match.absent(),
          ModelDataDownloadTimeoutInSeconds: Match.absent(),
          ContainerStartupHealthCheckTimeoutInSeconds: Match.absent(),
        }],
      });
    });

    test('the shadow takes the production variant weight (UNCONFIRMED weight semantics: treated like production)', () => {
      // GIVEN / WHEN
      const { stack, config } = shadowConfig({ production: { initialVariantWeight: 3 } });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ InitialVariantWeight: 3 })],
        ShadowProductionVariants: [Match.objectLike({ InitialVariantWeight: 3 })],
      });
      expect(config.shadowProductionVariant?.initialVariantWeight).toBe(3);
    });

    test('a config without a shadow has no ShadowProductionVariants', () => {
      // GIVEN / WHEN
      const stack = shadowStack();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))] });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { ShadowProductionVariants: Match.absent() });
      expect(config.shadowProductionVariant).toBeUndefined();
    });

    test('addShadowProductionVariant renders the same config as the prop', () => {
      // GIVEN
      const viaProp = shadowConfig();
      const stack = shadowStack();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))] });
      // WHEN
      config.addShadowProductionVariant(shadow(modelOf(stack, 'ShadowModel', SHADOW_IMAGE)));
      // THEN
      expect(Template.fromStack(stack).toJSON()).toEqual(Template.fromStack(viaProp.stack).toJSON());
    });

    test('shadowProductionVariant describes the shadow as an instance variant', () => {
      // GIVEN / WHEN
      const { config } = shadowConfig();
      // THEN
      const info = config.shadowProductionVariant!;
      expect(info.variantName).toBe('Shadow');
      expect(info.kind).toBe(VariantKind.INSTANCE);
      expect(info.instanceType?.toString()).toBe('ml.m5.xlarge');
      expect(info.initialInstanceCount).toBe(1);
      expect(config.productionVariants.map(v => v.variantName)).toEqual(['AllTraffic']);
    });

    test('the config depends on the shadow model (it names it by a literal name)', () => {
      // GIVEN / WHEN
      const { stack } = shadowConfig();
      // THEN
      const t = Template.fromStack(stack);
      const shadowModelId = Object.keys(t.findResources('AWS::SageMaker::Model')).find(id => id.startsWith('ShadowModel'))!;
      const config = Object.values(t.findResources('AWS::SageMaker::EndpointConfig'))[0];
      expect(config.DependsOn).toContain(shadowModelId);
    });

    test('data capture grants the shadow model role the writes too (it logs shadow requests and responses)', () => {
      // GIVEN / WHEN
      const { stack } = shadowConfig({ props: s => ({ dataCapture: { destinationBucket: new s3.Bucket(s, 'Capture') } }) });
      // THEN
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
      const shadowPolicy = Object.entries(policies).find(([id]) => id.startsWith('ShadowModelRole'))![1];
      expect(JSON.stringify(shadowPolicy)).toContain('s3:PutObject');
    });
  });

  describe('content-hash name', () => {
    const name = (opts: Parameters<typeof shadowConfig>[0]) => shadowConfig(opts).config.endpointConfigName;

    test('no change gives the same name', () => {
      expect(name({})).toBe(name({}));
    });

    test('changing the shadow instance type gives a new name', () => {
      expect(name({ shadow: { instanceType: InstanceType.ML_C5_XLARGE } })).not.toBe(name({}));
    });

    test('changing the shadow count gives a new name', () => {
      expect(name({ shadow: { initialInstanceCount: 2 } })).not.toBe(name({}));
    });

    test('changing the shadow model gives a new name', () => {
      // GIVEN
      const stack = shadowStack();
      const other = new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))],
        shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel', `${SHADOW_IMAGE}-b`)),
      });
      // THEN
      expect(other.endpointConfigName).not.toBe(name({}));
    });

    test('adding a shadow gives a new name', () => {
      // GIVEN
      const stack = shadowStack();
      const without = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))] });
      // THEN
      expect(without.endpointConfigName).not.toBe(name({}));
    });

    test('ShadowProductionVariants is create-only: with a pinned name, a shadow change replaces the config (so the hash name is needed)', () => {
      // GIVEN two configs with the same pinned name and different shadows
      const template = (type: InstanceType) => Template.fromStack(shadowConfig({ shadow: { instanceType: type }, props: () => ({ endpointConfigName: 'pinned' }) }).stack).toJSON();
      // WHEN the CDK's diff engine (with the CloudFormation resource spec) compares them
      const diff = fullDiff(template(InstanceType.ML_M5_XLARGE), template(InstanceType.ML_C5_XLARGE));
      // THEN
      const impacts: string[] = [];
      diff.resources.forEachDifference((id, change) => impacts.push(`${id}: ${change.changeImpact}`));
      expect(impacts).toEqual([expect.stringMatching(/^Config[0-9A-F]{8}: WILL_REPLACE$/)]);
    });

    test('a shadow cannot be added once the name is used', () => {
      // GIVEN
      const stack = shadowStack();
      const config = new EndpointConfig(stack, 'Config', { instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))] });
      void config.endpointConfigName;
      // THEN
      expect(() => config.addShadowProductionVariant(shadow(modelOf(stack, 'ShadowModel', SHADOW_IMAGE))))
        .toThrow('Stack/Config: variant "Shadow" must be added before the endpoint config name is used (the name is a hash of the variants)');
    });
  });

  describe('rules', () => {
    test('at most one shadow', () => {
      // GIVEN
      const { stack, config } = shadowConfig();
      // THEN
      expect(() => config.addShadowProductionVariant(shadow(modelOf(stack, 'Other'), { variantName: 'Shadow2' })))
        .toThrow('Stack/Config: shadowProductionVariant must be a single variant (SageMaker supports at most one shadow variant per endpoint: '
          + 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html), got a second one "Shadow2" besides "Shadow"');
    });

    test('variant names are unique across production and shadow', () => {
      expect(() => shadowConfig({ shadow: { variantName: 'AllTraffic' } }))
        .toThrow('Stack/Config: variantName must be unique within the endpoint config, got "AllTraffic" twice');
    });

    test('the shadow variant name follows the variant name rule', () => {
      expect(() => shadowConfig({ shadow: { variantName: 'bad_name' } }))
        .toThrow('Stack/Config: variantName must match');
    });

    test('exactly one production variant with a shadow: two are refused', () => {
      expect(synthErrors(() => {
        const { stack, config } = shadowConfig();
        config.addInstanceProductionVariant(production(modelOf(stack, 'Second'), { variantName: 'Second' }));
        return { stack };
      })).toThrow('productionVariants must be exactly 1 instance variant with a shadow variant (SageMaker allows one production and one shadow variant: '
        + 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html), got 2 ("AllTraffic", "Second") with shadow "Shadow"');
    });

    test('exactly one production variant with a shadow: none is refused', () => {
      expect(synthErrors(() => {
        const stack = shadowStack();
        new EndpointConfig(stack, 'Config', { shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')) });
        return { stack };
      })).toThrow('productionVariants must be exactly 1 instance variant with a shadow variant (SageMaker allows one production and one shadow variant: '
        + 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html), got 0 with shadow "Shadow"');
    });

    test('not with a serverless variant', () => {
      expect(synthErrors(() => {
        const stack = shadowStack();
        new EndpointConfig(stack, 'Config', {
          serverlessProductionVariant: { variantName: 'AllTraffic', model: modelOf(stack, 'ProdModel'), memorySize: Size.gibibytes(2), maxConcurrency: 5 },
          shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')),
        });
        return { stack };
      })).toThrow(`shadowProductionVariant must not be combined with a serverless variant (SageMaker rejects shadow variants on serverless endpoints: ${EXCL}), `
        + 'got shadow "Shadow" with serverless variant "AllTraffic"');
    });

    test('not with asynchronous inference', () => {
      expect(synthErrors(() => shadowConfig({ props: s => ({ asyncInference: { outputBucket: new s3.Bucket(s, 'Out') } }) })))
        .toThrow(`shadowProductionVariant must not be used with asyncInference (SageMaker rejects shadow variants on asynchronous endpoints: ${EXCL}), got shadow "Shadow" with asyncInference`);
    });

    test('not with component-hosting variants', () => {
      expect(synthErrors(() => {
        const stack = shadowStack();
        new EndpointConfig(stack, 'Config', {
          componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE }],
          shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')),
        });
        return { stack };
      })).toThrow('shadowProductionVariant must not be combined with component-hosting variants (a shadow serves a model, and SageMaker documents shadow variants only for model endpoints: '
        + 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html), got shadow "Shadow" with component-hosting variant "AllTraffic"');
    });

    test('not on Inf1: the shadow', () => {
      expect(synthErrors(() => shadowConfig({ shadow: { instanceType: InstanceType.of('ml.inf1.xlarge') } })))
        .toThrow(`shadowProductionVariant "Shadow" instanceType must not be Inf1 on an endpoint with a shadow variant (SageMaker rejects shadow variants on Inf1 (Inferentia) instances: ${EXCL}), got "ml.inf1.xlarge"`);
    });

    test('not on Inf1: the production variant', () => {
      expect(synthErrors(() => shadowConfig({ production: { instanceType: InstanceType.of('ml.inf1.2xlarge') } })))
        .toThrow(`variant "AllTraffic" instanceType must not be Inf1 on an endpoint with a shadow variant (SageMaker rejects shadow variants on Inf1 (Inferentia) instances: ${EXCL}), got "ml.inf1.2xlarge"`);
    });

    test('not with a multi-container model', () => {
      expect(synthErrors(() => {
        const stack = shadowStack();
        const multi = new Model(stack, 'Multi', {
          containers: [
            { image: ContainerImage.fromImageUri(SHADOW_IMAGE), containerHostname: 'a' },
            { image: ContainerImage.fromImageUri(SHADOW_IMAGE), containerHostname: 'b' },
          ],
        });
        new EndpointConfig(stack, 'Config', {
          instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))],
          shadowProductionVariant: shadow(multi),
        });
        return { stack };
      })).toThrow(`shadowProductionVariant "Shadow" model must have 1 container on an endpoint with a shadow variant (SageMaker rejects shadow variants on multiple-container endpoints: ${EXCL}), `
        + 'got Stack/Multi with 2 containers');
    });

    test('not with a multi-model model (production side: a ContainerMode.MULTI_MODEL container)', () => {
      expect(synthErrors(() => {
        const stack = shadowStack();
        new EndpointConfig(stack, 'Config', {
          instanceProductionVariants: [production(modelWithFacts(stack, 'Mme', { multiModel: true }))],
          shadowProductionVariant: shadow(modelOf(stack, 'ShadowModel')),
        });
        return { stack };
      })).toThrow(`variant "AllTraffic" model must not be multi-model on an endpoint with a shadow variant (SageMaker rejects shadow variants on multi-model endpoints: ${EXCL}), `
        + 'got Stack/Mme with a MultiModel container');
    });

    test('a model from a model package is not refused (Marketplace and registry packages look alike in a template)', () => {
      // GIVEN
      const stack = shadowStack();
      // WHEN
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [production(modelOf(stack, 'ProdModel'))],
        shadowProductionVariant: shadow(packageModel(stack, 'Package')),
      });
      // THEN
      expect(() => Template.fromStack(stack)).not.toThrow();
    });

    test('imported models are not checked (their containers are unknown)', () => {
      // GIVEN
      const stack = shadowStack();
      // WHEN
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'AllTraffic', model: Model.fromModelName(stack, 'Prod', 'prod') }],
        shadowProductionVariant: { variantName: 'Shadow', model: Model.fromModelName(stack, 'Cand', 'candidate') },
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ShadowProductionVariants: [Match.objectLike({ ModelName: 'candidate' })],
      });
    });

    test('every problem is reported at once', () => {
      const problems = shadowProblems({
        production: [{ variantName: 'A', kind: 'instance', instanceType: 'ml.inf1.xlarge' }, { variantName: 'B', kind: 'instance' }],
        shadow: { variantName: 'S', kind: 'instance', model: { path: 'M', containerCount: 3, multiModel: true } },
        async: true,
      });
      expect(problems.map(p => p.split(' (')[0])).toEqual([
        'shadowProductionVariant must not be used with asyncInference',
        'productionVariants must be exactly 1 instance variant with a shadow variant',
        'variant "A" instanceType must not be Inf1 on an endpoint with a shadow variant',
        'shadowProductionVariant "S" model must have 1 container on an endpoint with a shadow variant',
        'shadowProductionVariant "S" model must not be multi-model on an endpoint with a shadow variant',
      ]);
    });

    test('no shadow, no problem', () => {
      expect(shadowProblems({ production: [{ variantName: 'A', kind: 'instance', instanceType: 'ml.inf1.xlarge' }], async: true })).toEqual([]);
    });

    describe('the shadow props follow the instance-variant rules, named as the shadow', () => {
      test.each([
        ['initialInstanceCount', { initialInstanceCount: 0 }, 'shadowProductionVariant "Shadow" initialInstanceCount must be a whole number >= 1, got 0'],
        ['volumeSize', { volumeSize: Size.gibibytes(600) }, 'shadowProductionVariant "Shadow" volumeSize must be 1-512 GiB, got 600'],
        ['modelDataDownloadTimeout', { modelDataDownloadTimeout: Duration.seconds(30) }, 'shadowProductionVariant "Shadow" modelDataDownloadTimeout must be 60-3600 seconds, got 30'],
        ['containerStartupHealthCheckTimeout', { containerStartupHealthCheckTimeout: Duration.hours(2) },
          'shadowProductionVariant "Shadow" containerStartupHealthCheckTimeout must be 60-3600 seconds, got 7200'],
        ['instanceType', { instanceType: InstanceType.of('m5.large') }, 'shadowProductionVariant "Shadow" instanceType must be a SageMaker instance type such as ml.m5.large, got "m5.large"'],
      ])('%s', (_name, props, message) => {
        expect(() => shadowConfig({ shadow: props })).toThrow(`Stack/Config: ${message}`);
      });

      test('encryptionKey with a local-NVMe shadow instance type', () => {
        expect(() => shadowConfig({ shadow: { instanceType: InstanceType.ML_G5_XLARGE }, props: s => ({ encryptionKey: new kms.Key(s, 'Key') }) }))
          .toThrow('Stack/Config: encryptionKey must not be used with instance types that have local NVMe storage, got "ml.g5.xlarge" in shadowProductionVariant "Shadow"');
      });
    });
  });

  describe('multi-model models on GPU instance types', () => {
    test('a multi-model model on a GPU instance type warns (Triton on listed types only)', () => {
      // GIVEN
      const stack = shadowStack();
      // WHEN
      new EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [production(modelWithFacts(stack, 'Mme', { multiModel: true }), { instanceType: InstanceType.ML_G5_2XLARGE })],
      });
      // THEN
      Annotations.fromStack(stack).hasWarning('/Stack/Config', Match.stringLikeRegexp(
        '^variant "AllTraffic" serves the multi-model model Stack/Mme on the GPU instance type "ml.g5.2xlarge": SageMaker hosts multi-model endpoints on GPUs only '
        + 'through the Triton Inference Server container, on the GPU instance types it lists \\(https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-support.html\\); '
        + 'use a Triton image on a listed type, or a CPU instance type .*multiModelOnGpu'));
    });

    test('a multi-model model on a CPU instance type does not warn', () => {
      // GIVEN
      const stack = shadowStack();
      // WHEN
      new EndpointConfig(stack, 'Config', { instanceProductionVariants: [production(modelWithFacts(stack, 'Mme', { multiModel: true }))] });
      // THEN
      Annotations.fromStack(stack).hasNoWarning('/Stack/Config', Match.stringLikeRegexp('multi-model'));
    });

    test('a single-model model on a GPU instance type does not warn', () => {
      expect(multiModelGpuWarning('variant "A"', 'ml.g5.xlarge', { path: 'M', containerCount: 1, multiModel: false })).toBeUndefined();
      expect(multiModelGpuWarning('variant "A"', 'ml.g5.xlarge', undefined)).toBeUndefined();
      expect(multiModelGpuWarning('variant "A"', 'ml.inf2.xlarge', { path: 'M', containerCount: 1, multiModel: true })).toBeUndefined();
      expect(multiModelGpuWarning('variant "A"', 'ml.p4d.24xlarge', { path: 'M', containerCount: 1, multiModel: true })).toContain('GPU instance type "ml.p4d.24xlarge"');
    });
  });

  describe('fleet', () => {
    test('the shadow is a variant of the fleet marked shadow, after the production variant', () => {
      // GIVEN
      const { config } = shadowConfig({ shadow: { modelDataDownloadTimeout: Duration.minutes(15) } });
      // WHEN
      const fleet = buildFleet(config, new Map());
      // THEN
      expect(fleet.variants.map(v => [v.variantName, v.instanceCount, v.shadow ?? false])).toEqual([['AllTraffic', 2, false], ['Shadow', 1, true]]);
      expect(fleet.variants[1].downloadSeconds).toBe(900);
    });

    test('a raw L1 config with a shadow gives the same fleet', () => {
      // GIVEN
      const stack = shadowStack();
      const cfn = new CfnEndpointConfig(stack, 'L1', {
        productionVariants: [{ variantName: 'AllTraffic', modelName: 'prod', instanceType: 'ml.m5.large', initialInstanceCount: 2 }],
        shadowProductionVariants: [{ variantName: 'Shadow', modelName: 'cand', instanceType: 'ml.m5.xlarge', initialInstanceCount: 1 }],
      });
      // WHEN
      const reader = EndpointConfig.fromCfnEndpointConfig(cfn) as CfnEndpointConfigReader;
      const fleet = buildFleet(reader, new Map());
      // THEN
      expect(reader.shadowProductionVariant?.model.modelName).toBe('cand');
      expect(fleet.variants.map(v => [v.variantName, v.instanceCount, v.shadow ?? false])).toEqual([['AllTraffic', 2, false], ['Shadow', 1, true]]);
    });

    test('the endpoint knows the shadow as one of its variants (per-variant metrics)', () => {
      // GIVEN
      const { stack, config } = shadowConfig();
      // WHEN
      const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
      // THEN
      expect(endpoint.variants.map(v => v.variantName)).toEqual(['AllTraffic', 'Shadow']);
      expect(endpoint.variant('Shadow').metricInvocations().dimensions).toEqual({ EndpointName: endpoint.endpointName, VariantName: 'Shadow' });
    });
  });
});

describe('shadow lint corpus', () => {
  jest.setTimeout(120_000);

  test('the corpus covers every strategy a shadow accepts and every feature, with and without it', () => {
    const cases = shadowCorpusCases();
    for (const strategy of SHADOW_STRATEGIES) {
      expect(cases.some(c => c.strategy === strategy)).toBe(true);
    }
    for (const feature of SHADOW_FEATURES) {
      expect(cases.some(c => c.features.has(feature))).toBe(true);
      expect(cases.some(c => !c.features.has(feature))).toBe(true);
    }
  });

  test('every shadow template has ShadowProductionVariants and zero cfn-lint errors', () => {
    // GIVEN
    const templates = shadowCorpusCases().map(c => ({ name: c.name, template: synthShadowCase(c) }));
    for (const { template } of templates) {
      expect(JSON.stringify(template)).toContain('"ShadowProductionVariants"');
    }
    // a shadow without its required VariantName: if cfn-lint passes it, the linter does not read the shadow list
    const knownBad = {
      Resources: {
        Config: {
          Type: 'AWS::SageMaker::EndpointConfig',
          Properties: {
            ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
            ShadowProductionVariants: [{ ModelName: 'c', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
          },
        },
      },
    };
    // WHEN
    const result = lintTemplates([...templates, { name: 'known-bad-shadow', template: knownBad }]);
    // THEN
    expect(result.errors.filter(f => f.template === 'known-bad-shadow')).not.toEqual([]);
    expect(formatFindings(result.errors.filter(f => f.template !== 'known-bad-shadow'))).toBe('');
    expect(result.templateCount).toBe(templates.length + 1);
  });
});
