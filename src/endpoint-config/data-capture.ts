import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Data capture of an endpoint config: a sample of requests and responses written to S3. */
export interface DataCaptureOptions {
  /** The bucket the captured data is written to. The models' execution roles get `s3:PutObject` on it. */
  readonly destinationBucket: s3.IBucket;

  /**
   * The key prefix in the bucket (the S3 URI is at most 512 characters).
   *
   * @default - the bucket root
   */
  readonly destinationPrefix?: string;

  /**
   * Whether capture is enabled.
   *
   * @default true
   */
  readonly enableCapture?: boolean;

  /**
   * The share of requests captured: 0-100 percent.
   *
   * @default 100
   */
  readonly initialSamplingPercentage?: number;

  /**
   * Whether requests are captured.
   *
   * @default true
   */
  readonly captureInput?: boolean;

  /**
   * Whether responses are captured.
   *
   * @default true
   */
  readonly captureOutput?: boolean;

  /**
   * Content types captured as CSV (1-10), for example `text/csv`.
   *
   * @default - SageMaker's default (base64 for content types it does not know)
   */
  readonly csvContentTypes?: string[];

  /**
   * Content types captured as JSON (1-10), for example `application/json`.
   *
   * @default - SageMaker's default (base64 for content types it does not know)
   */
  readonly jsonContentTypes?: string[];

  /**
   * The KMS key that encrypts the captured data. The models' execution roles may encrypt with it.
   *
   * @default - the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/** Where SNS notifications of asynchronous inference results include the inference response. */
export enum AsyncNotificationTopicType {
  /** The success notification includes the response. */
  SUCCESS_NOTIFICATION_TOPIC = 'SUCCESS_NOTIFICATION_TOPIC',
  /** The error notification includes the response. */
  ERROR_NOTIFICATION_TOPIC = 'ERROR_NOTIFICATION_TOPIC',
}

/** Asynchronous inference settings of an endpoint config. */
export interface AsyncInferenceOptions {
  /** The bucket results are written to. The models' execution roles get `s3:PutObject` on it. */
  readonly outputBucket: s3.IBucket;

  /**
   * The key prefix of results in `outputBucket` (the S3 URI is at most 512 characters).
   *
   * @default - the bucket root
   */
  readonly outputPrefix?: string;

  /**
   * The bucket failure outputs are written to.
   *
   * @default - failures are not written to S3
   */
  readonly failureBucket?: s3.IBucket;

  /**
   * The key prefix of failure outputs in `failureBucket`.
   *
   * @default - the bucket root
   */
  readonly failurePrefix?: string;

  /**
   * The topic notified when an inference succeeds. The models' execution roles may publish to it.
   *
   * @default - no success notification
   */
  readonly successTopic?: sns.ITopic;

  /**
   * The topic notified when an inference fails. The models' execution roles may publish to it.
   *
   * @default - no error notification
   */
  readonly errorTopic?: sns.ITopic;

  /**
   * Which notifications include the inference response.
   *
   * @default - none
   */
  readonly includeInferenceResponseIn?: AsyncNotificationTopicType[];

  /**
   * The maximum number of concurrent requests SageMaker sends to each instance: 1-1000.
   *
   * @default - SageMaker chooses
   */
  readonly maxConcurrentInvocationsPerInstance?: number;

  /**
   * The KMS key that encrypts the results. The models' execution roles may encrypt with it.
   *
   * @default - the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;
}
