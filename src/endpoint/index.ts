export type { IEndpoint } from './endpoint-base';
export * from './endpoint';
export * from './grants';
export * from './variant';
export * from './scalable-instance-count';
