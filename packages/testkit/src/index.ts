export * from './client';
export * from './database';
export * from './keys';
export * from './tcp-proxy';
