import { ArnFormat, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

// References that a grant may put into another stack's policy. A token (Ref/GetAtt) of a resource of
// another stack would become an export of that stack and an Fn::ImportValue in the grantee's stack:
// the grantee's stack could then only be deployed after the resource's stack, and the resource could
// never be removed while the export is in use (issue 13, item 2). These helpers return names or
// patterns known at synth instead.

/** The tag that identifies a model's execution role for a cross-stack `iam:PassRole`. */
export const MODEL_ROLE_TAG = 'cdk-sagemaker-endpoint:model-role';

/** The stack of the grantee's principal, when the principal is a construct (role, user, group). */
export function granteeStack(grantee: iam.IGrantable): Stack | undefined {
  const principal = grantee.grantPrincipal as unknown;
  if (principal && typeof principal === 'object' && 'node' in (principal as object)) {
    try {
      return Stack.of(principal as IConstruct);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether a token of `resource` would cross a stack boundary in the grantee's policy. */
export function crossesStacks(resource: IConstruct, grantee: iam.IGrantable): boolean {
  const stack = granteeStack(grantee);
  return stack !== undefined && stack !== Stack.of(resource);
}

/**
 * The ARN of a CloudWatch alarm for a policy of `grantee`: the alarm's own ARN for an imported alarm or an
 * alarm in the grantee's stack; `<alarm name>` built from a literal `alarmName`; otherwise, for an alarm of
 * another stack whose name CloudFormation generates, the pattern `<stack name>-<logical id>-*`.
 *
 * Assumption (not a documented format): CloudFormation generates an alarm name as
 * `<stack name>-<logical id>-<random suffix>` when `AlarmName` is omitted
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
 * says only that it "generates a unique physical ID"); alarm names may be 255 characters, so neither part
 * is shortened for stack names (at most 128) and CDK logical ids of usual length.
 */
export function alarmArnFor(alarm: cloudwatch.IAlarm, grantee: iam.IGrantable): string {
  const cfn = alarm.node.defaultChild;
  if (!(cfn instanceof cloudwatch.CfnAlarm) || !crossesStacks(alarm, grantee)) {
    return alarm.alarmArn;
  }
  const stack = Stack.of(alarm);
  const given = cfn.alarmName;
  const name = typeof given === 'string' && !Token.isUnresolved(given)
    ? given
    : `${stack.stackName}-${stack.resolve((cfn as CfnResource).logicalId)}-*`;
  return stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
