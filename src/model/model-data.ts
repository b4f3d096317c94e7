import * as fs from 'fs';
import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3_assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { grantS3Read } from './private/s3-read';
import { fail, show } from '../private/validation';

/** The result of binding {@link ModelData} to a model. */
export interface ModelDataConfig {
  /** The `s3://` URI of the model artifacts. */
  readonly uri: string;

  /**
   * Whether `uri` is an S3 prefix of uncompressed model files (rendered as `ModelDataSource` with
   * `S3DataType: S3Prefix`) rather than a single `.tar.gz` object (`ModelDataUrl`).
   *
   * @default false
   */
  readonly isPrefix?: boolean;

  /**
   * Whether `uri` is one uncompressed object (any key not ending in `.tar.gz` or `.tgz`), rendered as
   * `ModelDataSource` with `S3DataType: S3Object` and `CompressionType: None`: `ModelDataUrl` must name a
   * gzip-compressed tar archive (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html).
   *
   * @default false
   */
  readonly isUncompressedObject?: boolean;
}

/** Keys SageMaker reads as a gzip-compressed tar archive (`ModelDataUrl`). */
function isArchiveKey(key: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(key);
}

/**
 * The model artifacts of a model container, read from S3.
 *
 * The model's execution role gets `s3:GetObject` on exactly these objects (and `s3:ListBucket` limited
 * to the prefix for prefix data), never on the whole bucket.
 */
export abstract class ModelData {
  /**
   * Model artifacts already in S3.
   *
   * @param bucket the bucket
   * @param objectKey the key of a gzip-compressed tar archive (`model.tar.gz` or `.tgz`), of one uncompressed
   *   model file (any other key: rendered as an uncompressed `S3Object`), or a key prefix ending in `/` for
   *   uncompressed model files
   */
  public static fromBucket(bucket: s3.IBucket, objectKey: string): ModelData {
    return new BucketModelData(bucket, objectKey);
  }

  /**
   * Model artifacts under an S3 key prefix: the `.tar.gz` models of a multi-model container
   * (`mode: ContainerMode.MULTI_MODEL`, rendered as `ModelDataUrl`,
   * https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html), or the uncompressed model files of a
   * single-model container (rendered as `ModelDataSource` with `S3DataType: S3Prefix`,
   * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html). The execution role gets
   * `s3:GetObject` on `<prefix>*` and `s3:ListBucket` limited to the prefix.
   *
   * @param bucket the bucket
   * @param prefix the key prefix, ending in `/` (for example `models/`)
   */
  public static fromBucketPrefix(bucket: s3.IBucket, prefix: string): ModelData {
    return new BucketModelData(bucket, prefix, true);
  }

  /**
   * Model artifacts uploaded from a local file as a CDK asset: a `.tar.gz`/`.tgz` archive, or one
   * uncompressed model file (rendered as an uncompressed `S3Object`).
   *
   * The asset hash is part of the object key, so any change to the file yields a new model name.
   * `bundling` is rejected: a directory is uploaded as a zip archive, which SageMaker cannot read.
   *
   * @param path the local path of the file (not a directory: directories are zipped)
   * @param options asset options (without `bundling`)
   */
  public static fromAsset(path: string, options: s3_assets.AssetOptions = {}): ModelData {
    return new AssetModelData(path, options);
  }

  /**
   * Binds the model data to a model and grants `grantee` read access to it.
   *
   * @param scope the model
   * @param grantee the model's execution role
   */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig;
}

class BucketModelData extends ModelData {
  constructor(private readonly bucket: s3.IBucket, private readonly objectKey: string, private readonly prefixOnly = false) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    const key = this.objectKey;
    if (this.prefixOnly && !Token.isUnresolved(key) && !key.endsWith('/')) {
      fail(scope, `model data prefix must end in / (ModelData.fromBucketPrefix names a key prefix, not an object), got ${show(key)}`);
    }
    if (!Token.isUnresolved(key) && (key.length < 1 || key.startsWith('/'))) {
      fail(scope, `model data object key must be a non-empty S3 key not starting with /, got ${show(key)}`);
    }
    const isPrefix = this.prefixOnly || (!Token.isUnresolved(key) && key.endsWith('/'));
    const isUncompressedObject = !Token.isUnresolved(key) && !isPrefix && !isArchiveKey(key);
    grantS3Read(grantee, this.bucket, key, isPrefix);
    const uri = this.bucket.s3UrlForObject(key);
    if (!Token.isUnresolved(uri) && uri.length > 1024) {
      fail(scope, `model data URI must be at most 1024 characters, got ${uri.length} characters`);
    }
    return { uri, isPrefix, isUncompressedObject };
  }
}

class AssetModelData extends ModelData {
  private asset?: s3_assets.Asset;

  constructor(private readonly path: string, private readonly options: s3_assets.AssetOptions) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    if (this.options.bundling) {
      fail(scope, `model data asset must not use bundling (bundling output is a directory, uploaded as a zip archive SageMaker cannot read), got bundling for ${show(this.path)}; build the .tar.gz before synth and pass its path`);
    }
    if (fs.existsSync(this.path) && fs.statSync(this.path).isDirectory()) {
      fail(scope, `model data asset must be a .tar.gz file (a directory would be uploaded as a zip archive), got directory ${show(this.path)}`);
    }
    if (!this.asset) {
      let id = 'ModelDataAsset';
      for (let i = 2; scope.node.tryFindChild(id); i++) {
        id = `ModelDataAsset${i}`;
      }
      this.asset = new s3_assets.Asset(scope, id, { path: this.path, ...this.options });
    }
    // exactly the uploaded object: Asset.grantRead would grant the whole assets bucket
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.asset.bucket.arnForObjects(this.asset.s3ObjectKey)],
    });
    return { uri: this.asset.s3ObjectUrl, isUncompressedObject: !isArchiveKey(this.path) };
  }
}
