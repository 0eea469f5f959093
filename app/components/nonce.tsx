import { createContext, useContext } from "react";

const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
/** The CSP nonce of this response (server render only; browsers hide it from the DOM). */
export function useNonce(): string {
  return useContext(NonceContext);
}
