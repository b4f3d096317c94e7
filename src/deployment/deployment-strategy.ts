/**
 * The kind of rollout, one name for it across the library: the traffic routing of a blue/green deployment
 * (`TrafficRouting.allAtOnce/canary/linear`), a `RollingDeployment`, and the `strategy` of a `DeploymentPlan`.
 *
 * The first three render CloudFormation's `BlueGreenUpdatePolicy` (a whole new fleet beside the old one), the
 * last its `RollingUpdatePolicy` (the fleet replaced batch by batch): docs/deployments.md.
 */
export enum DeploymentStrategy {
  /** Blue/green: all traffic moves to the new fleet at once, then one bake. */
  ALL_AT_ONCE = 'ALL_AT_ONCE',
  /** Blue/green: a canary batch of the new fleet's instances, a bake, then the rest, then a final bake. */
  CANARY = 'CANARY',
  /** Blue/green: equal batches of the new fleet's instances, each followed by a bake. */
  LINEAR = 'LINEAR',
  /** Rolling: the fleet replaced batch by batch, each batch followed by a bake. */
  ROLLING = 'ROLLING',
}

/** The word messages use for a strategy (`all-at-once`, `canary`, `linear`, `rolling`). */
export function strategyLabel(strategy: DeploymentStrategy): string {
  return strategy.toLowerCase().replace(/_/g, '-');
}
