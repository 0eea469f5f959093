export { assignClerk, ensureStore, getClerkStore, listStores, type Store } from "./stores";
