export * from './container-image';
export * from './model-data';
export * from './model';
export * from './model-grants';
export * from './model-package';
export * from './model-package-group-policy';
