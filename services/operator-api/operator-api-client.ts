import { randomBytes } from "node:crypto";
import { createCircuitBreaker, type CircuitBreaker } from "./circuit-breaker";
import { SIGNATURE_HEADERS, sign, verify } from "./sign-request";

/**
 * The transport to one operator's API (docs/operator-api.md): HTTPS JSON, every request and
 * response HMAC-signed, a timeout per attempt, retries of the same request under the same
 * Idempotency-Key (so the operator acts once), and a circuit breaker so a dead operator
 * costs callers nothing: they get "unavailable" at once and report the channel down.
 */
export interface OperatorApiConfig {
  baseUrl: string;
  keyId: string;
  secret: string;
  /** One attempt waits at most this long; the due run waits for several operators. */
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** Pause before attempt k+1 is backoffMs × 4^(k−1). */
  backoffMs?: number;
  breaker?: { failureThreshold: number; openMs: number };
  now?: () => number;
  log?: (event: { level: "warn" | "error"; message: string; path: string; attempt: number }) => void;
}

/** Defaults and their reasons. */
export const OPERATOR_API_DEFAULTS = {
  /** The operators' gateways answer within a second when healthy; 8 s is a sick one. */
  timeoutMs: 8_000,
  /** Three attempts ride out a restart of one gateway node without hammering a dead one. */
  maxAttempts: 3,
  backoffMs: 200,
  /** Five failed calls in a row open the circuit for a minute. */
  breaker: { failureThreshold: 5, openMs: 60_000 },
} as const;

/** Response bodies larger than this are refused: no answer of this API needs more. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export type OperatorApiErrorKind = "unavailable" | "refused" | "bad_signature";

export class OperatorApiError extends Error {
  constructor(
    readonly kind: OperatorApiErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OperatorApiError";
  }
}

export interface OperatorApiClient {
  /** POST a JSON body; the idempotency key is the same on every attempt of this call. */
  post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T>;
  breakerState(): "closed" | "open" | "half_open";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createOperatorApiClient(config: OperatorApiConfig): OperatorApiClient {
  const options = { ...OPERATOR_API_DEFAULTS, ...config };
  const now = config.now ?? Date.now;
  const breaker: CircuitBreaker = createCircuitBreaker(options.breaker);
  const base = new URL(config.baseUrl);

  async function attempt(path: string, body: string, idempotencyKey: string): Promise<unknown> {
    const url = new URL(path, base);
    const pathWithQuery = url.pathname + url.search;
    const timestampMs = now();
    const nonce = randomBytes(16).toString("hex");
    const response = await fetch(url, {
      method: "POST",
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        "content-type": "application/json; charset=utf-8",
        "idempotency-key": idempotencyKey,
        [SIGNATURE_HEADERS.keyId]: config.keyId,
        [SIGNATURE_HEADERS.timestamp]: String(timestampMs),
        [SIGNATURE_HEADERS.nonce]: nonce,
        [SIGNATURE_HEADERS.signature]: sign(config.secret, { method: "POST", pathWithQuery, timestampMs, nonce, body }),
      },
    });
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) throw new OperatorApiError("unavailable", "TOO_LARGE", "operator answer too large");
    const failure = verify({
      secretFor: (keyId) => (keyId === config.keyId ? config.secret : undefined),
      headers: (name) => response.headers.get(name) ?? undefined,
      nowMs: now(),
      method: "POST",
      pathWithQuery,
      body: text,
    });
    if (failure) throw new OperatorApiError("bad_signature", failure, `operator answer not verified (${failure}), HTTP ${response.status}`);
    if (response.status >= 500 || response.status === 429) throw new OperatorApiError("unavailable", `HTTP_${response.status}`, `operator answered ${response.status}`);
    const json = JSON.parse(text) as { code?: string; message?: string };
    if (!response.ok) throw new OperatorApiError("refused", json.code ?? `HTTP_${response.status}`, json.message ?? `operator refused (${response.status})`);
    return json;
  }

  return {
    breakerState: () => breaker.state(now()),
    async post<T>(path: string, payload: unknown, idempotencyKey: string): Promise<T> {
      const body = JSON.stringify(payload);
      for (let k = 1; ; k++) {
        if (!breaker.allow(now())) throw new OperatorApiError("unavailable", "CIRCUIT_OPEN", "operator API unavailable (circuit open)");
        try {
          const result = (await attempt(path, body, idempotencyKey)) as T;
          breaker.succeeded();
          return result;
        } catch (error) {
          const e = error instanceof OperatorApiError ? error : new OperatorApiError("unavailable", (error as Error).name ?? "NETWORK", `operator unreachable: ${(error as Error).message}`);
          if (e.kind === "refused") {
            breaker.succeeded(); // it answered, soundly: the party is up
            throw e;
          }
          breaker.failed(now());
          config.log?.({ level: e.kind === "bad_signature" ? "error" : "warn", message: e.message, path, attempt: k });
          if (k >= options.maxAttempts || e.kind === "bad_signature") throw e;
          await sleep(options.backoffMs * 4 ** (k - 1));
        }
      }
    },
  };
}
