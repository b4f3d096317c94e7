// Issue 13, finding 3: references across accounts and Regions are synth errors naming both environments
// (models used by a config, configs used by an endpoint, rollback alarms, ECR images in another Region),
// with a warning about the repository policy where only the account differs. Environment-agnostic stacks
// (tokens) are not compared.
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { BlueGreenDeployment, ContainerImage, Endpoint, EndpointConfig, IModel, Model } from '../src';

const HOME = { account: '111111111111', region: 'us-east-1' };
const OTHER_ACCOUNT = { account: '222222222222', region: 'us-east-1' };
const OTHER_REGION = { account: '111111111111', region: 'eu-west-1' };
const IMAGE = ContainerImage.fromImageUri('111111111111.dkr.ecr.us-east-1.amazonaws.com/model:1');

function stacks(otherEnv: { account: string; region: string } | undefined) {
  const app = new App();
  return { app, home: new Stack(app, 'Home', { env: HOME }), other: new Stack(app, 'Other', { env: otherEnv }) };
}

function configWith(scope: Stack, model: IModel): EndpointConfig {
  return new EndpointConfig(scope, 'Config', { instanceProductionVariants: [{ variantName: 'AllTraffic', model }] });
}

describe('a model used by a config of another environment', () => {
  test.each([
    ['account', OTHER_ACCOUNT, 'account 222222222222, Region us-east-1'],
    ['Region', OTHER_REGION, 'account 111111111111, Region eu-west-1'],
  ])('another %s is a synth error naming both environments', (_, env, shown) => {
    const { app, home, other } = stacks(env);
    configWith(home, new Model(other, 'Model', { containers: [{ image: ContainerImage.fromImageUri(`${env.account}.dkr.ecr.${env.region}.amazonaws.com/m:1`) }] }));
    expect(() => app.synth()).toThrow(`variant "AllTraffic" model must be in the endpoint config's account 111111111111, Region us-east-1, got Other/Model in ${shown} (SageMaker looks models up by name in the config's own account and Region)`);
  });

  test('a model imported by ARN of another account is a synth error', () => {
    const { app, home } = stacks(undefined);
    configWith(home, Model.fromModelArn(home, 'Imported', 'arn:aws:sagemaker:us-east-1:222222222222:model/shared-model'));
    expect(() => app.synth()).toThrow(/variant "AllTraffic" model must be in the endpoint config's account 111111111111, Region us-east-1, got Home\/Imported in account 222222222222, Region us-east-1/);
  });

  test('a model imported by name into a stack of another Region is a synth error', () => {
    const { app, home, other } = stacks(OTHER_REGION);
    configWith(home, Model.fromModelName(other, 'Imported', 'shared-model'));
    expect(() => app.synth()).toThrow(/got Other\/Imported in account 111111111111, Region eu-west-1/);
  });

  test('an environment-agnostic model stack is not compared', () => {
    const { app, home, other } = stacks(undefined);
    configWith(home, new Model(other, 'Model', { containers: [{ image: IMAGE }] }));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('a config used by an endpoint of another environment', () => {
  test('is a synth error naming both environments', () => {
    const { app, home, other } = stacks(OTHER_REGION);
    const config = configWith(other, Model.fromModelName(other, 'M', 'm'));
    new Endpoint(home, 'Endpoint', { endpointConfig: config });
    expect(() => app.synth()).toThrow('endpointConfig must be in the endpoint\'s account 111111111111, Region us-east-1, got Other/Config in account 111111111111, Region eu-west-1 (SageMaker looks the config up by name in the endpoint\'s account and Region)');
  });

  test('an imported config ARN of another account is a synth error', () => {
    const { app, home } = stacks(undefined);
    new Endpoint(home, 'Endpoint', { endpointConfig: EndpointConfig.fromEndpointConfigArn(home, 'C', 'arn:aws:sagemaker:us-east-1:222222222222:endpoint-config/c') });
    expect(() => app.synth()).toThrow(/endpointConfig must be in the endpoint's account 111111111111, Region us-east-1, got Home\/C in account 222222222222, Region us-east-1/);
  });
});

describe('a rollback alarm of another environment', () => {
  test.each([
    ['account', 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:errors', 'account 222222222222, Region us-east-1'],
    ['Region', 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:errors', 'account 111111111111, Region eu-west-1'],
  ])('in another %s is a synth error (the config keeps only its name)', (_, arn, shown) => {
    const { app, home } = stacks(undefined);
    const endpoint = new Endpoint(home, 'Endpoint', { endpointConfig: configWith(home, Model.fromModelName(home, 'M', 'm')) });
    const deployment = new BlueGreenDeployment(home, 'Deployment', { endpoint });
    deployment.addAlarm(cloudwatch.Alarm.fromAlarmArn(home, 'Remote', arn));
    expect(() => app.synth()).toThrow(`rollback alarm must be in the endpoint's account 111111111111, Region us-east-1, got Home/Remote in ${shown} (AutoRollbackConfiguration keeps only the alarm name, so the alarm would watch nothing)`);
  });
});

describe('container images from ECR', () => {
  test('an image URI of a repository in another Region is an error naming both', () => {
    const { home } = stacks(undefined);
    expect(() => new Model(home, 'Model', { containers: [{ image: ContainerImage.fromImageUri('111111111111.dkr.ecr.eu-west-1.amazonaws.com/model:1') }] }))
      .toThrow('Home/Model: container image repository must be in the model\'s Region (account 111111111111, Region us-east-1), got "111111111111.dkr.ecr.eu-west-1.amazonaws.com/model:1" in account 111111111111, Region eu-west-1; replicate the image to us-east-1 (ECR replication) and use that repository');
  });

  test('a repository of another Region (fromRepositoryArn) is an error', () => {
    const { home } = stacks(undefined);
    const repo = ecr.Repository.fromRepositoryArn(home, 'Repo', 'arn:aws:ecr:eu-west-1:111111111111:repository/model');
    expect(() => new Model(home, 'Model', { containers: [{ image: ContainerImage.fromEcrRepository(repo, 'v1') }] }))
      .toThrow(/container image repository must be in the model's Region \(account 111111111111, Region us-east-1\), got Home\/Repo in account 111111111111, Region eu-west-1/);
  });

  test('a repository of another account in the same Region warns about the repository policy', () => {
    const { home } = stacks(undefined);
    new Model(home, 'Model', { containers: [{ image: ContainerImage.fromImageUri('222222222222.dkr.ecr.us-east-1.amazonaws.com/model:1') }] });
    Annotations.fromStack(home).hasWarning('/Home/Model',
      'container image repository "222222222222.dkr.ecr.us-east-1.amazonaws.com/model:1" is in account 222222222222, Region us-east-1, the model in account 111111111111, Region us-east-1: the repository policy must allow the model\'s execution role to pull (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability) [ack: cdk-sagemaker-endpoint:crossAccountImage]');
  });

  test('an environment-agnostic stack compares nothing', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new Model(stack, 'Model', { containers: [{ image: ContainerImage.fromImageUri('111111111111.dkr.ecr.eu-west-1.amazonaws.com/model:1') }] });
    Template.fromStack(stack).resourceCountIs('AWS::SageMaker::Model', 1);
  });
});
