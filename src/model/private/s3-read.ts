import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Grants what SageMaker needs to read model artifacts from S3, and nothing else: `s3:GetObject` on the object, or
 * on everything under a prefix together with `s3:ListBucket` limited to that prefix, and `kms:Decrypt` with the
 * bucket's key when it is known.
 */
export function grantS3Read(grantee: iam.IGrantable, bucket: s3.IBucket, key: string, isPrefix: boolean): void {
  iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [bucket.arnForObjects(isPrefix ? `${key}*` : key)] });
  if (isPrefix) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${key}*`] } },
    });
  }
  bucket.encryptionKey?.grantDecrypt(grantee);
}
