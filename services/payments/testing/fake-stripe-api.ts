/**
 * A small stand-in for the few Stripe API calls the portal makes (create and retrieve a
 * Checkout Session) plus a hosted-checkout page, for tests only: the Stripe SDK is pointed
 * at it with host/port/protocol (STRIPE_API_BASE). It pays nothing and sends no webhooks —
 * tests sign and send those themselves. Run alone: `tsx services/payments/testing/fake-stripe-api.ts`
 * (FAKE_STRIPE_PORT, default 12111).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";

export interface FakeSession {
  id: string;
  object: "checkout.session";
  mode: string;
  url: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  payment_intent_metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
}

export interface FakeStripeApi {
  origin: string;
  sessions: Map<string, FakeSession>;
  /** Every API request: method, path, Idempotency-Key, Authorization. */
  requests: Array<{ method: string; path: string; idempotencyKey: string | null; authorization: string | null }>;
  /** The next this-many session creates answer 500 (an unavailable processor; the SDK retries once). */
  failNext: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${randomBytes(6).toString("hex")}` });
  res.end(JSON.stringify(value));
}

function prefixed(params: URLSearchParams, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    const match = new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`).exec(key);
    if (match) out[match[1]!] = value;
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export async function startFakeStripeApi(options: { port?: number; host?: string } = {}): Promise<FakeStripeApi> {
  const sessions = new Map<string, FakeSession>();
  const byIdempotencyKey = new Map<string, string>();
  const api: FakeStripeApi = { origin: "", sessions, requests: [], failNext: 0, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", api.origin);
      const body = await readBody(req);
      if (url.pathname === "/health") return json(res, 200, { ok: true });
      if (url.pathname.startsWith("/v1/")) {
        api.requests.push({
          method: req.method ?? "",
          path: url.pathname,
          idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
          authorization: (req.headers.authorization as string | undefined) ?? null,
        });
        if (!/^Bearer sk_(test|live)_/.test(req.headers.authorization ?? "")) {
          return json(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
        }
      }
      if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        if (api.failNext > 0) {
          api.failNext -= 1;
          return json(res, 500, { error: { type: "api_error", message: "fake outage" } });
        }
        const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
        const replay = key ? byIdempotencyKey.get(key) : undefined;
        if (replay) return json(res, 200, sessions.get(replay));
        const params = new URLSearchParams(body);
        const fen = params.get("line_items[0][price_data][unit_amount_decimal]") ?? params.get("line_items[0][price_data][unit_amount]");
        const quantity = Number(params.get("line_items[0][quantity]") ?? "1");
        if (!fen || !/^\d+$/.test(fen) || params.get("mode") !== "payment") {
          return json(res, 400, { error: { type: "invalid_request_error", message: "line_items[0][price_data][unit_amount_decimal] and mode=payment are required" } });
        }
        const id = `cs_test_${randomBytes(12).toString("hex")}`;
        const session: FakeSession = {
          id,
          object: "checkout.session",
          mode: "payment",
          url: `${api.origin}/checkout/${id}`,
          status: "open",
          payment_status: "unpaid",
          amount_total: Number(fen) * quantity,
          currency: params.get("line_items[0][price_data][currency]") ?? "",
          client_reference_id: params.get("client_reference_id"),
          metadata: prefixed(params, "metadata"),
          payment_intent: null,
          payment_intent_metadata: prefixed(params, "payment_intent_data[metadata]"),
          success_url: params.get("success_url") ?? "",
          cancel_url: params.get("cancel_url") ?? "",
        };
        sessions.set(id, session);
        if (key) byIdempotencyKey.set(key, id);
        return json(res, 200, session);
      }
      const retrieve = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)$/.exec(url.pathname);
      if (req.method === "GET" && retrieve) {
        const session = sessions.get(retrieve[1]!);
        return session ? json(res, 200, session) : json(res, 404, { error: { type: "invalid_request_error", message: "No such checkout.session" } });
      }
      // The "hosted" checkout page: one button; paying marks the session paid and returns to success_url.
      const page = /^\/checkout\/([A-Za-z0-9_]+)(\/pay)?$/.exec(url.pathname);
      if (page) {
        const session = sessions.get(page[1]!);
        if (!session) {
          res.writeHead(404, { "Content-Type": "text/plain" });
          return res.end("No such checkout session");
        }
        if (req.method === "POST" && page[2]) {
          session.status = "complete";
          session.payment_status = "paid";
          session.payment_intent ??= `pi_test_${randomBytes(12).toString("hex")}`;
          res.writeHead(303, { Location: session.success_url });
          return res.end();
        }
        const yuan = `${Math.floor(session.amount_total / 100)}.${String(session.amount_total % 100).padStart(2, "0")}`;
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return res.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test checkout</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem">
<p style="color:#b45309">Test-mode checkout (local stand-in for Stripe)</p>
<h1 data-testid="fake-checkout-amount">CNY ${escapeHtml(yuan)}</h1>
<p>Card 4242 4242 4242 4242</p>
<form method="post" action="/checkout/${escapeHtml(session.id)}/pay"><button type="submit" style="font-size:1.2rem;padding:.6rem 1.2rem">Pay</button></form>
<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p></body></html>`);
      }
      json(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
    } catch (error) {
      json(res, 500, { error: { type: "api_error", message: String(error) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  api.origin = `http://${options.host ?? "127.0.0.1"}:${port}`;
  api.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return api;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.FAKE_STRIPE_PORT ?? 12111);
  const api = await startFakeStripeApi({ port });
  console.log(`Fake Stripe API on ${api.origin}`);
}
