// Shared GIVEN helpers for the endpoint, grants, metrics and autoscaling suites.
import { App, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { Endpoint, EndpointProps } from '../src/endpoint';
import { EndpointDeploymentBinding } from '../src/endpoint/deployment-binding';
import { EndpointConfig, EndpointConfigProps, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const IMAGE_URI = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/model:1`;

/** A stack with a fixed environment so names and ARNs are literal. */
export function newStack(id = 'Stack'): Stack {
  const app = new App();
  return new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
}

/** A model with one container image. */
export function newModel(scope: Construct, id = 'Model'): Model {
  return new Model(scope, id, { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
}

export interface ConfigOptions {
  readonly id?: string;
  readonly instanceType?: InstanceType;
  readonly instanceCount?: number;
  readonly serverless?: boolean;
  readonly props?: Partial<EndpointConfigProps>;
}

/** A one-variant (`AllTraffic`) config of this library. */
export function newConfig(scope: Construct, options: ConfigOptions = {}): EndpointConfig {
  const model = newModel(scope, `${options.id ?? 'Config'}Model`);
  if (options.serverless) {
    return new EndpointConfig(scope, options.id ?? 'Config', {
      serverlessProductionVariant: { variantName: 'AllTraffic', model, memorySize: Size.gibibytes(2), maxConcurrency: 5 },
      ...options.props,
    });
  }
  return new EndpointConfig(scope, options.id ?? 'Config', {
    instanceProductionVariants: [{
      variantName: 'AllTraffic',
      model,
      instanceType: options.instanceType ?? InstanceType.ML_M5_LARGE,
      initialInstanceCount: options.instanceCount ?? 2,
    }],
    ...options.props,
  });
}

/** An endpoint on a fresh one-variant config. */
export function newEndpoint(scope: Construct, props: Partial<EndpointProps> = {}, options: ConfigOptions = {}): Endpoint {
  const endpointConfig = props.endpointConfig ?? newConfig(scope, options);
  return new Endpoint(scope, 'Endpoint', { ...props, endpointConfig });
}

/** A stand-in for BlueGreenDeployment/RollingDeployment: renders a fixed config and owns some alarms. */
export function attachFakeDeployment(endpoint: Endpoint, alarmNames: string[] = ['rollback-alarm']): { alarms: cloudwatch.IAlarm[]; binding: EndpointDeploymentBinding } {
  const construct = new Construct(endpoint.stack, `FakeDeployment${endpoint.node.id}`);
  const alarms: cloudwatch.IAlarm[] = alarmNames.map((alarmName, i) => new cloudwatch.Alarm(construct, `Alarm${i}`, {
    alarmName,
    metric: endpoint.variant('AllTraffic').metricInvocation5XXErrors(),
    threshold: 1,
    evaluationPeriods: 1,
  }));
  const binding: EndpointDeploymentBinding = {
    construct,
    renderDeploymentConfig: () => ({
      blueGreenUpdatePolicy: {
        trafficRoutingConfiguration: { type: 'ALL_AT_ONCE', waitIntervalInSeconds: 600 },
      },
      autoRollbackConfiguration: { alarms: alarms.map(a => ({ alarmName: a.alarmName })) },
    }),
    rollbackAlarms: () => alarms,
  };
  endpoint._attachDeployment(binding);
  alarms.forEach(a => endpoint._addRollbackAlarm(a));
  return { alarms, binding };
}
