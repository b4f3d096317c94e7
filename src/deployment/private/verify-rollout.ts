import * as path from 'path';
import { ArnFormat, CustomResource, Duration, Stack, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { EndpointBase } from '../../endpoint/endpoint-base';
import { markVerified, VERIFY_ROLLOUT_TYPE, verifyRolloutNames } from '../../private/verify-rollout-names';

/** The construct id of the per-stack provider (one Lambda function and role per stack). */
export const VERIFY_ROLLOUT_PROVIDER_ID = 'CdkSageMakerEndpointVerifyRollout';


/**
 * Endpoint ARNs per DescribeEndpoint statement of the provider's role. An endpoint ARN is at most about 140
 * characters (a 63-character name), so 25 of them stay below 3,600 characters.
 */
const DESCRIBE_ENDPOINTS_PER_STATEMENT = 25;

/** The handler's folder, at the package root (same depth from src/ and lib/, published with the package). */
const HANDLER_DIR = path.join(__dirname, '..', '..', '..', 'assets', 'verify-rollout');

/**
 * The per-stack Lambda function that answers every verify-rollout custom resource of the stack: DescribeEndpoint
 * on exactly the endpoints it checks, and its own log group.
 */
export class VerifyRolloutProvider extends Construct {
  /** The provider of the stack of `scope`, created on first use. */
  public static of(scope: IConstruct): VerifyRolloutProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(VERIFY_ROLLOUT_PROVIDER_ID);
    return existing instanceof VerifyRolloutProvider ? existing : new VerifyRolloutProvider(stack, VERIFY_ROLLOUT_PROVIDER_ID);
  }

  public readonly function: lambda.Function;
  private readonly role: iam.Role;
  /** The DescribeEndpoint statement endpoints are added to, and how many ARNs it holds. */
  private describe?: { statement: iam.PolicyStatement; endpoints: number };

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const names = verifyRolloutNames(this);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      roleName: names.roleName,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-sagemaker-endpoint: checks that endpoint updates ended InService on the deployed config',
    });
    // its own log group only (no AWSLambdaBasicExecutionRole: that managed policy allows every log group)
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/lambda/${names.functionName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroupArn, `${logGroupArn}:*`],
    }));
    // before it fails a check, the handler reads its own stack's status so that it never blocks a rollback
    // (see assets/verify-rollout/index.js): DescribeStacks on this stack only
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks'],
      resources: [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*` })],
    }));
    this.function = new lambda.Function(this, 'Function', {
      functionName: names.functionName,
      runtime: lambda.determineLatestNodeRuntime(this),
      handler: 'index.handler',
      code: lambda.Code.fromAsset(HANDLER_DIR),
      timeout: Duration.minutes(10),
      memorySize: 128,
      role: this.role,
      description: 'cdk-sagemaker-endpoint verify-rollout: DescribeEndpoint after every endpoint update',
    });
    // lambda.Function adds a DependsOn on its role next to the Fn::GetAtt of the role's ARN, which cfn-lint
    // reports as a redundant dependency (W3005); the redundancy is aws-cdk-lib's, so acknowledge it on this
    // resource only instead of ignoring the check for every template
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  }

  /**
   * Adds a check of `endpoint` after each of its updates; `configName` is the config this deployment renders.
   * The check lives next to the endpoint (in its stack: a deployment in another stack would otherwise make a
   * dependency cycle with the alarms the endpoint waits for).
   */
  public verify(endpoint: EndpointBase, configName: string): CustomResource {
    this.allowDescribe(endpoint.endpointArn);
    markVerified(endpoint);
    endpoint.grants._rolloutVerified();
    const resource = new CustomResource(endpoint, 'VerifyRollout', {
      serviceToken: this.function.functionArn,
      resourceType: VERIFY_ROLLOUT_TYPE,
      properties: {
        EndpointName: endpoint.endpointName,
        // a new config name is a new rollout: CloudFormation then sends an Update and the check runs again
        EndpointConfigName: configName,
      },
    });
    // the endpoint's L1: for an endpoint adopted with Endpoint.fromCfnEndpoint the Endpoint construct is a child
    // of its CfnEndpoint and has no resource of its own, so depending on the construct would order nothing
    resource.node.addDependency(endpoint.node.defaultChild ?? endpoint);
    // The DescribeEndpoint permission must exist before CloudFormation invokes the check. No DependsOn on the
    // role here: ServiceToken's Fn::GetAtt makes the check wait for the function, and lambda.Function depends
    // on its role and every policy resource of it (DefaultPolicy and the OverflowPolicies it is split into),
    // where this statement lives. Listing them again on each check only repeated them per endpoint.
    return resource;
  }

  /**
   * DescribeEndpoint on exactly `endpointArn`. Endpoints share a statement (its Action and Effect are written
   * once instead of once per endpoint), up to DESCRIBE_ENDPOINTS_PER_STATEMENT of them, so that each statement
   * stays far below the 6,144 characters of a managed policy: aws-cdk-lib moves whole statements into
   * OverflowPolicy managed policies when the DefaultPolicy grows past the inline limit, and cannot split one.
   */
  private allowDescribe(endpointArn: string): void {
    if (this.describe && this.describe.endpoints < DESCRIBE_ENDPOINTS_PER_STATEMENT) {
      this.describe.statement.addResources(endpointArn);
      this.describe.endpoints++;
      return;
    }
    const statement = new iam.PolicyStatement({ actions: ['sagemaker:DescribeEndpoint'], resources: [endpointArn] });
    this.role.addToPrincipalPolicy(statement);
    this.describe = { statement, endpoints: 1 };
  }
}
