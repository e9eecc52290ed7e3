export * from './databases';
export * from './docker';
export * from './metrics';
export * as schema from './schema';
