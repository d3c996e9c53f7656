// Public API of @mosaic/store. The contract test suite is a separate entry
// (`@mosaic/store/contract`) so that importing the store never loads mocha.
export type {
  DeleteResult,
  ListOptions,
  ListResult,
  Preconditions,
  Store,
  StoreWatch,
  UpdateResult,
  WatchEvent,
  WatchEventType,
  WatchOptions,
} from './store.js';
export { STORE_DEFAULTS, type StoreOptions } from './store-options.js';
export { WatchOverflowError, isWatchOverflowError } from './errors/watch-overflow-error.js';
export { SqliteStore, createSqliteStore } from './sqlite/sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/sqlite-store-options.js';
export { SCHEMA_VERSION as SQLITE_SCHEMA_VERSION } from './sqlite/schema.js';
