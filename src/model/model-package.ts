import { Annotations, Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { grantEcrPull } from './private/ecr-pull';
import { grantS3Read } from './private/s3-read';
import { accountDiffers, regionDiffers, showEnv } from '../private/environment';
import { fail, show } from '../private/validation';

/** The result of binding a {@link ModelPackage} to a model container. */
export interface ModelPackageConfig {
  /** The versioned model package ARN, rendered as the container's `ModelPackageName`. */
  readonly modelPackageArn: string;

  /**
   * The inference specification of the package the container uses (`InferenceSpecificationName`).
   *
   * @default - the package's default inference specification
   */
  readonly inferenceSpecificationName?: string;
}

/**
 * Options of a {@link ModelPackage}: which inference specification to use, and what the package's artifacts and
 * image are, so the model's execution role can be granted read access to them.
 *
 * The model package itself does not appear in the template with its artifact location or image (SageMaker reads
 * them from the registry when the model is created), so the role gets read access to them only where you name them here.
 */
export interface ModelPackageOptions {
  /**
   * The inference specification of the model package to deploy (1-63 characters), for a package with several
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `InferenceSpecificationName`).
   *
   * @default - the package's default inference specification
   */
  readonly inferenceSpecificationName?: string;

  /**
   * The bucket that holds the package's model artifacts: the execution role gets `s3:GetObject` on `artifactKey`
   * (and `kms:Decrypt` with the bucket's key). Requires `artifactKey`.
   *
   * @default - no S3 grant (the role must already be able to read the artifacts)
   */
  readonly artifactBucket?: s3.IBucket;

  /**
   * The key of the package's model artifact in `artifactBucket` (`model.tar.gz`), or a prefix ending in `/` for
   * uncompressed artifacts (then `s3:GetObject` on `<prefix>*` and `s3:ListBucket` limited to the prefix).
   * Only with `artifactBucket`.
   *
   * @default - no S3 grant
   */
  readonly artifactKey?: string;

  /**
   * The ECR repository of the package's inference image: the execution role gets pull access to it.
   *
   * @default - no ECR grant (the role must already be able to pull the image)
   */
  readonly imageRepository?: ecr.IRepository;

  /**
   * A KMS key that encrypts the package's artifacts: the execution role gets `kms:Decrypt` on it (for a bucket
   * whose `encryptionKey` is known, that key is granted already).
   *
   * @default - no KMS grant besides the artifact bucket's own key
   */
  readonly encryptionKey?: kms.IKey;
}

/** Options of {@link ModelPackage.fromModelPackageGroup}. */
export interface ModelPackageGroupOptions extends ModelPackageOptions {
  /**
   * The account that owns the model package group. Another account than the model's needs a resource policy on
   * the group (see `ModelPackageGroupPolicy.forConsumers`) and read access to the artifacts and image.
   *
   * @default - the account of the model's stack
   */
  readonly account?: string;

  /**
   * The Region of the model package group; it must be the model's Region.
   *
   * @default - the Region of the model's stack
   */
  readonly region?: string;
}

/** `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>`, the versioned form. */
const VERSIONED_FORM = 'arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>';
/**
 * The `ModelPackageName` pattern of the API (optional ARN prefix, a name, an optional `/<version>`), anchored
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `ModelPackageName`).
 */
const MODEL_PACKAGE_NAME = /^(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?$/;
/** A model package group name: 1-63 letters, digits and hyphens, not starting or ending with a hyphen. */
const GROUP_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]){0,62}(?<!-)$/;
/** The versioned package ARN, split: partition, region, account, group, version. */
const VERSIONED_ARN = /^arn:(aws[a-z\-]*):sagemaker:([a-z0-9\-]*):([0-9]{12}):model-package\/([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)\/([0-9]{1,9})$/;
const MAX_VERSION = 999999999;

/**
 * A model-registry version (a versioned model package) as the source of a model container: SageMaker takes the
 * image and the model artifacts from the package
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `ModelPackageName`).
 *
 * Use it as `containers: [{ modelPackage: ModelPackage.fromModelPackageGroup('fraud', 3) }]`. The model's execution
 * role gets `sagemaker:DescribeModelPackage` on exactly that version, and read access to the artifacts, image and
 * key you name in the options. The package ARN is part of the model's content-hash name, so a new version gives a
 * new model (and a new endpoint config), and the endpoint is updated in place.
 *
 * Approval: SageMaker deploys a versioned package only when its `ModelApprovalStatus` is `Approved`
 * ("For versioned models, the value of this parameter must be set to Approved to deploy the model",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackage.html). The approval status is
 * not in the template, so this cannot be checked at synth: a version that is not approved fails when
 * CloudFormation creates the model, and the stack rolls back.
 *
 * Names keep their case: IAM matches model-package ARNs with the group name as written (a policy with a
 * lower-cased group name is denied, https://github.com/aws-samples/ml-edge-getting-started/issues/18), so the
 * ARN is never lower-cased, unlike endpoint and model ARNs.
 */
export abstract class ModelPackage {
  /**
   * A model package version by its ARN: `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>`.
   *
   * A literal ARN must name a version (a versionless package ARN is rejected with the versioned form in the
   * message), match the API's `ModelPackageName` pattern and be at most 176 characters. A token is used as given.
   *
   * @param modelPackageArn the versioned model package ARN
   * @param options inference specification and what to grant the execution role
   */
  public static fromModelPackageArn(modelPackageArn: string, options: ModelPackageOptions = {}): ModelPackage {
    return new ArnModelPackage(modelPackageArn, options);
  }

  /**
   * A version of a model package group, by group name and version number; the ARN is built in the model's
   * partition, with the model's account and Region unless `account`/`region` are given.
   *
   * @param modelPackageGroupName the model package group name (1-63 letters, digits and hyphens)
   * @param version the version number (a positive whole number, at most 999999999)
   * @param options account, Region, inference specification and what to grant the execution role
   */
  public static fromModelPackageGroup(modelPackageGroupName: string, version: number, options: ModelPackageGroupOptions = {}): ModelPackage {
    return new GroupModelPackage(modelPackageGroupName, version, options);
  }

  /**
   * Binds the package to a model container: validates it and grants `grantee` what deploying it needs.
   *
   * @param scope the model
   * @param grantee the model's execution role
   */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ModelPackageConfig;
}

abstract class ModelPackageBase extends ModelPackage {
  constructor(protected readonly options: ModelPackageOptions) {
    super();
  }

  /** Validates the options and the environment, grants, and renders. */
  protected finish(
    scope: Construct, grantee: iam.IGrantable, arn: string, env?: { account: string; region: string }, display: string = arn,
  ): ModelPackageConfig {
    const o = this.options;
    const spec = o.inferenceSpecificationName;
    if (spec !== undefined && !Token.isUnresolved(spec) && (spec.length < 1 || spec.length > 63)) {
      fail(scope, `modelPackage inferenceSpecificationName must be 1-63 characters (CreateModel InferenceSpecificationName), got ${show(spec)} (${spec.length} characters)`);
    }
    if (o.artifactBucket && o.artifactKey === undefined) {
      fail(scope, 'modelPackage artifactBucket must be used with artifactKey (the role is granted the artifact, not the whole bucket), got artifactBucket without artifactKey');
    }
    if (o.artifactKey !== undefined && !o.artifactBucket) {
      fail(scope, `modelPackage artifactKey must be used with artifactBucket, got artifactKey ${show(o.artifactKey)} without artifactBucket`);
    }
    if (env) {
      checkPackageEnvironment(scope, env, display);
    }
    // What deploying a package needs of the execution role. SageMaker reads the package when the model is created;
    // DescribeModelPackage on exactly this version is the read action for it
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html, resource
    // model-package). ASSUMPTION: the reference (section 7.3) lists no other SageMaker action for deploying a
    // version; the artifact and image reads are granted below where the options name them.
    iam.Grant.addToPrincipal({ grantee, actions: ['sagemaker:DescribeModelPackage'], resourceArns: [arn] });
    if (o.artifactBucket && o.artifactKey !== undefined) {
      grantArtifactRead(scope, grantee, o.artifactBucket, o.artifactKey);
    }
    if (o.imageRepository) {
      grantEcrPull(grantee, o.imageRepository.repositoryArn);
    }
    o.encryptionKey?.grantDecrypt(grantee);
    return { modelPackageArn: arn, inferenceSpecificationName: spec };
  }
}

class ArnModelPackage extends ModelPackageBase {
  constructor(private readonly arn: string, options: ModelPackageOptions) {
    super(options);
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelPackageConfig {
    const arn = this.arn;
    if (Token.isUnresolved(arn)) {
      return this.finish(scope, grantee, arn);
    }
    validatePackageArn(scope, arn);
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    return this.finish(scope, grantee, arn, { account: parts.account!, region: parts.region! });
  }
}

class GroupModelPackage extends ModelPackageBase {
  constructor(private readonly groupName: string, private readonly version: number, private readonly groupOptions: ModelPackageGroupOptions) {
    super(groupOptions);
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelPackageConfig {
    const name = this.groupName;
    if (!Token.isUnresolved(name)) {
      if (name.startsWith('arn:')) {
        fail(scope, `modelPackageGroupName must be a group name, not an ARN (use ModelPackage.fromModelPackageArn for ${VERSIONED_FORM}), got ${show(name)}`);
      }
      if (!GROUP_NAME.test(name)) {
        fail(scope, `modelPackageGroupName must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit (CreateModel ModelPackageName), got ${show(name)}`);
      }
    }
    const version = this.version;
    if (!Token.isUnresolved(version) && (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > MAX_VERSION)) {
      fail(scope, `modelPackage version must be a whole number in 1-${MAX_VERSION} (model package versions start at 1), got ${show(version)}`);
    }
    const given = this.groupOptions.account;
    if (given !== undefined && !Token.isUnresolved(given) && !/^[0-9]{12}$/.test(given)) {
      fail(scope, `modelPackage account must be a 12-digit account id (the owner of the model package group), got ${show(given)}`);
    }
    const stack = Stack.of(scope);
    const account = this.groupOptions.account ?? stack.account;
    const region = this.groupOptions.region ?? stack.region;
    const versionText = Token.isUnresolved(version) ? Token.asString(version) : String(version);
    const arn = stack.formatArn({ service: 'sagemaker', account, region, resource: 'model-package', resourceName: `${name}/${versionText}` });
    // the partition is a token in most stacks: measure the literal ARN (partition `aws` unless the stack's is known)
    const partition = Token.isUnresolved(stack.partition) ? 'aws' : stack.partition;
    const literal = `arn:${partition}:sagemaker:${region}:${account}:model-package/${name}/${versionText}`;
    if (!Token.isUnresolved(literal) && literal.length > 176) {
      fail(scope, `modelPackage ARN must be at most 176 characters (CreateModel ModelPackageName), got ${show(literal)} (${literal.length} characters)`);
    }
    return this.finish(scope, grantee, arn, { account, region }, `group ${show(name)} version ${version}`);
  }
}

/** Checks a literal package ARN: the API pattern and length, and a version. */
function validatePackageArn(scope: Construct, arn: string): void {
  if (arn.length < 1 || arn.length > 176) {
    fail(scope, `modelPackageArn must be 1-176 characters (CreateModel ModelPackageName), got ${show(arn)} (${arn.length} characters)`);
  }
  if (VERSIONED_ARN.test(arn)) {
    return;
  }
  const match = MODEL_PACKAGE_NAME.exec(arn);
  if (match && match[4] === undefined) {
    // a package without a version: show the versioned form with the user's own prefix and group
    const suggestion = match[1]
      ? `${match[1].slice(0, match[1].lastIndexOf(':'))}:model-package/${match[2]}/<version>`
      : VERSIONED_FORM.replace('<group>', match[2]);
    fail(scope, `modelPackageArn must name a model package version (${VERSIONED_FORM}: a model-registry version, not a versionless package or group), got ${show(arn)}; use ${suggestion} or ModelPackage.fromModelPackageGroup(${show(match[2])}, <version>)`);
  }
  fail(scope, `modelPackageArn must be a versioned model package ARN ${VERSIONED_FORM} (CreateModel ModelPackageName pattern), got ${show(arn)}`);
}

/**
 * The package must be in the model's Region. ASSUMPTION (derived): the API takes a package ARN of any Region, but
 * the package's image must be in the model's Region ("the Docker image for inference container in Amazon EC2
 * Container Registry must be in the same region as the model or endpoint you are creating",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `Image`), so a package of
 * another Region cannot be deployed: an error rather than a failed deployment. Another account works with the
 * owner's group policy and artifact/image access: a warning says so.
 */
function checkPackageEnvironment(scope: Construct, pkg: { account: string; region: string }, what: string): void {
  const stack = Stack.of(scope);
  const model = { account: stack.account, region: stack.region };
  if (regionDiffers(pkg, model)) {
    fail(scope, `modelPackage must be in the model's Region (${showEnv(model)}; the package's image must be in the model's Region), got ${what} in ${showEnv(pkg)}`);
  }
  if (accountDiffers(pkg, model)) {
    Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:crossAccountModelPackage',
      `model package ${what} is in ${showEnv(pkg)}, the model in ${showEnv(model)}: the owner must attach a model package group policy that allows this account (ModelPackageGroupPolicy.forConsumers), and its artifact bucket, KMS key and ECR repository policies must allow the model's execution role (docs/model-sources.md)`);
  }
}

/** Read access to the package's artifact (see {@link grantS3Read}). */
function grantArtifactRead(scope: Construct, grantee: iam.IGrantable, bucket: s3.IBucket, key: string): void {
  if (!Token.isUnresolved(key) && (key.length < 1 || key.startsWith('/'))) {
    fail(scope, `modelPackage artifactKey must be a non-empty S3 key not starting with /, got ${show(key)}`);
  }
  grantS3Read(grantee, bucket, key, !Token.isUnresolved(key) && key.endsWith('/'));
}
