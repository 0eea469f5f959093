declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-response nonce for our inline scripts (Content-Security-Policy). */
    cspNonce: string;
    /** The double-submit token every form posts back (see app/forms.server.ts). */
    csrfToken: string;
    clientIp: string;
  }
}
export {};
