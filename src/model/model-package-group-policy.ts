import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { show } from '../private/validation';

/** Properties of {@link ModelPackageGroupPolicy.forConsumers}. */
export interface ModelPackageGroupConsumersProps {
  /**
   * The model package group, by name (the ARN is built with `account`/`region`, or the owner stack's pseudo
   * parameters). Give exactly one of `groupName` and `groupArn`.
   *
   * @default - from `groupArn`
   */
  readonly groupName?: string;

  /**
   * The model package group, by ARN (`arn:<partition>:sagemaker:<region>:<account>:model-package-group/<group>`).
   * Give exactly one of `groupName` and `groupArn`.
   *
   * @default - built from `groupName`
   */
  readonly groupArn?: string;

  /** The consumer accounts (12 digits each, at least one) that may read and deploy the group's versions. */
  readonly accounts: string[];

  /**
   * The owner account, for an ARN built from `groupName`.
   *
   * @default - `AWS::AccountId` of the stack the policy is used in
   */
  readonly account?: string;

  /**
   * The Region of the group, for an ARN built from `groupName`.
   *
   * @default - `AWS::Region` of the stack the policy is used in
   */
  readonly region?: string;
}

/** The model-registry actions a consumer account needs to find and deploy the versions of a shared group. */
const CONSUMER_ACTIONS = ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackageGroup'];
const ACCOUNT = /^[0-9]{12}$/;
const GROUP_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]){0,62}(?<!-)$/;
const GROUP_ARN = /^(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:)model-package-group\/([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)$/;

/**
 * The resource policy the OWNER account of a model package group attaches to the group so that other accounts can
 * deploy its versions (`PutModelPackageGroupPolicy`, or the `ModelPackageGroupPolicy` property of
 * `AWS::SageMaker::ModelPackageGroup`; https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-ram.html).
 *
 * The consumer side (the model's execution role in the consumer account) is granted by `ModelPackage`; the artifact
 * bucket policy, KMS key policy and ECR repository policy of the owner are separate documents, shown in
 * docs/model-sources.md.
 */
export class ModelPackageGroupPolicy {
  /**
   * A policy document that allows the consumer accounts `sagemaker:DescribeModelPackage`,
   * `sagemaker:ListModelPackages` and `sagemaker:DescribeModelPackageGroup` on the group ARN and on
   * `model-package/<group>/*` (its versions), as in the cross-account example of
   * https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-ram.html.
   *
   * Group names keep their case in these ARNs (IAM matches model-package ARNs as written,
   * https://github.com/aws-samples/ml-edge-getting-started/issues/18).
   *
   * Throws (there is no construct to name) when neither or both of `groupName`/`groupArn` are given, when a
   * literal name or ARN is malformed, or when `accounts` is empty or holds something other than 12 digits.
   *
   * @param props the group and the consumer accounts
   */
  public static forConsumers(props: ModelPackageGroupConsumersProps): iam.PolicyDocument {
    const { groupArn, groupName } = resolveGroup(props);
    if (props.accounts.length === 0) {
      throw new Error('ModelPackageGroupPolicy accounts must name at least one consumer account (an empty list would allow nobody), got []');
    }
    for (const account of props.accounts) {
      if (!Token.isUnresolved(account) && !ACCOUNT.test(account)) {
        throw new Error(`ModelPackageGroupPolicy accounts must be 12-digit account ids, got ${show(account)}`);
      }
    }
    const versions = groupArn.replace(/:model-package-group\/[^/]*$/, `:model-package/${groupName}/*`);
    return new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'ModelPackageGroupConsumers',
        actions: CONSUMER_ACTIONS,
        principals: props.accounts.map(a => new iam.AccountPrincipal(a)),
        resources: [groupArn, versions],
      })],
    });
  }

  private constructor() {}
}

function resolveGroup(props: ModelPackageGroupConsumersProps): { groupArn: string; groupName: string } {
  if ((props.groupName === undefined) === (props.groupArn === undefined)) {
    throw new Error(`ModelPackageGroupPolicy must be given exactly one of groupName and groupArn, got ${props.groupName === undefined ? 'neither' : 'both'}`);
  }
  if (props.groupArn !== undefined) {
    const arn = props.groupArn;
    if (Token.isUnresolved(arn)) {
      throw new Error('ModelPackageGroupPolicy groupArn must be a literal ARN (the versions ARN is derived from it), got a token; pass groupName with account and region instead');
    }
    const match = GROUP_ARN.exec(arn);
    if (!match) {
      throw new Error(`ModelPackageGroupPolicy groupArn must be arn:<partition>:sagemaker:<region>:<account>:model-package-group/<group>, got ${show(arn)}`);
    }
    return { groupArn: arn, groupName: match[2] };
  }
  const name = props.groupName!;
  if (!Token.isUnresolved(name) && !GROUP_NAME.test(name)) {
    throw new Error(`ModelPackageGroupPolicy groupName must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit, got ${show(name)}`);
  }
  const groupArn = `arn:${Aws.PARTITION}:sagemaker:${props.region ?? Aws.REGION}:${props.account ?? Aws.ACCOUNT_ID}:model-package-group/${name}`;
  return { groupArn, groupName: name };
}
