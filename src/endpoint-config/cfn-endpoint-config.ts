import { IResolvable, Resource, Token } from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { ComponentHostingVariantInfo, ManagedInstanceScaling } from './component-hosting-variant';
import { IEndpointConfig } from './endpoint-config';
import { InstanceType } from './instance-type';
import { ProductionVariantInfo, VariantKind } from './production-variant';
import { IModel, Model } from '../model/model';
import { sagemakerArn } from '../private/names';

const WRAPPER_ID = '@FromCfnEndpointConfig';

/**
 * An endpoint config written as a raw `CfnEndpointConfig`, read so the library knows its variants
 * (deployment checks, plans, autoscaling rules and grants read them). Nothing of the L1 is changed.
 *
 * Not exported from the package: obtained with `EndpointConfig.fromCfnEndpointConfig()`.
 */
export class CfnEndpointConfigReader extends Resource implements IEndpointConfig {
  /** The wrapper of `cfn`, created once. */
  public static of(cfn: CfnEndpointConfig): CfnEndpointConfigReader {
    const existing = cfn.node.tryFindChild(WRAPPER_ID);
    return existing instanceof CfnEndpointConfigReader ? existing : new CfnEndpointConfigReader(cfn);
  }

  public readonly endpointConfigName: string;
  public readonly endpointConfigArn: string;
  /**
   * Whether the L1 sets AsyncInferenceConfig.
   *
   * @internal
   */
  public readonly _isAsync: boolean;
  /** The L1 resource. */
  public readonly cfn: CfnEndpointConfig;
  private variantInfos?: ProductionVariantInfo[];
  private hostingInfos?: ComponentHostingVariantInfo[];

  private constructor(cfn: CfnEndpointConfig) {
    super(cfn, WRAPPER_ID);
    this.cfn = cfn;
    const name = cfn.endpointConfigName;
    const literal = typeof name === 'string' && !Token.isUnresolved(name);
    this.endpointConfigName = literal ? name : cfn.attrEndpointConfigName;
    // Ref of AWS::SageMaker::EndpointConfig is the ARN
    this.endpointConfigArn = literal ? sagemakerArn(this, 'endpoint-config', name) : cfn.ref;
    this._isAsync = cfn.asyncInferenceConfig !== undefined;
  }

  /**
   * The variants as written in the L1 (read once, when first asked). A variant given as a token (the whole
   * list or one element) makes the list unknown: undefined.
   */
  public get productionVariants(): ProductionVariantInfo[] | undefined {
    if (this.variantInfos === undefined) {
      const list = this.cfn.productionVariants;
      if (Token.isUnresolved(list) || !Array.isArray(list) || list.some(v => Token.isUnresolved(v))) {
        return undefined;
      }
      const all = list as CfnEndpointConfig.ProductionVariantProperty[];
      this.variantInfos = all.map((v, i) => [v, i] as const).filter(([v]) => !hostsComponents(v)).map(([v, i]) => this.info(v, `${i}`));
      this.hostingInfos = all.filter(hostsComponents).map(v => ({
        variantName: v.variantName,
        instanceType: InstanceType.of(v.instanceType!),
        initialInstanceCount: numberOrUndefined(v.initialInstanceCount) ?? 1,
        managedInstanceScaling: managedScalingOf(v.managedInstanceScaling),
      }));
    }
    return this.variantInfos;
  }

  /**
   * The shadow variant as written in the L1 (`ShadowProductionVariants`, its first element), or undefined when there
   * is none or the list or its element is a token.
   */
  public get shadowProductionVariant(): ProductionVariantInfo | undefined {
    const list = this.cfn.shadowProductionVariants;
    if (list === undefined || Token.isUnresolved(list) || !Array.isArray(list) || list.length === 0 || Token.isUnresolved(list[0])) {
      return undefined;
    }
    return this.info(list[0] as CfnEndpointConfig.ProductionVariantProperty, 'Shadow0');
  }

  /**
   * The variants as written in the L1 that host inference components (instance variants without a
   * ModelName); undefined when the list is unknown (tokens).
   */
  public get componentHostingVariants(): ComponentHostingVariantInfo[] | undefined {
    return this.productionVariants === undefined ? undefined : this.hostingInfos;
  }

  private info(v: CfnEndpointConfig.ProductionVariantProperty, index: string): ProductionVariantInfo {
    const serverless = v.serverlessConfig !== undefined;
    const id = `Model${index}`;
    // read once per id: the shadow getter may be asked more than once
    const existing = this.node.tryFindChild(id) as IModel | undefined;
    const model: IModel = existing ?? Model.fromModelName(this, id, v.modelName ?? '');
    return {
      variantName: v.variantName,
      kind: serverless ? VariantKind.SERVERLESS : VariantKind.INSTANCE,
      model,
      instanceType: serverless || v.instanceType === undefined ? undefined : InstanceType.of(v.instanceType),
      initialInstanceCount: serverless ? undefined : numberOrUndefined(v.initialInstanceCount),
      initialVariantWeight: numberOrUndefined(v.initialVariantWeight),
    };
  }
}

/** An instance variant without a model hosts inference components. */
function hostsComponents(v: CfnEndpointConfig.ProductionVariantProperty): boolean {
  return v.serverlessConfig === undefined && v.modelName === undefined && typeof v.instanceType === 'string';
}

function numberOrUndefined(value: number | IResolvable | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * The L1's managed instance scaling in this library's shape. A block or a count that is not literal stays a token (the
 * checks that read it skip it); a status that is a token counts as enabled, the reading that allows more instances.
 */
function managedScalingOf(mis: CfnEndpointConfig.ManagedInstanceScalingProperty | IResolvable | undefined): ManagedInstanceScaling | undefined {
  if (mis === undefined) {
    return undefined;
  }
  if (Token.isUnresolved(mis)) {
    return { minInstanceCount: Token.asNumber(mis), maxInstanceCount: Token.asNumber(mis) };
  }
  const block = mis as CfnEndpointConfig.ManagedInstanceScalingProperty;
  return {
    enabled: block.status === 'DISABLED' ? false : undefined,
    minInstanceCount: block.minInstanceCount,
    // MaxInstanceCount is optional in the L1: unknown then
    maxInstanceCount: block.maxInstanceCount ?? Token.asNumber(mis),
  };
}
