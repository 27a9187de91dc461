export * from './client';
export * from './database';
export * from './keys';
