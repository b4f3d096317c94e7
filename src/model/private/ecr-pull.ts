import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Grants what SageMaker needs to pull images from the given repository, and nothing else: the three layer and
 * image actions on the repository, and `ecr:GetAuthorizationToken`, which supports no resource-level
 * permissions (IAM only accepts "*" for it).
 */
export function grantEcrPull(grantee: iam.IGrantable, repositoryArn: string): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    resourceArns: [repositoryArn],
  });
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['ecr:GetAuthorizationToken'],
    resourceArns: ['*'],
  });
}
