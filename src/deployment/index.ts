export * from './capacity-size';
export * from './traffic-routing';
export * from './deployment-plan';
export * from './rollback-alarms';
export * from './endpoint-deployment';
export * from './blue-green-deployment';
export * from './rolling-deployment';
