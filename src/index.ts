export * from './model';
export * from './endpoint-config';
export * from './endpoint';
export * from './deployment';
export * from './inference-component';
