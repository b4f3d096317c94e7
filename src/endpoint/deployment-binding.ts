import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';

/**
 * What a deployment construct (BlueGreenDeployment, RollingDeployment) hands to the Endpoint it
 * configures, through `Endpoint._attachDeployment`.
 *
 * Not part of the public API (not exported from the package index): the Endpoint calls these methods
 * lazily at synth time, so alarms and settings added after the binding still count.
 */
export interface EndpointDeploymentBinding {
  /** The construct that owns the deployment settings (named in error messages). */
  readonly construct: IConstruct;

  /** The CloudFormation DeploymentConfig of the endpoint; called lazily while the template is resolved. */
  renderDeploymentConfig(): CfnEndpoint.DeploymentConfigProperty;

  /** The alarms SageMaker watches during a rollout: `grants.deploy` gives `cloudwatch:DescribeAlarms` on them. */
  rollbackAlarms(): cloudwatch.IAlarm[];
}
