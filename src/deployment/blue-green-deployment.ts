import { Annotations, Duration, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DeploymentPlan } from './deployment-plan';
import { DeploymentStrategy } from './deployment-strategy';
import { EndpointDeployment, EndpointDeploymentProps } from './endpoint-deployment';
import { TrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import { Fleet } from '../endpoint/private/fleet';
import { CANARY_SIZE_RULE, capacityProblems, LINEAR_STEP_RULE } from '../private/plan-checks';
import { validateNumber } from '../private/validation';
import { checkExclusions, throwFirst } from './private/guardrails';

/** Properties of a {@link BlueGreenDeployment}. */
export interface BlueGreenDeploymentProps extends EndpointDeploymentProps {
  /**
   * How traffic moves from the old fleet to the new one.
   *
   * @default TrafficRouting.allAtOnce() - all traffic at once, no bake
   */
  readonly trafficRouting?: TrafficRouting;

  /**
   * How long SageMaker waits after the deployment completes (all traffic moved and the last bake ended)
   * before it terminates the old fleet (API_BlueGreenUpdatePolicy). 0-1 hour.
   *
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;
}

/**
 * A blue/green deployment for an endpoint: on every endpoint-config change, SageMaker provisions a new
 * (green) fleet next to the old (blue) one, shifts traffic all at once, as a canary or in linear steps,
 * bakes while watching the rollback alarms, and terminates the old fleet only when all is well.
 *
 * Renders the endpoint's `DeploymentConfig.BlueGreenUpdatePolicy` (and `AutoRollbackConfiguration` when
 * there are alarms) lazily, so alarms added later count. At peak the endpoint runs two fleets: see
 * `plan.peakInstanceCount`, and prefer a {@link RollingDeployment} for scarce instance types.
 *
 * @example
 * declare const endpoint: sm.Endpoint;
 * const deployment = new sm.BlueGreenDeployment(this, 'Deployment', {
 *   endpoint,
 *   trafficRouting: sm.TrafficRouting.canary({ size: sm.CapacitySize.percent(10), waitInterval: Duration.minutes(10) }),
 * });
 * deployment.addErrorRateAlarm();
 * deployment.addLatencyAlarm({ threshold: Duration.millis(500) });
 */
export class BlueGreenDeployment extends EndpointDeployment {
  /** The traffic routing. */
  public readonly trafficRouting: TrafficRouting;

  /** The wait before the old fleet is terminated. */
  public readonly terminationWait: Duration;

  private readonly routing: TrafficRoutingConfig;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id, props);
    this.trafficRouting = props.trafficRouting ?? TrafficRouting.allAtOnce();
    this.routing = this.trafficRouting.bind();
    this.terminationWait = props.terminationWait ?? Duration.seconds(0);

    validateNumber(this, 'trafficRouting waitInterval', this.routing.waitInterval.toSeconds(), { min: 0, max: 3600, unit: 'seconds' });
    validateNumber(this, 'terminationWait', this.terminationWait.toSeconds({ integral: false }), { min: 0, max: 3600, unit: 'seconds' });
    this._validateTimeout();
    // a percentage out of range is wrong in itself (a routing not built by TrafficRouting.canary/linear): throw now
    throwFirst(this, [
      ...(this.routing.canarySize ? capacityProblems('trafficRouting canary size', this.routing.canarySize, CANARY_SIZE_RULE, []) : []),
      ...(this.routing.linearStepSize ? capacityProblems('trafficRouting linear step size', this.routing.linearStepSize, LINEAR_STEP_RULE, []) : []),
    ]);

    this._attach(props.alarms);
  }

  /**
   * The rollout timeline for the endpoint's current fleet: steps, waits, worst-case duration and peak
   * instance count (blue/green runs the old and the new fleet side by side).
   *
   * Each variant is planned with its instance count; where autoscaling is attached this is the plan at the
   * autoscaling minimum and `plan.atMaximum` the plan at the maximum. For an imported endpoint config the size
   * is unknown and the plan assumes 1 instance.
   */
  public get plan(): DeploymentPlan {
    return this._wrapPlan(() => DeploymentPlan.blueGreen({
      trafficRouting: this.trafficRouting,
      ...this._planFleet(),
      terminationWait: this.terminationWait,
      maximumExecutionTimeout: this._givenTimeout,
    }));
  }

  /** @internal */
  protected _dependsOnFleetSize(): boolean {
    // a linear rollout takes one step per step size of the fleet, by instance count or by percentage (a percentage
    // turns on whole instances, so a small fleet takes fewer steps than 100/percent); a canary always takes two
    return this.routing.linearStepSize !== undefined;
  }

  /** @internal */
  protected _bakeSeconds(): number {
    return this.routing.waitInterval.toSeconds();
  }

  /** @internal */
  protected _renderUpdatePolicy(): sagemaker.CfnEndpoint.DeploymentConfigProperty {
    return { blueGreenUpdatePolicy: this.renderPolicy() };
  }

  /** @internal */
  protected _checkFleet(fleet: Fleet): string[] {
    // a shadow takes no traffic: canaries and steps are sized on the production variants
    const production = fleet.variants.filter(v => !v.shadow);
    const messages = [
      ...checkExclusions('trafficRouting', fleet, this.routing.type),
      ...(this.routing.canarySize ? capacityProblems('trafficRouting canary size', this.routing.canarySize, CANARY_SIZE_RULE, production) : []),
      ...(this.routing.linearStepSize ? capacityProblems('trafficRouting linear step size', this.routing.linearStepSize, LINEAR_STEP_RULE, production) : []),
    ];
    if (this.routing.type === DeploymentStrategy.ALL_AT_ONCE && this.routing.waitInterval.toSeconds() > 0) {
      const inf1 = fleet.variants.find(v => v.instanceType?.isInf1());
      if (inf1) {
        Annotations.of(this).addWarningV2('cdk-sagemaker-endpoint:guardrailsNotApplied',
          `variant "${inf1.variantName}" runs on ${inf1.instanceType!.toString()}: SageMaker does not run deployment guardrails on Inf1 instances, so the ${this.routing.waitInterval.toHumanString()} bake and the rollback alarms are ignored`);
      }
    }
    return messages;
  }

  private renderPolicy() {
    const r = this.routing;
    return {
      trafficRoutingConfiguration: {
        type: r.type,
        waitIntervalInSeconds: r.waitInterval.toSeconds(),
        canarySize: r.canarySize ? { type: r.canarySize.type, value: r.canarySize.value } : undefined,
        linearStepSize: r.linearStepSize ? { type: r.linearStepSize.type, value: r.linearStepSize.value } : undefined,
      },
      terminationWaitInSeconds: this.terminationWait.toSeconds(),
      maximumExecutionTimeoutInSeconds: (this._givenTimeout ?? this._tryPlan()?.maximumExecutionTimeout)?.toSeconds(),
    };
  }
}
