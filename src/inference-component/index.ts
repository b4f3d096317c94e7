export * from './component-specification';
export * from './inference-component';
