import * as path from 'path';
import { ArnFormat, CfnResource, Duration, RemovalPolicy, Stack, aws_iam as iam, aws_lambda as lambda, aws_logs as logs, aws_s3_assets as s3_assets, cx_api as cxapi, FeatureFlags } from 'aws-cdk-lib';
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

  public readonly function: lambda.CfnFunction;
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
    // the resources lambda.Function renders (same paths, logical IDs, properties, asset and DependsOn),
    // written as L1s: the L2 and the modules it loads were a fixed cost of every synth (docs/benchmarks.md)
    const holder = new Construct(this, 'Function');
    const code = new s3_assets.Asset(holder, 'Code', { path: HANDLER_DIR });
    this.function = new lambda.CfnFunction(holder, 'Resource', {
      code: { s3Bucket: code.s3BucketName, s3Key: code.s3ObjectKey },
      description: 'cdk-sagemaker-endpoint verify-rollout: DescribeEndpoint after every endpoint update',
      functionName: names.functionName,
      handler: 'index.handler',
      memorySize: 128,
      role: this.role.roleArn,
      runtime: lambda.determineLatestNodeRuntime(this).name,
      timeout: Duration.minutes(10).toSeconds(),
    });
    code.addResourceMetadata(this.function, 'Code');
    if (FeatureFlags.of(this).isEnabled(cxapi.USE_CDK_MANAGED_LAMBDA_LOGGROUP)) {
      // the log group lambda.Function creates under this flag: logs.LogGroup's defaults (two years, retained)
      const logGroup = new logs.CfnLogGroup(new Construct(holder, 'LogGroup'), 'Resource', {
        logGroupName: `/aws/lambda/${this.function.ref}`,
        retentionInDays: logs.RetentionDays.TWO_YEARS,
      });
      logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    // the function runs only after its role can write its logs and describe the endpoints: on the role and on
    // every policy resource of it (DefaultPolicy, and the OverflowPolicies iam.Role splits a large one into),
    // found when dependencies are resolved, as lambda.Function does
    this.function.node.addDependency(this.role);
    // that DependsOn on the role is redundant next to the Fn::GetAtt of its ARN, which cfn-lint reports (W3005);
    // acknowledge it on this resource only instead of ignoring the check for every template
    this.function.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  }

  /**
   * Adds a check of `endpoint` after each of its updates; `configName` is the config this deployment renders.
   * The check lives next to the endpoint (in its stack: a deployment in another stack would otherwise make a
   * dependency cycle with the alarms the endpoint waits for).
   */
  public verify(endpoint: EndpointBase, configName: string): CfnResource {
    this.allowDescribe(endpoint.endpointArn);
    markVerified(endpoint);
    endpoint.grants._rolloutVerified();
    // the resource CustomResource renders (same path, logical ID and template), written as the L1 it wraps:
    // the L2 cost a quarter of a millisecond per endpoint and adds nothing this check uses
    const holder = new Construct(endpoint, 'VerifyRollout');
    const resource = new CfnResource(holder, 'Default', {
      type: VERIFY_ROLLOUT_TYPE,
      properties: {
        ServiceToken: this.function.attrArn,
        EndpointName: endpoint.endpointName,
        // a new config name is a new rollout: CloudFormation then sends an Update and the check runs again
        EndpointConfigName: configName,
      },
    });
    resource.applyRemovalPolicy(RemovalPolicy.DESTROY, { default: RemovalPolicy.DESTROY });
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
