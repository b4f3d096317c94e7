export * from './model';
export * from './endpoint-config';
export * from './deployment';
