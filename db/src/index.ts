export * from './databases';
export * from './docker';
export * from './metrics';
export * from './monitoring';
export * as schema from './schema';
