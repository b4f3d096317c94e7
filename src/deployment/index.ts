export * from './capacity-size';
export { DeploymentStrategy } from './deployment-strategy';
export * from './traffic-routing';
export * from './deployment-plan';
export * from './component-plan';
export * from './rollback-alarms';
export type { EndpointDeploymentProps } from './endpoint-deployment';
export * from './blue-green-deployment';
export * from './rolling-deployment';
