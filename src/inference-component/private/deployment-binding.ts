import { CfnInferenceComponent } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';

/**
 * What a component's rolling deployment (`InferenceComponentRollingDeployment`) plans from: the component's copy
 * count (a range once copy autoscaling is attached), its startup timeouts and how its copies fit the host fleet.
 * Computed once by the component; not part of the public API.
 */
export interface ComponentRolloutFacts {
  /** The copy count the rollout starts from (the autoscaling minimum, at least 1, when attached). */
  readonly copyCount: number;
  /** The autoscaling maximum, when copy autoscaling is attached. */
  readonly maxCopyCount?: number;
  /** ModelDataDownloadTimeoutInSeconds, when set and literal. */
  readonly downloadSeconds?: number;
  /** ContainerStartupHealthCheckTimeoutInSeconds, when set and literal. */
  readonly healthCheckSeconds?: number;
  /** How many copies fit one instance of the host variant, when known. */
  readonly copiesPerInstance?: number;
  /** The host variant's initial instance count, when known. */
  readonly instanceCount?: number;
}

/** The deployment attached to a component: it renders the component's `DeploymentConfig` at synth. */
export interface ComponentDeploymentBinding {
  /** The deployment construct (errors name its path). */
  readonly construct: IConstruct;
  /** The `DeploymentConfig` of the component (rendered lazily, so alarms added later count). */
  renderDeploymentConfig(): CfnInferenceComponent.InferenceComponentDeploymentConfigProperty;
}
