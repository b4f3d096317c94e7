import { CfnResource, TagManager, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { knownModelVariants } from './fleet';
import { EndpointConfig, IEndpointConfig, ProductionVariantInfo, VariantKind } from '../../endpoint-config';
import { CfnEndpointConfigReader } from '../../endpoint-config/cfn-endpoint-config';
import { rotatedNamePattern, sagemakerArn } from '../../private/names';

/**
 * What the endpoint module knows about a config: everything is derived from the config construct
 * of this library when it is one, and falls back to "unknown" for imported configs.
 */
export interface ConfigFacts {
  /** The ARN of the current config, with the name lower-cased when it is a literal. */
  readonly arn: string;
  /** `endpoint-config/<namePrefix>-<16 x ?>`: every name the content-hashed config rotates to, and no other. */
  readonly rotatedArnPattern?: string;
  /**
   * The config's model variants, when known: the production variants, then the shadow variant (the deploy grants
   * cover every model the config names, the shadow's included; autoscaling checks read a variant by name).
   */
  readonly variants?: ProductionVariantInfo[];
  /** Whether the config uses asynchronous inference (false when unknown). */
  readonly isAsync: boolean;
  /** Whether every variant of the config is serverless (false when unknown). */
  readonly serverlessOnly: boolean;
  /** The config's KMS key, if any. */
  readonly encryptionKey?: kms.IKey;
  /** Whether the config carries tags; only meaningful after aspects ran (at validation time). */
  hasTags(): boolean;
}

/** Gathers the {@link ConfigFacts} of a config; `scope` is the endpoint (for ARN formatting). */
export function configFacts(scope: IConstruct, config: IEndpointConfig): ConfigFacts {
  const name = config.endpointConfigName;
  // the real ARN for a token name (Ref), our own lower-cased ARN for a literal one
  const arn = Token.isUnresolved(name) ? config.endpointConfigArn : sagemakerArn(scope, 'endpoint-config', name);
  if (config instanceof CfnEndpointConfigReader) {
    // a raw L1 config: its variants as written (undefined when tokens), no rotation (its name is its own)
    const l1Variants = config.productionVariants;
    return {
      arn,
      variants: knownModelVariants(config),
      isAsync: config._isAsync,
      serverlessOnly: l1Variants !== undefined && l1Variants.length > 0 && l1Variants.every(v => v.kind === VariantKind.SERVERLESS),
      hasTags: () => resourceHasTags(config.cfn),
    };
  }
  if (!(config instanceof EndpointConfig)) {
    return { arn, isAsync: false, serverlessOnly: false, hasTags: () => false };
  }
  const prefix = config._namePrefix;
  const variants = config.productionVariants;
  return {
    arn,
    rotatedArnPattern: prefix !== undefined && !Token.isUnresolved(prefix) ? sagemakerArn(scope, 'endpoint-config', rotatedNamePattern(prefix)) : undefined,
    variants: knownModelVariants(config),
    isAsync: config._isAsync,
    serverlessOnly: variants.length > 0 && variants.every(v => v.kind === VariantKind.SERVERLESS),
    encryptionKey: config.encryptionKey,
    // props tags are applied with Tags.of() too, so the L1's tag manager has both once the aspects ran
    hasTags: () => resourceHasTags(config.node.defaultChild),
  };
}

/** Whether an L1 resource has tags (from props or from `Tags.of()` aspects once they ran). */
export function resourceHasTags(resource: IConstruct | undefined): boolean {
  return resource instanceof CfnResource && TagManager.isTaggable(resource) && resource.tags.hasTags();
}
