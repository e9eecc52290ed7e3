export * from './audit';
export * from './auth';
export * from './databases';
export * from './limits';
export * from './metrics';
export * from './monitoring';
export * from './runners';
export * from './settings';
