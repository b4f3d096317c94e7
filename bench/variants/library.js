'use strict';
// (a) this library, loaded from compiled JavaScript (bench/out/lib, or a jsii-built lib/ with --lib lib).
const cdk = require('aws-cdk-lib');
const ecr = require('aws-cdk-lib/aws-ecr');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const c = require('./common');

function build(app, n, { lib }) {
  const sm = require(lib);
  c.buildStacks(app, n, (stack, stackIndex, count) => {
    const invoker = new iam.Role(stack, 'Invoker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repository', c.IMAGE_REPOSITORY);
    const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts', c.MODEL_BUCKET);
    const image = sm.ContainerImage.fromEcrRepository(repository, c.IMAGE_TAG);

    for (let i = 0; i < count; i++) {
      const model = new sm.Model(stack, `Model${i}`, {
        containers: [{ image, modelData: sm.ModelData.fromBucket(bucket, c.modelKey(stackIndex, i)) }],
      });
      const config = new sm.EndpointConfig(stack, `Config${i}`, {
        instanceProductionVariants: [{
          variantName: c.VARIANT_NAME,
          model,
          instanceType: sm.InstanceType.of(c.INSTANCE_TYPE),
          initialInstanceCount: c.INSTANCE_COUNT,
        }],
      });
      const endpoint = new sm.Endpoint(stack, `Endpoint${i}`, { endpointConfig: config });
      const deployment = new sm.BlueGreenDeployment(stack, `Endpoint${i}Deployment`, {
        endpoint,
        trafficRouting: sm.TrafficRouting.canary({
          size: sm.CapacitySize.instances(c.CANARY_INSTANCES),
          waitInterval: cdk.Duration.seconds(c.BAKE_SECONDS),
        }),
      });
      deployment.addErrorRateAlarm({ thresholdPercent: c.ERROR_RATE_THRESHOLD * 100 });
      deployment.addLatencyAlarm({ threshold: cdk.Duration.millis(c.LATENCY_THRESHOLD_MS) });
      endpoint.grantInvoke(invoker);
    }
  });
}

module.exports = { build };
