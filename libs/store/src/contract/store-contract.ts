import { afterEach, beforeEach, describe } from 'mocha';
import type { Store } from '../store.js';
import type { ContractContext, StoreFactory, StoreUnderTest } from './contract-helpers.js';
import { describeCrudContract } from './crud-contract.js';
import { describeListContract } from './list-contract.js';
import { describeWatchContract } from './watch-contract.js';

/**
 * Registers the Store contract suite (mocha) for one backend. Every test gets a fresh, empty
 * store from `factory` and destroys it afterwards, so a backend passes exactly when it behaves as
 * `store.ts` documents. Run it from the backend's own spec:
 *
 * ```ts
 * describeStoreContract('sqlite', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'store-'));
 *   const store = await createSqliteStore({ path: join(dir, 'mosaic.db') });
 *   return { store, destroy: async () => { await store.close(); await rm(dir, { recursive: true }); } };
 * });
 * ```
 */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, function () {
    this.timeout(30_000);
    let current: StoreUnderTest | undefined;
    const ctx: ContractContext = {
      get store(): Store {
        if (!current) throw new Error('no store: the contract suite accesses ctx.store only inside tests');
        return current.store;
      },
    };
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      const done = current;
      current = undefined;
      await done?.destroy();
    });

    describeCrudContract(ctx);
    describeListContract(ctx);
    describeWatchContract(ctx);
  });
}

export type { StoreFactory, StoreUnderTest } from './contract-helpers.js';
