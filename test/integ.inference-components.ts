// Integration snapshot: an LLM on ml.g5.12xlarge hosted as inference components: a base model with 2-4 copies
// (2 GPUs each, autoscaled on invocations per copy) rolled out one copy at a time behind error-rate and latency
// alarms, a LoRA adapter on it, an embeddings model that scales to zero copies (and the fleet to zero instances),
// and an API Gateway + Lambda in front that invokes the adapter by its InferenceComponentName.
// Snapshot only: `npx integ-runner --language typescript --update-on-failed --dry-run integ.inference-components.js`.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnResource, Duration, Size, Stack, aws_apigateway as apigateway, aws_lambda as lambda, aws_s3 as s3 } from 'aws-cdk-lib';
import { CapacitySize, InferenceComponentRollingDeployment } from '../src/deployment';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType, RoutingStrategy } from '../src/endpoint-config';
import { ComponentSpecification, InferenceComponent } from '../src/inference-component';
import { ContainerImage, ModelData } from '../src/model';

const app = new App();
const stack = new Stack(app, 'SageMakerInferenceComponents');
const artifacts = s3.Bucket.fromBucketName(stack, 'Artifacts', 'llm-artifacts-123456789012');

const config = new EndpointConfig(stack, 'Config', {
  componentHostingVariants: [{
    variantName: 'AllTraffic',
    instanceType: InstanceType.ML_G5_12XLARGE,
    initialInstanceCount: 1,
    managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 3 },
    routingStrategy: RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
  }],
});
const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm-components' });

const base = new InferenceComponent(stack, 'Base', {
  endpoint,
  specification: ComponentSpecification.fromContainer({
    image: ContainerImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi2.3.1-gpu-py311-cu124-ubuntu22.04'),
    modelData: ModelData.fromBucket(artifacts, 'llm/model.tar.gz'),
    environment: { SM_NUM_GPUS: '2' },
  }),
  numberOfAcceleratorDevicesRequired: 2,
  numberOfCpuCoresRequired: 8,
  minMemoryRequired: Size.gibibytes(32),
  modelDataDownloadTimeout: Duration.minutes(30),
  containerStartupHealthCheckTimeout: Duration.minutes(15),
  initialCopyCount: 2,
});
const adapter = new InferenceComponent(stack, 'Adapter', {
  endpoint,
  specification: ComponentSpecification.adapter(ModelData.fromBucket(artifacts, 'lora/support-bot.tar.gz')),
  baseComponent: base,
});

base.autoScaleCopyCount({ minCapacity: 2, maxCapacity: 4 })
  .scaleOnInvocationsPerCopy('InvocationsPerCopy', { targetInvocationsPerCopy: 5 });

// an embeddings model that scales to zero copies: the step policy and the NoCapacityInvocationFailures alarm that
// wake it come with minCapacity: 0 (a component that can be at 0 or 1 copy cannot take a rolling update)
const embeddings = new InferenceComponent(stack, 'Embeddings', {
  endpoint,
  specification: ComponentSpecification.fromContainer({
    image: ContainerImage.fromImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04'),
    modelData: ModelData.fromBucket(artifacts, 'embeddings/model.tar.gz'),
  }),
  numberOfAcceleratorDevicesRequired: 1,
  minMemoryRequired: Size.gibibytes(8),
});
embeddings.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 })
  .scaleOnInvocationsPerCopy('InvocationsPerCopy', { targetInvocationsPerCopy: 1 });

const rollout = new InferenceComponentRollingDeployment(stack, 'BaseRollout', {
  component: base,
  maximumBatchSize: CapacitySize.copies(1),
  waitInterval: Duration.minutes(10),
});
rollout.addErrorRateAlarm({ thresholdPercent: 2 });
rollout.addLatencyAlarm({ threshold: Duration.seconds(20) });

// the API: a Lambda that invokes the adapter (InvokeEndpoint needs the InferenceComponentName header)
const handler = new lambda.Function(stack, 'Client', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  environment: { ENDPOINT_NAME: endpoint.endpointName, COMPONENT_NAME: adapter.inferenceComponentName },
  code: lambda.Code.fromInline([
    "const { SageMakerRuntimeClient, InvokeEndpointCommand } = require('@aws-sdk/client-sagemaker-runtime');",
    'const client = new SageMakerRuntimeClient({});',
    'exports.handler = async (event) => {',
    '  const out = await client.send(new InvokeEndpointCommand({',
    '    EndpointName: process.env.ENDPOINT_NAME, InferenceComponentName: process.env.COMPONENT_NAME,',
    "    ContentType: 'application/json', Body: event.body,",
    '  }));',
    '  return { statusCode: 200, body: Buffer.from(out.Body).toString() };',
    '};',
  ].join('\n')),
});
adapter.grantInvoke(handler);
// aws-cdk-lib's lambda.Function both references its role (GetAtt) and depends on it (DependsOn), which cfn-lint
// reports as a redundant dependency (W3005); the redundancy is aws-cdk-lib's, not this app's
(handler.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
new apigateway.LambdaRestApi(stack, 'Api', { handler });

const integ = new IntegTest(app, 'InferenceComponentsTest', {
  testCases: [stack],
  stackUpdateWorkflow: false,
});

// after a deploy, both components are in service on the endpoint
integ.assertions
  .awsApiCall('SageMaker', 'describeInferenceComponent', { InferenceComponentName: adapter.inferenceComponentName })
  .expect(ExpectedResult.objectLike({ InferenceComponentStatus: 'InService', EndpointName: endpoint.endpointName }));
