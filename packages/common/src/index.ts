export * from './auth';
export * from './db';
export * from './env';
export * from './errors';
export * from './http';
export * from './logger';
export * from './relay';
export * from './validation';
