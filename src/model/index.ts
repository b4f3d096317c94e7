export * from './container-image';
export * from './model-data';
export * from './model';
export * from './model-grants';
