import * as cdk from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'SageMakerEndpointExample');
new sagemaker.CfnModel(stack, 'Model', {
  executionRoleArn: 'arn:aws:iam::123456789012:role/example',
  primaryContainer: { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/example:1' },
});
app.synth();
