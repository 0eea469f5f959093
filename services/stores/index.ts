export { assignClerk, ensureStore, getClerkStore, listStores, type Store } from "./stores";
export { provinceOf, storesNear } from "./stores-near";
