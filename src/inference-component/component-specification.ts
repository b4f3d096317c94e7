import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ContainerImage } from '../model/container-image';
import { IModel } from '../model/model';
import { ModelData } from '../model/model-data';
import { fail, show } from '../private/validation';

/** Options of {@link ComponentSpecification.fromContainer}. */
export interface ComponentContainerOptions {
  /** The container image the copies run (at most 255 characters once bound). */
  readonly image: ContainerImage;

  /**
   * The model artifact: a single gzip-compressed tar archive (`.tar.gz`), read by the endpoint config's
   * execution role (`Container.ArtifactUrl`,
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentContainerSpecification.html).
   *
   * @default - no artifact: the image holds or fetches the model itself
   */
  readonly modelData?: ModelData;

  /**
   * Environment variables of the container: at most 16; keys 2-1024 characters of letters, digits and
   * underscores, not starting with a digit (the CloudFormation schema pattern `^[a-zA-Z_][a-zA-Z0-9_]{1,1024}$`);
   * values at most 1024 characters.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };
}

/** What an inference component renders of its {@link ComponentSpecification}: this library's struct, not the L1 shape. */
export interface ComponentSpecificationConfig {
  /**
   * The model whose containers the copies run (`Specification.ModelName`).
   *
   * @default - none (a container or adapter specification)
   */
  readonly model?: IModel;

  /**
   * The image URI (`Container.Image`).
   *
   * @default - none
   */
  readonly imageUri?: string;

  /**
   * The artifact URI (`Container.ArtifactUrl`).
   *
   * @default - none
   */
  readonly artifactUrl?: string;

  /**
   * The container environment (`Container.Environment`).
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /** Whether this is an adapter on a base inference component. */
  readonly isAdapter: boolean;

  /** How the specification was made, for messages: `fromModel`, `fromContainer` or `adapter`. */
  readonly kind: string;
}

/**
 * What an inference component runs: an existing model, a container image with an optional artifact, or an
 * adapter artifact on a base component. SageMaker takes "a SageMaker AI Model object, or directly ... the model
 * artifacts and image" (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html);
 * the factories make it exactly one of them.
 */
export abstract class ComponentSpecification {
  /**
   * Runs an existing model (`Specification.ModelName`). The model's execution role pulls its image and data.
   * A model change (a new content-hashed name) updates the component in place.
   *
   * SageMaker Studio refuses to deploy a model whose IAM role, VPC or network isolation differ from the
   * endpoint's (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html); whether
   * the API enforces it is UNCONFIRMED (not documented), so the component warns instead of failing:
   * - `componentModelRole` when the model's role is not the endpoint config's execution role: give the config
   *   `executionRole: model.role`;
   * - `componentModelNetwork` when the model (a `Model` of this library) sets `vpc` or `networkIsolation: true` and
   *   the endpoint config is an `EndpointConfig` of this library: the copies run on the config's instances, and this
   *   library's config sets no `VpcConfig` or `EnableNetworkIsolation`, so the model's settings do not reach them
   *   (an assumption: whether SageMaker then refuses the component or runs it without them is not documented).
   *   Host such a model on an instance variant (`instanceProductionVariants`), where its settings apply.
   *
   * @param model the model
   */
  public static fromModel(model: IModel): ComponentSpecification {
    return new ModelSpecification(model);
  }

  /**
   * Runs a container image with an optional model artifact and environment (`Specification.Container`).
   * The endpoint config's execution role is granted ECR pull of the image and S3 read of the artifact.
   *
   * @param options the image, artifact and environment
   */
  public static fromContainer(options: ComponentContainerOptions): ComponentSpecification {
    return new ContainerSpecification(options);
  }

  /**
   * An adapter (for example LoRA weights) on the base component given as `baseComponent`: only the adapter
   * artifact, no image and no compute requirements (adapters use the base component's resources,
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html).
   *
   * @param artifact the adapter artifact, a single gzip-compressed tar archive (`.tar.gz`)
   */
  public static adapter(artifact: ModelData): ComponentSpecification {
    return new AdapterSpecification(artifact);
  }

  /**
   * Binds the specification to an inference component: creates what it needs in `scope` and grants
   * `grantee` (the endpoint config's execution role) access to the image and artifact.
   *
   * @param scope the inference component
   * @param grantee the endpoint config's execution role
   */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ComponentSpecificationConfig;
}

class ModelSpecification extends ComponentSpecification {
  constructor(private readonly model: IModel) {
    super();
  }

  public bind(): ComponentSpecificationConfig {
    return { model: this.model, isAdapter: false, kind: 'fromModel' };
  }
}

class ContainerSpecification extends ComponentSpecification {
  constructor(private readonly options: ComponentContainerOptions) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ComponentSpecificationConfig {
    // ContainerImage validates the URI (1-255 characters, no whitespace) when it is bound
    const imageUri = this.options.image.bind(scope, grantee).imageUri;
    return {
      imageUri,
      artifactUrl: this.options.modelData && bindArtifact(scope, grantee, this.options.modelData, 'specification modelData'),
      environment: this.options.environment,
      isAdapter: false,
      kind: 'fromContainer',
    };
  }
}

class AdapterSpecification extends ComponentSpecification {
  constructor(private readonly artifact: ModelData) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ComponentSpecificationConfig {
    return {
      artifactUrl: bindArtifact(scope, grantee, this.artifact, 'specification adapter artifact'),
      isAdapter: true,
      kind: 'adapter',
    };
  }
}

/**
 * `ArtifactUrl` "must point to a single gzip compressed tar archive (.tar.gz)", at most 1024 characters,
 * `^(https|s3)://([^/]+)/?(.*)$`
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentContainerSpecification.html).
 */
function bindArtifact(scope: Construct, grantee: iam.IGrantable, data: ModelData, property: string): string {
  const bound = data.bind(scope, grantee);
  if (bound.isPrefix || bound.isUncompressedObject) {
    fail(scope, `${property} must be a single gzip-compressed tar archive (.tar.gz), got ${show(bound.uri)}`);
  }
  if (!Token.isUnresolved(bound.uri) && (bound.uri.length > 1024 || !/^(https|s3):\/\/([^/]+)\/?(.*)$/.test(bound.uri))) {
    fail(scope, `${property} must be an s3:// or https:// URI of at most 1024 characters, got ${show(bound.uri)}`);
  }
  return bound.uri;
}
