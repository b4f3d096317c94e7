'use strict';
// (c) the peer: @aws-cdk/aws-sagemaker-alpha. It cannot express a DeploymentConfig, so the endpoints
// get the same models, configs, alarms and invoke grant but no canary rollout.
const cdk = require('aws-cdk-lib');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const ecr = require('aws-cdk-lib/aws-ecr');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const alpha = require('@aws-cdk/aws-sagemaker-alpha');
const c = require('./common');

function build(app, n) {
  c.buildStacks(app, n, (stack, stackIndex, count) => {
    const invoker = new iam.Role(stack, 'Invoker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', c.IMAGE_REPOSITORY);
    const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts', c.MODEL_BUCKET);
    const image = alpha.ContainerImage.fromEcrRepository(repository, c.IMAGE_TAG);

    for (let i = 0; i < count; i++) {
      const model = new alpha.Model(stack, `Model${i}`, {
        containers: [{ image, modelData: alpha.ModelData.fromBucket(bucket, c.modelKey(stackIndex, i)) }],
      });
      const config = new alpha.EndpointConfig(stack, `Config${i}`, {
        instanceProductionVariants: [{
          variantName: c.VARIANT_NAME,
          model,
          instanceType: alpha.InstanceType.of(c.INSTANCE_TYPE),
          initialInstanceCount: c.INSTANCE_COUNT,
        }],
      });
      const endpointName = `bench-s${stackIndex}-endpoint-${i}`;
      const endpoint = new alpha.Endpoint(stack, `Endpoint${i}`, { endpointConfig: config, endpointName });
      const dimensionsMap = {
        EndpointName: endpointName,
        VariantName: c.VARIANT_NAME,
        EndpointConfigName: config.endpointConfigName,
      };
      new cloudwatch.Alarm(stack, `Endpoint${i}ErrorRate`, {
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
      new cloudwatch.Alarm(stack, `Endpoint${i}Latency`, {
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
      endpoint.grantInvoke(invoker);
    }
  });
}

module.exports = { build };
