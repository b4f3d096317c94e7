import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';

// What the auto-created execution role of a model gets besides its image and model data grants.
// Only actions without resource-level permissions get "*", each named in a comment.

/** Logs of endpoints and their containers go to `/aws/sagemaker/*` log groups only. */
export function grantLogs(role: iam.IRole): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    resources: [stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/sagemaker/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
  }));
}

/** What SageMaker needs to attach the containers to the VPC: elastic network interfaces. */
export function grantNetworkInterfaces(role: iam.IRole, vpcConfig: CfnModel.VpcConfigProperty): void {
  const stack = Stack.of(role);
  const ec2Arn = (resource: string, name: string) => stack.formatArn({ service: 'ec2', resource, resourceName: name });
  const eni = ec2Arn('network-interface', '*');
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterface'],
    resources: [
      eni,
      ...(vpcConfig.subnets as string[]).map(s => ec2Arn('subnet', s)),
      ...(vpcConfig.securityGroupIds as string[]).map(g => ec2Arn('security-group', g)),
    ],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
    resources: [eni],
  }));
  // The ec2:Describe* actions support no resource-level permissions: IAM only accepts "*" for them.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: [
      'ec2:DescribeDhcpOptions',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
    ],
    resources: ['*'],
  }));
}
