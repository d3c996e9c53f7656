import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '../contract/store-contract.js';
import type { SqliteStoreOptions } from './sqlite-store-options.js';
import { createSqliteStore } from './sqlite-store.js';

/** A store in a fresh temporary directory under `parent`, removed afterwards. */
function sqliteFactory(parent: string, options: Omit<SqliteStoreOptions, 'path'> = {}) {
  return async () => {
    const dir = await mkdtemp(join(parent, 'mosaic-store-'));
    const store = await createSqliteStore({ ...options, path: join(dir, 'mosaic.db') });
    return {
      store,
      destroy: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
}

// On disk, as deployed: every commit waits for fsync (synchronous=FULL).
describeStoreContract('sqlite', sqliteFactory(tmpdir()));
// Tiny catch-up batches make every catching-up watch cross many batch boundaries. In memory-backed
// /dev/shm where there is one, since this run is about watch logic, not fsync.
const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
describeStoreContract('sqlite (catch-up batches of 3)', sqliteFactory(shm, { catchUpBatchSize: 3 }));
