export * from './container-image';
export * from './model-data';
export * from './model';
