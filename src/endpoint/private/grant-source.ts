import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ConfigFacts } from './config-facts';

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
  /** The rollback alarms of the attached deployment. */
  _rollbackAlarms(): cloudwatch.IAlarm[];
  /** The rollback alarms defined in the endpoint's stack (created, updated and deleted with it). */
  _createdRollbackAlarms(): cloudwatch.IAlarm[];
  /** The names of the variants with instance-count autoscaling. */
  _autoScaledVariantNames(): string[];
}

