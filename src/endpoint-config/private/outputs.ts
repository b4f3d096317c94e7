import { Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { Construct, IConstruct } from 'constructs';
import { fail, show, validateNumber } from '../../private/validation';
import { AsyncInferenceOptions, DataCaptureOptions } from '../data-capture';

// Data capture and asynchronous inference outputs of an endpoint config: validation, rendering and
// the grants the models' execution roles need to write them.

const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/;

/**
 * Data capture and async results are written with the models' execution roles.
 *
 * A role in the config's stack gets the statements in its own policy (its `DefaultPolicy`). A role of another
 * stack gets them in a policy in the config's stack, attached to the role by name, and the config resource
 * depends on that policy: in the role's `DefaultPolicy` the statements would reference the config stack's
 * buckets, keys and topics, making the role's stack depend on the config's stack, which already depends on
 * the model's (a cyclic-reference synth error; review of the model layer, finding 4).
 *
 * @param config the endpoint config resource, whose stack the outputs belong to
 */
export function grantOutputWrites(
  config: CfnEndpointConfig, role: iam.IRole, dataCapture?: DataCaptureOptions, asyncInference?: AsyncInferenceOptions,
): void {
  if (!dataCapture && !asyncInference) {
    return;
  }
  const grantee = Stack.of(role) === Stack.of(config) ? role : new ForeignRoleWrites(config, role);
  writeOutputs(grantee, dataCapture, asyncInference);
}

function writeOutputs(role: iam.IGrantable, dataCapture?: DataCaptureOptions, asyncInference?: AsyncInferenceOptions): void {
  const putObjects = (bucket: s3.IBucket, prefix: string | undefined) => iam.Grant.addToPrincipal({
    grantee: role,
    actions: ['s3:PutObject'],
    resourceArns: [bucket.arnForObjects(`${prefix ?? ''}*`)],
  });
  // S3 server-side encryption with a customer key needs exactly these two (no ReEncrypt*, no wildcards)
  const encryptWith = (key: kms.IKey | undefined) => key?.grant(role, 'kms:Encrypt', 'kms:GenerateDataKey');
  // A bucket whose default encryption is a customer managed key encrypts every object SageMaker writes
  // with it, also when the output settings name no key: PutObject then needs kms:GenerateDataKey on that
  // key, and a multipart upload also kms:Decrypt
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms,
  // "Permissions"). Without it every captured record or async result fails to write (issue 13, finding 4).
  const bucketKey = (bucket: s3.IBucket, explicit: kms.IKey | undefined) => {
    if (bucket.encryptionKey && bucket.encryptionKey !== explicit) {
      bucket.encryptionKey.grant(role, 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt');
    }
  };
  if (dataCapture) {
    putObjects(dataCapture.destinationBucket, dataCapture.destinationPrefix);
    encryptWith(dataCapture.encryptionKey);
    bucketKey(dataCapture.destinationBucket, dataCapture.encryptionKey);
  }
  const async = asyncInference;
  if (async) {
    putObjects(async.outputBucket, async.outputPrefix);
    bucketKey(async.outputBucket, async.encryptionKey);
    if (async.failureBucket) {
      putObjects(async.failureBucket, async.failurePrefix);
      bucketKey(async.failureBucket, async.encryptionKey);
    }
    async.successTopic?.grantPublish(role);
    async.errorTopic?.grantPublish(role);
    encryptWith(async.encryptionKey);
  }
}

/**
 * A role of another stack as the grantee of a config's output writes: statements go to a policy in the
 * config's stack, attached to the role (the role's stack exports the role name to it; the dependency runs
 * from the config's stack to the role's, like the config's on the model). Principal, account and ARN are
 * the role's, so the statements and any key or topic policy are those a grant to the role would give.
 *
 * A role that takes no inline policy (an immutable imported role: `iam.Role.fromRoleArn(..., { mutable:
 * false })`) leaves the policy unattached, and so not rendered; each statement then goes to the role, which
 * drops it (or, with `addGrantsToResources`, lets the grant add it to the key's or topic's policy) as it
 * does in the same stack.
 */
class ForeignRoleWrites implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly policyFragment: iam.PrincipalPolicyFragment;
  public readonly principalAccount: string | undefined;
  private policy?: OutputWritePolicy;

  constructor(private readonly config: CfnEndpointConfig, private readonly role: iam.IRole) {
    this.assumeRoleAction = role.assumeRoleAction;
    this.policyFragment = role.policyFragment;
    this.principalAccount = role.principalAccount;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const policy = this.policy ??= this.attachPolicy();
    if (!policy.attached) {
      return this.role.addToPrincipalPolicy(statement);
    }
    policy.addStatements(statement);
    return { statementAdded: true, policyDependable: policy };
  }

  /** One policy per config and role: a second model with the same role adds to it. */
  private attachPolicy(): OutputWritePolicy {
    const scope = this.config.node.scope!;
    const existing = scope.node.children.find(c => c instanceof OutputWritePolicy && c.role === this.role);
    if (existing) {
      return existing as OutputWritePolicy;
    }
    const count = scope.node.children.filter(c => c instanceof OutputWritePolicy).length;
    const policy = new OutputWritePolicy(scope, count === 0 ? 'OutputWritePolicy' : `OutputWritePolicy${count + 1}`, this.role);
    // the role decides whether it takes the policy (an immutable role does not)
    this.role.attachInlinePolicy(policy);
    this.config.node.addDependency(policy);
    return policy;
  }
}

/** The policy of a foreign role's output writes; knows whether the role attached it. */
class OutputWritePolicy extends iam.Policy {
  public attached = false;

  constructor(scope: Construct, id: string, public readonly role: iam.IRole) {
    super(scope, id, {
      // unique in the app, not only in its stack (the name iam.Policy would give is the logical ID): configs at
      // the same path in two stacks may share a model's role, and a role's inline policies need distinct names
      policyName: `${Names.uniqueResourceName(scope, { maxLength: 128 - id.length })}${id}`,
    });
  }

  public attachToRole(role: iam.IRole): void {
    super.attachToRole(role);
    this.attached = true;
  }
}

/** Validates and renders the data capture settings. */
export function renderDataCapture(scope: IConstruct, options: DataCaptureOptions): CfnEndpointConfig.DataCaptureConfigProperty {
  const percent = options.initialSamplingPercentage ?? 100;
  validateNumber(scope, 'dataCapture initialSamplingPercentage', percent, { min: 0, max: 100, unit: 'percent' });
  const captureInput = options.captureInput ?? true;
  const captureOutput = options.captureOutput ?? true;
  if (!captureInput && !captureOutput) {
    fail(scope, 'dataCapture must capture input, output or both, got captureInput: false and captureOutput: false');
  }
  validateContentTypes(scope, 'dataCapture csvContentTypes', options.csvContentTypes);
  validateContentTypes(scope, 'dataCapture jsonContentTypes', options.jsonContentTypes);
  const header = options.csvContentTypes || options.jsonContentTypes
    ? { csvContentTypes: options.csvContentTypes, jsonContentTypes: options.jsonContentTypes }
    : undefined;
  return {
    enableCapture: options.enableCapture ?? true,
    initialSamplingPercentage: percent,
    destinationS3Uri: s3Uri(scope, 'dataCapture destination', options.destinationBucket, options.destinationPrefix),
    kmsKeyId: options.encryptionKey?.keyArn,
    captureOptions: [
      ...(captureInput ? [{ captureMode: 'Input' }] : []),
      ...(captureOutput ? [{ captureMode: 'Output' }] : []),
    ],
    captureContentTypeHeader: header,
  };
}

/** Validates and renders the asynchronous inference settings. */
export function renderAsyncInference(scope: IConstruct, options: AsyncInferenceOptions): CfnEndpointConfig.AsyncInferenceConfigProperty {
  validateNumber(scope, 'asyncInference maxConcurrentInvocationsPerInstance', options.maxConcurrentInvocationsPerInstance, { min: 1, max: 1000 });
  if (options.failurePrefix !== undefined && !options.failureBucket) {
    fail(scope, 'asyncInference failurePrefix must be used with failureBucket, got failurePrefix without failureBucket');
  }
  const notification = options.successTopic || options.errorTopic || options.includeInferenceResponseIn
    ? {
      successTopic: options.successTopic?.topicArn,
      errorTopic: options.errorTopic?.topicArn,
      includeInferenceResponseIn: options.includeInferenceResponseIn,
    }
    : undefined;
  return {
    outputConfig: {
      s3OutputPath: s3Uri(scope, 'asyncInference output', options.outputBucket, options.outputPrefix),
      s3FailurePath: options.failureBucket && s3Uri(scope, 'asyncInference failure', options.failureBucket, options.failurePrefix),
      kmsKeyId: options.encryptionKey?.keyArn,
      notificationConfig: notification,
    },
    clientConfig: options.maxConcurrentInvocationsPerInstance !== undefined
      ? { maxConcurrentInvocationsPerInstance: options.maxConcurrentInvocationsPerInstance }
      : undefined,
  };
}

function s3Uri(scope: IConstruct, property: string, bucket: s3.IBucket, prefix: string | undefined): string {
  if (prefix !== undefined && !Token.isUnresolved(prefix) && prefix.startsWith('/')) {
    fail(scope, `${property} prefix must not start with /, got ${show(prefix)}`);
  }
  const uri = `s3://${bucket.bucketName}/${prefix ?? ''}`;
  if (!Token.isUnresolved(uri) && uri.length > 512) {
    fail(scope, `${property} S3 URI must be at most 512 characters, got ${uri.length} characters`);
  }
  return uri;
}

function validateContentTypes(scope: IConstruct, property: string, types: string[] | undefined): void {
  if (types === undefined) {
    return;
  }
  validateNumber(scope, property, types.length, { min: 1, max: 10, unit: 'content types' });
  for (const t of types) {
    if (!Token.isUnresolved(t) && (t.length > 256 || !CONTENT_TYPE.test(t))) {
      fail(scope, `${property} must be MIME types such as text/csv (at most 256 characters), got ${show(t)}`);
    }
  }
}
