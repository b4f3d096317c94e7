'use strict';
// (b) the floor: raw L1 resources and a hand-written DeploymentConfig, least-privilege policies written
// by hand. Equivalent to what the library produces: per endpoint a model with its own execution role,
// an endpoint config, an endpoint with a canary blue/green DeploymentConfig whose rollback alarms watch
// the new fleet, a check of every rollout (the same Custom::SageMakerVerifyRollout resource and the same
// handler code as the library's verifyRollout), and an invoke grant on one shared role per stack.
const path = require('path');
const cdk = require('aws-cdk-lib');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const s3assets = require('aws-cdk-lib/aws-s3-assets');
const sagemaker = require('aws-cdk-lib/aws-sagemaker');
const { Construct } = require('constructs');
const c = require('./common');

// the library's verify-rollout handler (assets/verify-rollout), uploaded as the same file asset
const VERIFY_ROLLOUT_HANDLER_DIR = path.join(__dirname, '..', '..', 'assets', 'verify-rollout');

// Written by hand: what the library computes for this canary (20 min provisioning + two 10 min bakes).
const MAXIMUM_EXECUTION_TIMEOUT_SECONDS = 2400;

/**
 * Where a resource goes: `[scope, id]` for its top-level id (the floor), or, with `libraryPaths`, for the construct
 * path the library gives the same resource (plain constructs in between), so that the logical IDs are the
 * library's: (b') in bench/ladder.js, the floor for a library that keeps its users' logical IDs.
 */
function placer(stack, libraryPaths) {
  const scopeAt = parts => parts.reduce((scope, id) => scope.node.tryFindChild(id) || new Construct(scope, id), stack);
  return (topLevelId, libraryPath) => {
    if (!libraryPaths) return [stack, topLevelId];
    const parts = libraryPath.split('/');
    return [scopeAt(parts.slice(0, -1)), parts[parts.length - 1]];
  };
}

function build(app, n, { libraryPaths = false } = {}) {
  c.buildStacks(app, n, (stack, stackIndex, count) => {
    const at = placer(stack, libraryPaths);
    const invoker = new iam.Role(stack, 'Invoker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const repositoryArn = stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: c.IMAGE_REPOSITORY });
    const imageUri = `${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/${c.IMAGE_REPOSITORY}:${c.IMAGE_TAG}`;
    const logsArn = stack.formatArn({
      service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/*', arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
    });

    const verify = verifyRolloutProvider(stack, stackIndex, at);

    for (let i = 0; i < count; i++) {
      const key = c.modelKey(stackIndex, i);
      const role = new iam.Role(...at(`Model${i}Role`, `Model${i}/Role`), { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
      // a policy resource, as the library writes it: the HIPAA.Security and NIST.800.53.R5 rule packs of cdk-nag
      // flag inline role policies (IAMNoInlinePolicy)
      const policy = new iam.CfnPolicy(...at(`Model${i}Policy`, `Model${i}/Role/DefaultPolicy/Resource`), {
        policyName: `Model${i}Policy`,
        roles: [role.roleName],
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
              Effect: 'Allow',
              Resource: repositoryArn,
            },
            { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
            { Action: 's3:GetObject', Effect: 'Allow', Resource: `arn:${stack.partition}:s3:::${c.MODEL_BUCKET}/${key}` },
            {
              Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              Effect: 'Allow',
              Resource: logsArn,
            },
          ],
        },
      });
      const model = new sagemaker.CfnModel(...at(`Model${i}`, `Model${i}/Resource`), {
        executionRoleArn: role.roleArn,
        primaryContainer: { image: imageUri, modelDataUrl: `s3://${c.MODEL_BUCKET}/${key}` },
      });
      // SageMaker checks image and model data access when it creates the model
      model.addDependency(policy);
      const config = new sagemaker.CfnEndpointConfig(...at(`Config${i}`, `Config${i}/Resource`), {
        productionVariants: [{
          variantName: c.VARIANT_NAME,
          modelName: model.attrModelName,
          instanceType: c.INSTANCE_TYPE,
          initialInstanceCount: c.INSTANCE_COUNT,
          initialVariantWeight: 1,
        }],
      });
      // the endpoint depends on its alarms, so the alarms need the literal endpoint name (no cycle)
      const endpointName = `bench-s${stackIndex}-endpoint-${i}`;
      const dimensionsMap = {
        EndpointName: endpointName,
        VariantName: c.VARIANT_NAME,
        EndpointConfigName: config.attrEndpointConfigName,
      };
      const errorRate = new cloudwatch.Alarm(...at(`Endpoint${i}ErrorRate`, `Endpoint${i}Deployment/ErrorRateAlarm`), {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap,
          statistic: 'Average', period: cdk.Duration.minutes(1),
        }),
        threshold: c.ERROR_RATE_THRESHOLD,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const latency = new cloudwatch.Alarm(...at(`Endpoint${i}Latency`, `Endpoint${i}Deployment/LatencyAlarm`), {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensionsMap,
          statistic: 'p99', period: cdk.Duration.minutes(1), unit: cloudwatch.Unit.MICROSECONDS,
        }),
        threshold: c.LATENCY_THRESHOLD_MS * 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const endpoint = new sagemaker.CfnEndpoint(...at(`Endpoint${i}`, `Endpoint${i}/Resource`), {
        endpointName,
        endpointConfigName: config.attrEndpointConfigName,
        deploymentConfig: {
          blueGreenUpdatePolicy: {
            trafficRoutingConfiguration: {
              type: 'CANARY',
              canarySize: { type: 'INSTANCE_COUNT', value: c.CANARY_INSTANCES },
              waitIntervalInSeconds: c.BAKE_SECONDS,
            },
            terminationWaitInSeconds: 0,
            maximumExecutionTimeoutInSeconds: MAXIMUM_EXECUTION_TIMEOUT_SECONDS,
          },
          autoRollbackConfiguration: {
            alarms: [{ alarmName: errorRate.alarmName }, { alarmName: latency.alarmName }],
          },
        },
      });
      verify.check(...at(`Endpoint${i}VerifyRollout`, `Endpoint${i}/VerifyRollout/Default`), endpoint, endpointName, config.attrEndpointConfigName);
      invoker.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
        resources: [stack.formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: endpointName })],
      }));
    }
  });
}

/**
 * The verify-rollout check written by hand: one Lambda function per stack (the library's handler code, a
 * role allowed its own log group, DescribeStacks on its stack and DescribeEndpoint on exactly the checked
 * endpoints) and, per endpoint, a Custom::SageMakerVerifyRollout resource with the properties the library
 * renders (ServiceToken, EndpointName, EndpointConfigName; deleted with the stack).
 */
function verifyRolloutProvider(stack, stackIndex, at) {
  const name = `bench-s${stackIndex}-verify-rollout`;
  const logGroupArn = stack.formatArn({
    service: 'logs', resource: 'log-group', resourceName: `/aws/lambda/${name}`, arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
  });
  const endpointArns = [];
  const role = new iam.CfnRole(...at('VerifyRolloutRole', 'CdkSageMakerEndpointVerifyRollout/Role/Resource'), {
    roleName: name,
    description: 'cdk-sagemaker-endpoint: checks that endpoint updates ended InService on the deployed config',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
    },
  });
  const policy = new iam.CfnPolicy(...at('VerifyRolloutPolicy', 'CdkSageMakerEndpointVerifyRollout/Role/DefaultPolicy/Resource'), {
    policyName: 'VerifyRolloutPolicy',
    roles: [role.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: [logGroupArn, `${logGroupArn}:*`] },
        {
          Action: 'cloudformation:DescribeStacks',
          Effect: 'Allow',
          Resource: stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*` }),
        },
        // filled as endpoints are added; rendered at synth
        { Action: 'sagemaker:DescribeEndpoint', Effect: 'Allow', Resource: cdk.Lazy.list({ produce: () => endpointArns }) },
      ],
    },
  });
  const asset = new s3assets.Asset(...at('VerifyRolloutCode', 'CdkSageMakerEndpointVerifyRollout/Function/Code'), { path: VERIFY_ROLLOUT_HANDLER_DIR });
  const fn = new lambda.CfnFunction(...at('VerifyRolloutFunction', 'CdkSageMakerEndpointVerifyRollout/Function/Resource'), {
    functionName: name,
    description: 'cdk-sagemaker-endpoint verify-rollout: DescribeEndpoint after every endpoint update',
    code: { s3Bucket: asset.s3BucketName, s3Key: asset.s3ObjectKey },
    handler: 'index.handler',
    runtime: lambda.determineLatestNodeRuntime(stack).name,
    timeout: 600,
    memorySize: 128,
    role: role.attrArn,
  });
  asset.addResourceMetadata(fn, 'Code');
  // the function's permissions exist before it runs (and so before any check that calls it)
  fn.addDependency(policy);
  return {
    check(scope, id, endpoint, endpointName, endpointConfigName) {
      endpointArns.push(stack.formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: endpointName }));
      const check = new cdk.CfnResource(scope, id, {
        type: 'Custom::SageMakerVerifyRollout',
        properties: { ServiceToken: fn.attrArn, EndpointName: endpointName, EndpointConfigName: endpointConfigName },
      });
      check.applyRemovalPolicy(cdk.RemovalPolicy.DESTROY);
      // the DescribeEndpoint permission: ServiceToken (Fn::GetAtt) makes the check wait for the function,
      // which depends on the policy
      check.addDependency(endpoint);
    },
  };
}

module.exports = { build };
