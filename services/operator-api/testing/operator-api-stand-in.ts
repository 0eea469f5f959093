/**
 * A local stand-in for an operator's API (docs/operator-api.md), for tests and the demo of the
 * real adapter: checks our HMAC signature, clock window and nonce like the operator, signs its
 * answers, keeps the first answer of each Idempotency-Key (another body under the same key is
 * refused with 409), and can be told to fail: HTTP 500, hang, or sign an answer with the
 * wrong secret. Run alone: `tsx services/operator-api/testing/operator-api-stand-in.ts`.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { SIGNATURE_HEADERS, sign, verify } from "../sign-request";
import type { DeductionAnswer, SubscriberAnswer } from "../operator-api-calls";

export interface OperatorApiStandIn {
  origin: string;
  deductions: Map<string, { phone: string; amountCny: string }>;
  /** Answers the operator has decided; requests without one are `pending`. */
  answers: Map<string, Omit<DeductionAnswer, "requestId">>;
  subscribers: Map<string, SubscriberAnswer & { fullName?: string }>;
  /** Every request that reached a handler: path and Idempotency-Key. */
  requests: Array<{ path: string; idempotencyKey: string | null }>;
  refusals: string[];
  /** Numbers that are not this operator's subscribers: deduction requests answer 422 NOT_SUBSCRIBER. */
  notSubscribers: Set<string>;
  failNext: number;
  hangNext: number;
  badSignatureNext: number;
  /** As if the request never arrived: the operator keeps no trace of it (nor of its idempotency key). */
  forgetDeduction(requestId: string): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

function handle(s: OperatorApiStandIn, path: string, body: Record<string, unknown>): [number, Record<string, unknown>] {
  if (path === "/v1/billing/deductions") {
    const { requestId, phone, amountCny } = body as { requestId: string; phone: string; amountCny: string };
    if (!/^1\d{10}$/.test(String(phone))) return [422, { code: "INVALID_PHONE", message: "not a subscriber number" }];
    if (s.notSubscribers.has(String(phone))) return [422, { code: "NOT_SUBSCRIBER", message: "not our subscriber" }];
    const known = s.deductions.get(requestId);
    if (known && (known.phone !== phone || known.amountCny !== amountCny)) return [409, { code: "REQUEST_ID_REUSED", message: "request id used with other content" }];
    s.deductions.set(requestId, { phone, amountCny });
    return [200, { requestId, status: "accepted" }];
  }
  if (path === "/v1/billing/deductions/query") {
    const ids = (body.requestIds as string[]).filter((id) => s.deductions.has(id));
    return [200, { answers: ids.map((requestId) => ({ requestId, ...(s.answers.get(requestId) ?? { status: "pending", deductedAmountCny: "0.00", reason: null }) })) }];
  }
  if (path === "/v1/subscribers/lookup") {
    const found = s.subscribers.get(String(body.phone));
    if (!found) return [200, { subscriber: false }];
    const { fullName, ...rest } = found as SubscriberAnswer & { fullName?: string; realNameMatch?: boolean };
    return [200, rest.subscriber ? { ...rest, realNameMatch: fullName === undefined ? rest.realNameMatch : fullName === body.fullName } : rest];
  }
  return [404, { code: "NOT_FOUND", message: path }];
}

export async function startOperatorApiStandIn(options: { keyId: string; secret: string; port?: number }): Promise<OperatorApiStandIn> {
  const nonces = new Set<string>();
  const idempotent = new Map<string, { bodyHash: string; status: number; answer: string }>();
  let server: Server;
  const s: OperatorApiStandIn = {
    origin: "",
    deductions: new Map(),
    answers: new Map(),
    subscribers: new Map(),
    requests: [],
    refusals: [],
    notSubscribers: new Set(),
    failNext: 0,
    hangNext: 0,
    badSignatureNext: 0,
    forgetDeduction: (requestId) => {
      s.deductions.delete(requestId);
      idempotent.delete(`deduction:${requestId}`);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const respond = (res: ServerResponse, pathWithQuery: string, status: number, answer: string) => {
    const timestampMs = Date.now();
    const nonce = randomBytes(8).toString("hex");
    const secret = s.badSignatureNext > 0 ? (s.badSignatureNext--, "not-the-secret") : options.secret;
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      [SIGNATURE_HEADERS.keyId]: options.keyId,
      [SIGNATURE_HEADERS.timestamp]: String(timestampMs),
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: sign(secret, { method: "POST", pathWithQuery, timestampMs, nonce, body: answer }),
    });
    res.end(answer);
  };
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const pathWithQuery = req.url ?? "/";
    if (s.hangNext > 0) return void (s.hangNext -= 1);
    if (s.failNext > 0) {
      s.failNext -= 1;
      return respond(res, pathWithQuery, 500, JSON.stringify({ code: "INTERNAL", message: "temporary failure" }));
    }
    const failure = verify({ secretFor: (k) => (k === options.keyId ? options.secret : undefined), headers: (n) => req.headers[n] as string | undefined, nowMs: Date.now(), method: req.method ?? "POST", pathWithQuery, body });
    const nonce = String(req.headers[SIGNATURE_HEADERS.nonce]);
    if (failure || nonces.has(nonce)) {
      s.refusals.push(failure ?? "nonce_replayed");
      return respond(res, pathWithQuery, 401, JSON.stringify({ code: "UNAUTHENTICATED", message: failure ?? "nonce replayed" }));
    }
    nonces.add(nonce);
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    s.requests.push({ path: pathWithQuery, idempotencyKey: key });
    const bodyHash = createHash("sha256").update(body).digest("hex");
    const first = key ? idempotent.get(key) : undefined;
    if (first && first.bodyHash !== bodyHash) return respond(res, pathWithQuery, 409, JSON.stringify({ code: "IDEMPOTENCY_KEY_REUSED", message: "other body" }));
    if (first) return respond(res, pathWithQuery, first.status, first.answer);
    const [status, answer] = handle(s, pathWithQuery, JSON.parse(body || "{}"));
    const text = JSON.stringify(answer);
    if (key && status < 500) idempotent.set(key, { bodyHash, status, answer: text });
    respond(res, pathWithQuery, status, text);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  s.origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return s;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const s = await startOperatorApiStandIn({ keyId: process.env.OPERATOR_API_KEY_ID ?? "stand-in", secret: process.env.OPERATOR_API_SECRET ?? "stand-in-secret", port: Number(process.env.OPERATOR_API_STAND_IN_PORT ?? 12113) });
  console.log(`Operator API stand-in on ${s.origin}`);
}
