// The canonical canary rollout: `npm run example` synthesizes this app offline (no AWS credentials) and
// prints its rollout plan. In your own app, import from 'cdk-sagemaker-endpoint' instead of '../src'.
import * as cdk from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  BlueGreenDeployment,
  CapacitySize,
  ContainerImage,
  Endpoint,
  EndpointConfig,
  InstanceType,
  Model,
  TrafficRouting,
} from '../src';

/** A model served from an ECR image by a 4-instance endpoint, rolled out canary-first with alarm rollback. */
export class CanaryRolloutStack extends cdk.Stack {
  public readonly endpoint: Endpoint;
  public readonly deployment: BlueGreenDeployment;

  constructor(scope: cdk.App, id: string, props: cdk.StackProps = {}) {
    super(scope, id, props);

    // Change the tag (or anything else about the model or config) and `cdk deploy` rolls it out as a canary.
    const repository = ecr.Repository.fromRepositoryName(this, 'Repository', 'fraud-detector');
    const model = new Model(this, 'Model', {
      containers: [{
        image: ContainerImage.fromEcrRepository(repository, 'v42'),
        environment: { SAGEMAKER_PROGRAM: 'inference.py' },
      }],
    });

    const config = new EndpointConfig(this, 'Config', {
      instanceProductionVariants: [{
        variantName: 'AllTraffic',
        model,
        instanceType: InstanceType.ML_C5_XLARGE,
        initialInstanceCount: 4,
      }],
    });

    this.endpoint = new Endpoint(this, 'Endpoint', { endpointConfig: config });

    // A canary of 25 percent of the new instances (1 of the 4, so about 25 percent of the traffic) turns on
    // first and bakes for 10 minutes while two alarms watch ONLY the new fleet; either alarm firing rolls
    // the endpoint back to the old fleet.
    this.deployment = new BlueGreenDeployment(this, 'Deployment', {
      endpoint: this.endpoint,
      trafficRouting: TrafficRouting.canary({
        size: CapacitySize.percent(25),
        waitInterval: cdk.Duration.minutes(10),
      }),
      terminationWait: cdk.Duration.minutes(5),
    });
    this.deployment.addErrorRateAlarm();
    this.deployment.addLatencyAlarm({ threshold: cdk.Duration.millis(300) });

    // A client that may invoke exactly this endpoint, and nothing else.
    const client = new lambda.Function(this, 'Client', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline([
        "const { SageMakerRuntimeClient, InvokeEndpointCommand } = require('@aws-sdk/client-sagemaker-runtime');",
        'const client = new SageMakerRuntimeClient({});',
        'exports.handler = async (event) => {',
        '  const res = await client.send(new InvokeEndpointCommand({',
        '    EndpointName: process.env.ENDPOINT_NAME, ContentType: "application/json", Body: JSON.stringify(event),',
        '  }));',
        '  return JSON.parse(Buffer.from(res.Body).toString());',
        '};',
      ].join('\n')),
      environment: { ENDPOINT_NAME: this.endpoint.endpointName },
    });
    this.endpoint.grantInvoke(client);
    // aws-cdk-lib's lambda.Function both references its role (GetAtt) and depends on it (DependsOn), which
    // cfn-lint reports as a redundant dependency (W3005); the redundancy is aws-cdk-lib's, not this app's.
    (client.node.defaultChild as cdk.CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  }
}

// synthesize only when run as the app (tests import the stack class without synthesizing it)
if (require.main === module) {
  const app = new cdk.App();
  new CanaryRolloutStack(app, 'SageMakerCanaryRollout');
  app.synth();
}
