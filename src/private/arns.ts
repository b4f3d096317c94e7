import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail, NameRule, show, validateName } from './validation';

/** The name and the ARN of an imported SageMaker resource. */
export interface ImportedArn {
  /** The name as written in the ARN (what CloudFormation and the SageMaker API are given). */
  readonly name: string;
  /** The ARN with the name lower-cased, the form IAM matches (docs/failure-modes.md row 9), or the token as given. */
  readonly arn: string;
}

/** Whether `arn` can be given to `Resource`'s `environmentFromArn` (a token, or `arn:` with six parts). */
export function looksLikeArn(arn: string): boolean {
  return Token.isUnresolved(arn) || (arn.startsWith('arn:') && arn.split(':').length >= 6);
}

/**
 * Parses the ARN given to `fromModelArn`, `fromEndpointConfigArn` or `fromEndpointArn`: every import by ARN
 * validates the same way and lower-cases the same way. A literal ARN must be
 * `arn:<partition>:sagemaker:<region>:<account>:<resourceType>/<name>` with a valid name; its name is
 * lower-cased in the returned ARN, because SageMaker writes lower-cased names inside ARNs
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_service-with-iam.html, docs/failure-modes.md row 9).
 * A token ARN is returned as given, and its name is split out at deploy time.
 */
export function importSageMakerArn(scope: IConstruct, property: string, arn: string,
  resourceType: 'endpoint' | 'endpoint-config' | 'model', rule: NameRule): ImportedArn {
  if (Token.isUnresolved(arn)) {
    return { name: Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!, arn };
  }
  const shape = `arn:<partition>:sagemaker:<region>:<account>:${resourceType}/<name>`;
  let parts;
  try {
    parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  } catch {
    fail(scope, `${property} must be ${shape}, got ${show(arn)}`);
  }
  if (parts.service !== 'sagemaker' || parts.resource !== resourceType || !parts.resourceName) {
    fail(scope, `${property} must be ${shape}, got ${show(arn)}`);
  }
  validateName(scope, `${property} name`, parts.resourceName, rule);
  const lowered = `arn:${parts.partition}:sagemaker:${parts.region}:${parts.account}:${resourceType}/${parts.resourceName.toLowerCase()}`;
  return { name: parts.resourceName, arn: lowered };
}
