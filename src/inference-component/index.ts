export * from './component-specification';
export * from './inference-component';
export * from './scalable-copy-count';
