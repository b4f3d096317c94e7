import { Annotations, Aws, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecr_assets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { grantEcrPull } from './private/ecr-pull';
import { accountDiffers, regionDiffers, showEnv } from '../private/environment';
import { fail, show } from '../private/validation';

/** The result of binding a {@link ContainerImage} to a model. */
export interface ContainerImageConfig {
  /** The image URI the model container runs. */
  readonly imageUri: string;
}

/** Options for {@link ContainerImage.fromAsset}. */
export interface AssetImageOptions extends ecr_assets.DockerImageAssetOptions {}

const ECR_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$/;
const ECR_DIGEST = /^sha256:[a-f0-9]{64}$/;
const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9._\/-]+)(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

/**
 * The container image of a model container.
 *
 * The model's execution role is granted pull access to exactly the ECR repository the image comes from.
 */
export abstract class ContainerImage {
  /**
   * An image in an ECR repository.
   *
   * @param repository the repository
   * @param tagOrDigest an image tag (`v1.2.3`) or digest (`sha256:...`). Pin a version or digest:
   *   the model's name is derived from it, so a new tag yields a new model and a clean endpoint update,
   *   while pushing over the same tag does not. @default 'latest'
   */
  public static fromEcrRepository(repository: ecr.IRepository, tagOrDigest: string = 'latest'): ContainerImage {
    return new EcrImage(repository, tagOrDigest);
  }

  /**
   * An image built from a local directory with a Dockerfile and published as a CDK asset.
   *
   * The asset hash is part of the image URI, so any change to the directory yields a new model name.
   *
   * @param directory the directory that holds the Dockerfile
   * @param options Docker build options
   */
  public static fromAsset(directory: string, options: AssetImageOptions = {}): ContainerImage {
    return new AssetImage(directory, options);
  }

  /**
   * An image by URI.
   *
   * When the URI is a literal ECR URI (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`)
   * the execution role is granted pull access to that repository; other registries get no grants.
   *
   * @param imageUri the image URI, at most 255 characters
   */
  public static fromImageUri(imageUri: string): ContainerImage {
    return new UriImage(imageUri);
  }

  /**
   * An AWS Deep Learning Containers image (for example `pytorch-inference`), pulled from the DLC account
   * of the stack's region.
   *
   * @param repositoryName the DLC repository, for example `huggingface-pytorch-inference`
   * @param tag the image tag, for example `2.1.0-transformers4.37.0-cpu-py310-ubuntu22.04`
   * @param accountId the account that hosts the DLC repositories @default - the DLC account of the stack's region
   */
  public static fromDlc(repositoryName: string, tag: string, accountId?: string): ContainerImage {
    return new DlcImage(repositoryName, tag, accountId);
  }

  /**
   * Binds the image to a model: creates what it needs in `scope` and grants `grantee` pull access.
   *
   * @param scope the model
   * @param grantee the model's execution role
   */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig;
}

/**
 * SageMaker pulls a model's image from ECR in the model's own Region: an image of a repository in another
 * Region is an error (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html,
 * `Image`: "the Docker image for inference container in Amazon EC2 Container Registry must be in the same region
 * as the model or endpoint you are creating"). Another account works only when
 * the repository policy allows the model's execution role to pull: a warning says so
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
 */
function checkRepositoryEnvironment(scope: Construct, repositoryAccount: string, repositoryRegion: string, what: string): void {
  const stack = Stack.of(scope);
  const model = { account: stack.account, region: stack.region };
  const repository = { account: repositoryAccount, region: repositoryRegion };
  if (regionDiffers(repository, model)) {
    fail(scope, `container image repository must be in the model's Region (${showEnv(model)}), got ${what} in ${showEnv(repository)}; replicate the image to ${model.region} (ECR replication) and use that repository`);
  }
  if (accountDiffers(repository, model)) {
    Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:crossAccountImage',
      `container image repository ${what} is in ${showEnv(repository)}, the model in ${showEnv(model)}: the repository policy must allow the model's execution role to pull (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability)`);
  }
}

function validateImageUri(scope: Construct, imageUri: string): void {
  if (!Token.isUnresolved(imageUri) && (imageUri.length < 1 || imageUri.length > 255 || /\s/.test(imageUri))) {
    fail(scope, `container image URI must be 1-255 characters without whitespace, got ${show(imageUri)} (${imageUri.length} characters)`);
  }
}

class EcrImage extends ContainerImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tagOrDigest: string) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const isDigest = this.tagOrDigest.startsWith('sha256:');
    if (!Token.isUnresolved(this.tagOrDigest)) {
      if (isDigest && !ECR_DIGEST.test(this.tagOrDigest)) {
        fail(scope, `container image digest must be sha256: followed by 64 lower-case hex digits, got ${show(this.tagOrDigest)}`);
      }
      if (!isDigest && !ECR_TAG.test(this.tagOrDigest)) {
        fail(scope, `container image tag must be 1-128 characters of letters, digits, _ . - (not starting with . or -), got ${show(this.tagOrDigest)}`);
      }
    }
    checkRepositoryEnvironment(scope, this.repository.env.account, this.repository.env.region, this.repository.node.path);
    grantEcrPull(grantee, this.repository.repositoryArn);
    return {
      imageUri: isDigest
        ? this.repository.repositoryUriForDigest(this.tagOrDigest)
        : this.repository.repositoryUriForTag(this.tagOrDigest),
    };
  }
}

class AssetImage extends ContainerImage {
  private asset?: ecr_assets.DockerImageAsset;

  constructor(private readonly directory: string, private readonly options: AssetImageOptions) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    // one asset per ContainerImage object, even when several models share it
    if (!this.asset) {
      let id = 'ImageAsset';
      for (let i = 2; scope.node.tryFindChild(id); i++) {
        id = `ImageAsset${i}`;
      }
      this.asset = new ecr_assets.DockerImageAsset(scope, id, { directory: this.directory, ...this.options });
    }
    grantEcrPull(grantee, this.asset.repository.repositoryArn);
    return { imageUri: this.asset.imageUri };
  }
}

class DlcImage extends ContainerImage {
  constructor(private readonly repositoryName: string, private readonly tag: string, private readonly accountId?: string) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    if (!Token.isUnresolved(this.tag) && !ECR_TAG.test(this.tag)) {
      fail(scope, `container image tag must be 1-128 characters of letters, digits, _ . - (not starting with . or -), got ${show(this.tag)}`);
    }
    const stack = Stack.of(scope);
    const account = this.accountId ?? stack.regionalFact(FactName.DLC_REPOSITORY_ACCOUNT);
    grantEcrPull(grantee, stack.formatArn({ service: 'ecr', account, resource: 'repository', resourceName: this.repositoryName }));
    return { imageUri: `${account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/${this.repositoryName}:${this.tag}` };
  }
}

class UriImage extends ContainerImage {
  constructor(private readonly imageUri: string) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    validateImageUri(scope, this.imageUri);
    const match = Token.isUnresolved(this.imageUri) ? null : ECR_URI.exec(this.imageUri);
    if (match) {
      const [, account, region, china, repositoryName] = match;
      checkRepositoryEnvironment(scope, account, region, show(this.imageUri));
      const partition = china ? 'aws-cn' : (Token.isUnresolved(Stack.of(scope).partition) ? Aws.PARTITION : Stack.of(scope).partition);
      grantEcrPull(grantee, `arn:${partition}:ecr:${region}:${account}:repository/${repositoryName}`);
    }
    return { imageUri: this.imageUri };
  }
}
