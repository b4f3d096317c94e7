export * from './data-capture';
export * from './endpoint-config';
export * from './instance-type';
export * from './production-variant';
export * from './component-hosting-variant';
export * from './shadow-variant';
