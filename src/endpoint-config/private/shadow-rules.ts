// The shadow-variant rules of an endpoint config, over plain data (so each rule is tested with any model facts,
// including multi-model and model-package models that only another module can build).
import type { ModelHostingFacts } from '../../model/private/hosting-facts';
import { ACCELERATED_GPU_FAMILIES } from '../../private/instance-resources';

/** The shadow tests page: at most one shadow and one production variant. */
export const DG_SHADOW = 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html';
/** The shadow tests exclusions page. */
export const DG_SHADOW_EXCLUSIONS = 'https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html';
/** CreateEndpointConfig: "If you use this field, you can only specify one variant for ProductionVariants and one variant for ShadowProductionVariants". */
export const API_CREATE_ENDPOINT_CONFIG = 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html';
/** Multi-model endpoints: supported algorithms, frameworks and instances. */
export const DG_MME = 'https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-support.html';

/**
 * What the rules need to know about a model (undefined for an imported model: its containers are unknown): its
 * container facts, not its network settings.
 */
export interface ShadowModelFacts extends Pick<ModelHostingFacts, 'containerCount' | 'multiModel'> {
  /** The model's construct path, for messages. */
  readonly path: string;
}

/** One variant of the config as the rules see it. */
export interface ShadowRuleVariant {
  readonly variantName: string;
  /** `instance`, `serverless` or `component-hosting`. */
  readonly kind: 'instance' | 'serverless' | 'component-hosting';
  /** The instance type name, when literal. */
  readonly instanceType?: string;
  /** Undefined for an imported model (its containers are unknown: the model rules are skipped). */
  readonly model?: ShadowModelFacts;
}

/** The config as the shadow rules see it. */
export interface ShadowRuleConfig {
  readonly production: readonly ShadowRuleVariant[];
  readonly shadow?: ShadowRuleVariant;
  readonly async: boolean;
}

/**
 * Every problem of a config with a shadow variant (none without one). Sources: at most one production variant with a
 * shadow ([API_CREATE_ENDPOINT_CONFIG], [DG_SHADOW]); the feature exclusions ([DG_SHADOW_EXCLUSIONS]: serverless,
 * asynchronous inference, Marketplace containers, multiple containers, multi-model, Inf1, Elastic Inference).
 *
 * Not checked: Marketplace containers (a model built from a model package may be a Marketplace product or a
 * model-registry version, and the template cannot tell them apart: not prevented, documented); Elastic Inference
 * (this library has no accelerator type); imported models (their containers are unknown). Component-hosting variants
 * are not in the exclusions list, but a shadow serves a model and SageMaker documents shadow variants only for model
 * endpoints: refused (assumption, the safe choice).
 */
export function shadowProblems(config: ShadowRuleConfig): string[] {
  const shadow = config.shadow;
  if (!shadow) {
    return [];
  }
  const s = `"${shadow.variantName}"`;
  const out: string[] = [];
  const serverless = config.production.find(v => v.kind === 'serverless');
  const hosting = config.production.find(v => v.kind === 'component-hosting');
  if (serverless) {
    out.push(`shadowProductionVariant must not be combined with a serverless variant (SageMaker rejects shadow variants on serverless endpoints: ${DG_SHADOW_EXCLUSIONS}), `
      + `got shadow ${s} with serverless variant "${serverless.variantName}"`);
  }
  if (hosting) {
    out.push(`shadowProductionVariant must not be combined with component-hosting variants (a shadow serves a model, and SageMaker documents shadow variants only for model endpoints: ${DG_SHADOW}), `
      + `got shadow ${s} with component-hosting variant "${hosting.variantName}"`);
  }
  if (config.async) {
    out.push(`shadowProductionVariant must not be used with asyncInference (SageMaker rejects shadow variants on asynchronous endpoints: ${DG_SHADOW_EXCLUSIONS}), got shadow ${s} with asyncInference`);
  }
  if (!serverless && !hosting && config.production.length !== 1) {
    const names = config.production.map(v => `"${v.variantName}"`).join(', ');
    out.push(`productionVariants must be exactly 1 instance variant with a shadow variant (SageMaker allows one production and one shadow variant: ${API_CREATE_ENDPOINT_CONFIG}), `
      + `got ${config.production.length}${names ? ` (${names})` : ''} with shadow ${s}`);
  }
  for (const v of [...config.production.filter(p => p.kind === 'instance'), shadow]) {
    const who = v === shadow ? `shadowProductionVariant ${s}` : `variant "${v.variantName}"`;
    if (v.instanceType !== undefined && /^ml\.inf1\./.test(v.instanceType)) {
      out.push(`${who} instanceType must not be Inf1 on an endpoint with a shadow variant (SageMaker rejects shadow variants on Inf1 (Inferentia) instances: ${DG_SHADOW_EXCLUSIONS}), got "${v.instanceType}"`);
    }
    if (v.model && v.model.containerCount > 1) {
      out.push(`${who} model must have 1 container on an endpoint with a shadow variant (SageMaker rejects shadow variants on multiple-container endpoints: ${DG_SHADOW_EXCLUSIONS}), `
        + `got ${v.model.path} with ${v.model.containerCount} containers`);
    }
    if (v.model && v.model.multiModel) {
      out.push(`${who} model must not be multi-model on an endpoint with a shadow variant (SageMaker rejects shadow variants on multi-model endpoints: ${DG_SHADOW_EXCLUSIONS}), `
        + `got ${v.model.path} with a MultiModel container`);
    }
  }
  return out;
}

/**
 * The warning of a multi-model model on a GPU instance type, or undefined: GPU multi-model endpoints run only through
 * the Triton Inference Server container, on the GPU instance types SageMaker lists ([DG_MME]); CPU types are all
 * supported. A warning, not an error: a Triton image on a listed type is valid, and the library cannot tell a Triton
 * image from another.
 */
export function multiModelGpuWarning(who: string, instanceType: string | undefined, model: ShadowModelFacts | undefined): string | undefined {
  if (!model?.multiModel || instanceType === undefined) {
    return undefined;
  }
  const family = instanceType.split('.')[1] ?? '';
  if (!ACCELERATED_GPU_FAMILIES.has(family)) {
    return undefined;
  }
  return `${who} serves the multi-model model ${model.path} on the GPU instance type "${instanceType}": SageMaker hosts multi-model endpoints on GPUs only `
    + `through the Triton Inference Server container, on the GPU instance types it lists (${DG_MME}); use a Triton image on a listed type, or a CPU instance type`;
}
