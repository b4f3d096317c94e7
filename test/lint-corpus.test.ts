// Every valid configuration in the corpus synthesizes into a template that cfn-lint (a checker we did not
// write, with the CloudFormation resource schemas) finds zero errors in. One cfn-lint process for all of them.
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InstanceType, Model, ModelData, RoutingStrategy,
} from '../src';
import { formatFindings, lintTemplates } from './util/cfn-lint';
import { corpusCases, FEATURES, isValidCombination, SHAPES, STRATEGIES, synthCase } from './util/corpus';
import { modelSourceTemplates } from './util/corpus-model-sources';

jest.setTimeout(180_000);

const KNOWN_BAD = 'known-bad';

/** A template cfn-lint must reject (an unknown traffic routing type): if it passes, the linter is not running. */
function knownBadTemplate(): unknown {
  return {
    Resources: {
      Endpoint: {
        Type: 'AWS::SageMaker::Endpoint',
        Properties: {
          EndpointConfigName: 'config',
          DeploymentConfig: {
            BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'SOMETIMES', WaitIntervalInSeconds: 99999 } },
          },
        },
      },
    },
  };
}

// ---- inference components (issue 15): every specification kind x every copy scaling, with and without extras ----

const COMPONENT_SPECS = ['container', 'container-artifact', 'model', 'adapter'] as const;
const COMPONENT_SCALING = ['none', 'copies-1-4', 'scale-to-zero'] as const;

interface ComponentCase {
  readonly name: string;
  readonly spec: typeof COMPONENT_SPECS[number];
  readonly scaling: typeof COMPONENT_SCALING[number];
  /** Tags, startup timeouts, CPU and memory limits, routing strategy. */
  readonly extras: boolean;
}

function componentCases(): ComponentCase[] {
  const out: ComponentCase[] = [];
  for (const spec of COMPONENT_SPECS) {
    for (const scaling of COMPONENT_SCALING) {
      for (const extras of [false, true]) {
        out.push({ name: `component-${spec}-${scaling}${extras ? '-extras' : ''}`, spec, scaling, extras });
      }
    }
  }
  return out;
}

function synthComponentCase(c: ComponentCase): unknown {
  const stack = new Stack(new App(), 'Components');
  const image = ContainerImage.fromImageUri('123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1');
  const artifacts = s3.Bucket.fromBucketName(stack, 'Artifacts', 'llm-artifacts');
  const model = c.spec === 'model' ? new Model(stack, 'Model', { containers: [{ image }] }) : undefined;
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{
      variantName: 'AllTraffic',
      instanceType: InstanceType.ML_G5_12XLARGE,
      managedInstanceScaling: c.scaling === 'scale-to-zero' ? { minInstanceCount: 0, maxInstanceCount: 2 } : undefined,
      routingStrategy: c.extras ? RoutingStrategy.LEAST_OUTSTANDING_REQUESTS : undefined,
    }],
    executionRole: model?.role,
  });
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config });
  const extras = c.extras ? {
    tags: { team: 'ml' },
    modelDataDownloadTimeout: Duration.minutes(10),
    containerStartupHealthCheckTimeout: Duration.minutes(5),
    numberOfCpuCoresRequired: 4,
    maxMemoryRequired: Size.gibibytes(32),
  } : {};
  const base = new InferenceComponent(stack, 'Base', {
    endpoint,
    specification: c.spec === 'model' ? ComponentSpecification.fromModel(model!)
      : ComponentSpecification.fromContainer({
        image,
        modelData: c.spec === 'container-artifact' || c.spec === 'adapter' ? ModelData.fromBucket(artifacts, 'base/model.tar.gz') : undefined,
        environment: c.extras ? { MAX_INPUT_LENGTH: '4096' } : undefined,
      }),
    numberOfAcceleratorDevicesRequired: 1,
    minMemoryRequired: Size.gibibytes(16),
    initialCopyCount: c.scaling === 'copies-1-4' ? 1 : undefined,
    ...extras,
  });
  if (c.scaling !== 'none') {
    const scalable = base.autoScaleCopyCount({ minCapacity: c.scaling === 'scale-to-zero' ? 0 : 1, maxCapacity: 4 });
    if (c.extras) {
      scalable.scaleOnConcurrentRequestsPerCopy('Concurrency', { targetConcurrentRequestsPerCopy: 4 });
    } else {
      scalable.scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 1 });
    }
  }
  if (c.spec === 'adapter') {
    new InferenceComponent(stack, 'Adapter', {
      endpoint,
      specification: ComponentSpecification.adapter(ModelData.fromBucket(artifacts, 'lora/adapter.tar.gz')),
      baseComponent: base,
      tags: c.extras ? { team: 'ml' } : undefined,
    });
  }
  return Template.fromStack(stack).toJSON();
}

describe('lint corpus', () => {
  const cases = corpusCases();
  const components = componentCases();

  test('the component corpus covers every specification kind and every copy scaling, with and without extras', () => {
    for (const spec of COMPONENT_SPECS) {
      for (const scaling of COMPONENT_SCALING) {
        expect(components.filter(c => c.spec === spec && c.scaling === scaling).map(c => c.extras).sort()).toEqual([false, true]);
      }
    }
  });

  test('the corpus covers every strategy, every variant shape and every feature, with and without it', () => {
    // GIVEN the corpus
    // THEN every value of every dimension appears in a valid combination
    for (const strategy of STRATEGIES) {
      expect(cases.some(c => c.strategy === strategy)).toBe(true);
    }
    for (const shape of SHAPES) {
      expect(cases.some(c => c.shape === shape)).toBe(true);
    }
    for (const feature of FEATURES) {
      expect(cases.some(c => c.features.has(feature))).toBe(true);
      expect(cases.some(c => !c.features.has(feature))).toBe(true);
    }
    // every valid (strategy, shape) pair is present, and no invalid one
    for (const strategy of STRATEGIES) {
      for (const shape of SHAPES) {
        expect(cases.some(c => c.strategy === strategy && c.shape === shape)).toBe(isValidCombination(strategy, shape));
      }
    }
    expect(new Set(cases.map(c => c.name)).size).toBe(cases.length);
  });

  test('every corpus template synthesizes and has zero cfn-lint errors', () => {
    // GIVEN every case synthesized in-process
    const started = Date.now();
    const templates = [
      ...cases.map(c => ({ name: c.name, template: synthCase(c) })),
      ...components.map(c => ({ name: c.name, template: synthComponentCase(c) })),
      ...modelSourceTemplates(),
    ];
    const synthMillis = Date.now() - started;

    // WHEN cfn-lint runs once over all of them, plus one known-bad template that proves the linter looks
    const result = lintTemplates([...templates, { name: KNOWN_BAD, template: knownBadTemplate() }]);
    const knownBad = result.findings.filter(f => f.template === KNOWN_BAD);
    const corpusFindings = result.findings.filter(f => f.template !== KNOWN_BAD);

    // THEN
    expect(knownBad.filter(f => f.level === 'Error').map(f => f.rule)).not.toEqual([]);
    const errors = corpusFindings.filter(f => f.level === 'Error');
    const warnings = corpusFindings.filter(f => f.level !== 'Error');
    const byRule = new Map<string, number>();
    for (const w of warnings) {
      byRule.set(w.rule, (byRule.get(w.rule) ?? 0) + 1);
    }
    // eslint-disable-next-line no-console
    console.log(`lint corpus: ${templates.length} templates (synth ${synthMillis} ms, cfn-lint ${result.millis} ms), `
      + `${errors.length} errors, ${warnings.length} warnings/informational`
      + (byRule.size > 0 ? ` (${[...byRule].map(([rule, n]) => `${rule} x${n}`).join(', ')})` : ''));
    expect(formatFindings(errors)).toBe('');
    expect(templates.length).toBe(cases.length + components.length + modelSourceTemplates().length);
  });
});
