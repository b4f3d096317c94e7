// The model-registry version the package suites share (issue 16): version 3 of a fraud-detector group, with its
// artifact at s3://registry-artifacts/fraud/v3/model.tar.gz and its image in the ECR repository `fraud-image`.
import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ModelPackage } from '../../src/model';

/** Version 3 of the group (`FraudDetector` unless named), with the artifact, image and, if given, key it reads. */
export function fraudDetectorPackage(stack: Stack, options: { readonly groupName?: string; readonly encryptionKey?: kms.IKey } = {}): ModelPackage {
  return ModelPackage.fromModelPackageGroup(options.groupName ?? 'FraudDetector', 3, {
    artifactBucket: s3.Bucket.fromBucketName(stack, 'Artifacts', 'registry-artifacts'),
    artifactKey: 'fraud/v3/model.tar.gz',
    imageRepository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'fraud-image'),
    encryptionKey: options.encryptionKey,
  });
}
