'use strict';
/*
 * cdk-sagemaker-endpoint verify-rollout custom resource handler (Node.js, CommonJS, no dependencies beyond
 * the AWS SDK v3 that the Lambda Node.js runtime ships).
 *
 * Runs after every update of an AWS::SageMaker::Endpoint (the custom resource depends on the endpoint, and its
 * EndpointConfigName property changes with every new config). It calls DescribeEndpoint once the update is
 * done and fails the stack update, with the endpoint's FailureReason, unless the endpoint is InService on the
 * config this deployment rendered: so a rollout that SageMaker rolled back on its own can never be reported
 * as a success, and CloudFormation never deletes the config that is still serving.
 *
 * Calls only the SageMaker API (DescribeEndpoint), CloudFormation (DescribeStacks of its own stack, before it
 * fails a check) and the response URL every custom resource must answer.
 */
const https = require('https');

/** Statuses that may still settle: the handler polls them. */
const TRANSITIONAL = ['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'UpdateRollbackFailed_Pending'];
const POLL_MS = 30000;
const MAX_THROTTLE_RETRIES = 8;

function defaultClient() {
  const { SageMakerClient } = require('@aws-sdk/client-sagemaker');
  return new SageMakerClient({});
}

/** The status of this custom resource's stack (CloudFormation DescribeStacks on its own stack only). */
async function defaultStackStatus(stackId) {
  const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');
  const out = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackId }));
  return out.Stacks && out.Stacks[0] && out.Stacks[0].StackStatus;
}

function describeCommand(name) {
  const { DescribeEndpointCommand } = require('@aws-sdk/client-sagemaker');
  return new DescribeEndpointCommand({ EndpointName: name });
}

function isThrottle(err) {
  const name = err && (err.name || err.Code || err.code);
  return name === 'ThrottlingException' || name === 'Throttling' || name === 'TooManyRequestsException'
    || (err && err.$retryable && err.$retryable.throttling === true);
}

function isNotFound(err) {
  return err && err.name === 'ValidationException' && /could not find endpoint/i.test(String(err.message));
}

/** DescribeEndpoint with retries on throttling (exponential back-off, capped). */
async function describe(client, name, sleep) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.send(describeCommand(name));
    } catch (err) {
      if (isThrottle(err) && attempt < MAX_THROTTLE_RETRIES) {
        await sleep(Math.min(20000, 500 * 2 ** attempt));
        continue;
      }
      throw err;
    }
  }
}

/**
 * A failed check must never block a stack rollback: CloudFormation also sends this resource an Update back to
 * the previous config name while it rolls the stack back, and if that Update reaches the check before the
 * endpoint is back on the previous config, failing it would leave the stack in UPDATE_ROLLBACK_FAILED.
 * So before failing, the handler asks for its own stack's status, and succeeds while the stack rolls back.
 */
async function rollingBack(event, options) {
  if (!event.StackId) {
    return undefined;
  }
  try {
    const status = await (options.stackStatus || defaultStackStatus)(event.StackId);
    return typeof status === 'string' && /ROLLBACK_IN_PROGRESS$/.test(status) ? status : undefined;
  } catch {
    // unknown: keep the failure (a forward update that SageMaker rolled back must not pass)
    return undefined;
  }
}

/**
 * Decides the outcome of one event. Returns { status: 'SUCCESS' | 'FAILED', reason, physicalResourceId }.
 * options: { client, sleep(ms), remainingMs(), stackStatus(stackId) }.
 */
async function verify(event, options) {
  const result = await check(event, options);
  if (result.status === 'FAILED') {
    const status = await rollingBack(event, options);
    if (status) {
      return { status: 'SUCCESS', physicalResourceId: result.physicalResourceId,
        reason: `stack is ${status}: not blocking the rollback (${result.reason})` };
    }
  }
  return result;
}

async function check(event, options) {
  const props = event.ResourceProperties || {};
  const name = props.EndpointName;
  const expected = props.EndpointConfigName;
  const physicalResourceId = event.PhysicalResourceId || `verify-rollout-${name}`;
  if (event.RequestType === 'Delete') {
    return { status: 'SUCCESS', reason: 'nothing to verify on delete', physicalResourceId };
  }
  const sleep = options.sleep || (ms => new Promise(resolve => setTimeout(resolve, ms)));
  const remainingMs = options.remainingMs || (() => 600000);
  for (;;) {
    let endpoint;
    try {
      endpoint = await describe(options.client, name, sleep);
    } catch (err) {
      if (isNotFound(err)) {
        return { status: 'FAILED', physicalResourceId,
          reason: `endpoint ${name} does not exist after its update (it was deleted, or the update never created it): ${err.message}` };
      }
      return { status: 'FAILED', physicalResourceId, reason: `DescribeEndpoint ${name} failed: ${err.name || 'Error'}: ${err.message}` };
    }
    const status = endpoint.EndpointStatus;
    const config = endpoint.EndpointConfigName;
    const failure = endpoint.FailureReason ? `: ${endpoint.FailureReason}` : '';
    if (TRANSITIONAL.includes(status) && remainingMs() > POLL_MS + 60000) {
      await sleep(POLL_MS);
      continue;
    }
    if (status === 'InService' && config === expected) {
      return { status: 'SUCCESS', reason: `endpoint ${name} is InService on ${expected}`, physicalResourceId };
    }
    if (status === 'InService') {
      return { status: 'FAILED', physicalResourceId,
        reason: `endpoint ${name} is InService on ${config}, not on ${expected}: SageMaker rolled the update back${failure}` };
    }
    return { status: 'FAILED', physicalResourceId,
      reason: `endpoint ${name} is ${status}, not InService on ${expected}${failure}` };
  }
}

/** PUTs the custom resource response to CloudFormation's pre-signed URL. */
function respond(event, result) {
  const body = JSON.stringify({
    Status: result.status,
    Reason: String(result.reason).slice(0, 3000),
    PhysicalResourceId: result.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: {},
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, response => {
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The Lambda entry point. */
async function handler(event, context) {
  let result;
  try {
    result = await verify(event, {
      client: defaultClient(),
      remainingMs: () => (context && context.getRemainingTimeInMillis ? context.getRemainingTimeInMillis() : 600000),
    });
  } catch (err) {
    result = { status: 'FAILED', reason: `verify-rollout failed: ${err && err.message}`, physicalResourceId: event.PhysicalResourceId || 'verify-rollout' };
  }
  console.log(JSON.stringify({ requestType: event.RequestType, status: result.status, reason: result.reason }));
  await respond(event, result);
  return result;
}

module.exports = { handler, verify, respond };
