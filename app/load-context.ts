declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-response nonce for our inline scripts (Content-Security-Policy). */
    cspNonce: string;
    /** The double-submit token every form posts back (see app/forms.server.ts). */
    csrfToken: string;
    clientIp: string;
    /** This request's id (server.js): in the X-Request-Id header, the server log and the error page. */
    requestId: string;
    /** Framed in the operator's web hall (see app/embed.server.ts): decides cookie attributes and layout. */
    embedded: boolean;
    /** A client navigation's data request (`/path.data`, single fetch), not a document. */
    dataRequest: boolean;
  }
}
export {};
