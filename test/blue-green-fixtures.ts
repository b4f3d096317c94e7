// Shared GIVEN helpers for test/blue-green-deployment.test.ts and test/rolling-deployment.test.ts.
import { App, Size, Stack } from 'aws-cdk-lib';
import { Endpoint } from '../src/endpoint';
import { EndpointConfig, InstanceType } from '../src/endpoint-config';
import { ContainerImage, Model } from '../src/model';

export const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1';

/** A stack with a fixed environment so names and ARNs are literal. */
export function newStack(): Stack {
  const app = new App();
  return new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

export interface FixtureOptions {
  readonly instanceCount?: number;
  readonly instanceType?: InstanceType;
  readonly variantName?: string;
  readonly secondVariant?: boolean;
  readonly serverless?: boolean;
}

/** An endpoint on a one-variant (or two-variant, or serverless) config of this library. */
export function newEndpoint(stack: Stack, options: FixtureOptions = {}): { endpoint: Endpoint; config: EndpointConfig; model: Model } {
  const model = new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri(IMAGE_URI) }] });
  const variantName = options.variantName ?? 'AllTraffic';
  const config = options.serverless
    ? new EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName, model, memorySize: Size.gibibytes(2), maxConcurrency: 5 },
    })
    : new EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{
        variantName,
        model,
        instanceType: options.instanceType ?? InstanceType.ML_M5_LARGE,
        initialInstanceCount: options.instanceCount ?? 4,
      }],
    });
  if (options.secondVariant) {
    config.addInstanceProductionVariant({ variantName: 'Challenger', model, instanceType: InstanceType.ML_M5_LARGE, initialInstanceCount: 2 });
  }
  const endpoint = new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'my-endpoint' });
  return { endpoint, config, model };
}
