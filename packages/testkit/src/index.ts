export * from './client';
export * from './database';
export * from './keys';
export * from './processes';
export * from './tcp-proxy';
