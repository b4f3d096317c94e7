import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ConfigFacts } from './config-facts';
import { IModel } from '../../model';

/**
 * What EndpointGrants reads from its endpoint. Implemented by `EndpointBase`;
 * not part of the public API.
 */
export interface EndpointGrantSource extends IConstruct {
  readonly endpointName: string;
  readonly endpointArn: string;
  /** Facts about the endpoint's config; undefined for an import without a config. */
  _configFacts(): ConfigFacts | undefined;
  /** Whether invocations are asynchronous. */
  _isAsync(): boolean;
  /** Whether the endpoint resource carries tags (after aspects ran). */
  _hasTags(): boolean;
  /**
   * Every rollback alarm reported to the endpoint so far (`EndpointBase._addRollbackAlarm`): its deployment's and
   * the rollouts' of the inference components on it, each once, in the order reported.
   */
  _reportedRollbackAlarms(): ReportedRollbackAlarm[];
  /** The names of the variants with instance-count autoscaling. */
  _autoScaledVariantNames(): string[];
  /** The execution role of the config, when it hosts inference components (undefined when unknown). */
  _configExecutionRole(): iam.IRole | undefined;
  /** The inference components placed on the endpoint so far. */
  _hostedComponents(): HostedComponent[];
}

/**
 * What the deploy grants of an endpoint need to know about one inference component placed on it. The
 * component tells its endpoint (`EndpointBase._componentAdded`), and again when copy autoscaling is attached
 * (`EndpointBase._componentAutoScaled`): the endpoint module cannot import the component module.
 */
export interface HostedComponent {
  /** The component's ARN (name lower-cased) and the pattern of the names it rotates to. */
  readonly arns: string[];
  /** The model the copies run (`ComponentSpecification.fromModel()`), which the deploy role creates too. */
  readonly model?: IModel;
  /** Copy autoscaling, set when attached. */
  scaling?: HostedComponentScaling;
}

/** The resources a deploy role touches when it deploys a component's copy autoscaling. */
export interface HostedComponentScaling {
  /** The target-tracking alarms Application Auto Scaling creates for the component. */
  readonly targetTrackingAlarmArn: string;
  /** The scale-from-zero alarm of the template (`minCapacity: 0` only). */
  readonly scaleFromZeroAlarmArn?: string;
}

/** A rollback alarm reported to an endpoint, and whether the endpoint's stack defines it. */
export interface ReportedRollbackAlarm {
  readonly alarm: cloudwatch.IAlarm;
  /**
   * Whether the endpoint's template defines the alarm (the deployment's helpers or the user's own `Alarm` in the
   * same stack): whoever deploys the template creates, updates and deletes it, as the command's `policy` reads it.
   */
  readonly created: boolean;
}
