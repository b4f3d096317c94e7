import { Lazy, PropertyInjectors, Resource, Stack, Tokenization, DefaultTokenResolver, StringConcat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, DependencyGroup, IConstruct } from 'constructs';

/** Properties of a role that an AWS service assumes. */
export interface ServiceRoleProps {
  /** The service principal, for example `sagemaker.amazonaws.com`. */
  readonly service: string;
  /** The role's description. */
  readonly description: string;
}

/** The size above which `iam.Role` moves statements into managed policies; the role policy limit of IAM. */
const MAX_INLINE_POLICY_SIZE = 10_240;
/** Below this many statements a policy cannot reach {@link MAX_INLINE_POLICY_SIZE}, so it is not measured. */
const STATEMENTS_WORTH_MEASURING = 20;

/**
 * Creates the execution role of a model, an endpoint config or the rollout check's function.
 *
 * Normally a {@link ServiceRole}: the CloudFormation resources `iam.Role` would write (an
 * `AWS::IAM::Role`, and its `DefaultPolicy` once a statement is added), under the same construct paths,
 * so the same logical IDs, template and cdk-nag paths, at a fraction of the synth cost (the L2 role and
 * policy were the largest share of this library's synth time over raw CloudFormation resources:
 * `docs/benchmarks.md`).
 *
 * An `iam.Role` where the app relies on what only the L2 role does: `iam.Role.customizeRoles()`
 * (pre-created roles) and property injectors registered for `iam.Role`.
 */
export function newServiceRole(scope: Construct, id: string, props: ServiceRoleProps): iam.IRole {
  if (needsL2Role(scope)) {
    return new iam.Role(scope, id, {
      assumedBy: new iam.ServicePrincipal(props.service),
      description: props.description,
    });
  }
  return new ServiceRole(scope, id, props);
}

/** The context key `iam.Role.customizeRoles()` sets (aws-cdk-lib `CUSTOMIZE_ROLES_CONTEXT_KEY`). */
const CUSTOMIZE_ROLES_CONTEXT_KEY = '@aws-cdk/iam:customizeRoles';

function needsL2Role(scope: IConstruct): boolean {
  if (scope.node.tryGetContext(CUSTOMIZE_ROLES_CONTEXT_KEY) !== undefined) {
    return true;
  }
  for (let s: IConstruct | undefined = scope; s !== undefined; s = s.node.scope) {
    if (PropertyInjectors.hasPropertyInjectors(s) && PropertyInjectors.of(s).for(iam.Role.PROPERTY_INJECTION_ID) !== undefined) {
      return true;
    }
  }
  return false;
}

/**
 * An IAM role that a service assumes, rendered as the resources `iam.Role` renders: the same
 * `AWS::IAM::Role` (assume-role policy, description) at `<id>/Resource`, and the same
 * `AWS::IAM::Policy` at `<id>/DefaultPolicy/Resource` (named as `iam.Policy` names it, attached to the role)
 * once the first statement is added.
 *
 * What it leaves out of `iam.Role`: splitting a policy above IAM's 10,240-character limit into managed
 * policies (a policy that large is a synth error here, asking for a role of your own), `withoutPolicyUpdates`,
 * and `iam.Role.isRole` (false). `newServiceRole` returns an `iam.Role` where pre-created roles or property
 * injectors need the L2.
 */
export class ServiceRole extends Resource implements iam.IRole {
  public readonly assumeRoleAction = 'sts:AssumeRole';
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly principalAccount: string | undefined = this.env.account;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly policyFragment: iam.PrincipalPolicyFragment;

  private readonly resource: iam.CfnRole;
  private readonly managedPolicies: iam.IManagedPolicy[] = [];
  private document?: iam.PolicyDocument;
  private defaultPolicy?: iam.CfnPolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const assumeRolePolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [new iam.ServicePrincipal(props.service)],
      })],
    });
    this.resource = new iam.CfnRole(this, 'Resource', {
      assumeRolePolicyDocument: assumeRolePolicy,
      managedPolicyArns: Lazy.list({ produce: () => this.managedPolicies.map(p => p.managedPolicyArn) }, { omitEmpty: true }),
      description: props.description,
    });
    // one token each, like iam.Role's getters would give per read (they resolve to the same values)
    this.roleArn = this.getResourceArnAttribute(this.resource.attrArn, {
      region: '',
      service: 'iam',
      resource: 'role',
      resourceName: this.physicalName,
    });
    this.roleName = this.getResourceNameAttribute(this.resource.ref);
    this.policyFragment = new iam.ArnPrincipal(this.roleArn).policyFragment;
    this.node.addValidation({ validate: () => this.validatePolicySize() });
  }

  /** The role's reference (name and ARN). */
  public get roleRef(): iam.RoleReference {
    return { roleName: this.roleName, roleArn: this.roleArn };
  }

  /**
   * Adds a statement to the role's `DefaultPolicy`, creating it with the first statement.
   *
   * @param statement the statement
   */
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.defaultDocument().addStatements(statement);
    return { statementAdded: true, policyDependable: new DependencyGroup(this.defaultPolicy!) };
  }

  /**
   * Adds a statement to the role's `DefaultPolicy`.
   *
   * @param statement the statement
   */
  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  /**
   * Attaches a policy to this role.
   *
   * @param policy the policy
   */
  public attachInlinePolicy(policy: iam.Policy): void {
    policy.attachToRole(this);
  }

  /**
   * Attaches a managed policy to this role.
   *
   * @param policy the managed policy
   */
  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    if (!this.managedPolicies.some(p => p.managedPolicyArn === policy.managedPolicyArn)) {
      this.managedPolicies.push(policy);
    }
  }

  /**
   * Grants the actions on this role to a principal.
   *
   * @param grantee the principal
   * @param actions the actions
   */
  public grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.roleArn] });
  }

  /**
   * Grants `iam:PassRole` on this role.
   *
   * @param grantee the principal
   */
  public grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return iam.RoleGrants.fromRole(this).passRole(grantee);
  }

  /**
   * Grants `sts:AssumeRole` on this role.
   *
   * @param grantee the principal
   */
  public grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return iam.RoleGrants.fromRole(this).assumeRole(grantee);
  }

  private defaultDocument(): iam.PolicyDocument {
    if (!this.document) {
      const document = new iam.PolicyDocument();
      const holder = new Construct(this, 'DefaultPolicy');
      const policy: iam.CfnPolicy = new iam.CfnPolicy(holder, 'Resource', {
        policyDocument: document,
        // the name iam.Policy gives: the last 128 characters of the policy's logical ID
        policyName: Lazy.string({ produce: (): string => policyNameOf(policy) }),
        roles: [this.roleName],
      });
      this.document = document;
      this.defaultPolicy = policy;
    }
    return this.document;
  }

  private validatePolicySize(): string[] {
    const document = this.document;
    if (!document || document.statementCount < STATEMENTS_WORTH_MEASURING) {
      return document ? document.validateForIdentityPolicy() : [];
    }
    const size = JSON.stringify(Stack.of(this).resolve(document)).length;
    const errors = document.validateForIdentityPolicy();
    if (size > MAX_INLINE_POLICY_SIZE) {
      errors.push(`the policy of the role this library created must be at most ${MAX_INLINE_POLICY_SIZE} characters (IAM's limit for a role's policies; iam.Role would split it into managed policies, this role does not), got ${size}; pass a role of your own (an iam.Role) instead`);
    }
    return errors;
  }
}

function policyNameOf(policy: iam.CfnPolicy): string {
  const logicalId: string = Tokenization.resolve(policy.logicalId, {
    scope: policy,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
  return logicalId.substring(Math.max(logicalId.length - 128, 0));
}
