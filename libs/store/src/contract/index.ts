// `@mosaic/store/contract`: the Store contract suite, for backends' specs. Loads mocha.
export { describeStoreContract, type StoreFactory, type StoreUnderTest } from './store-contract.js';
