export * from './builders';
export * from './client';
export * from './database';
export * from './keys';
export * from './mask';
export * from './processes';
export * from './service';
export * from './tcp-proxy';
