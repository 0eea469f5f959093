// Sandbox operator identity provider: a real OpenID Provider (oidc-provider) with one issuer
// per demo operator, `http://localhost:<port>/<slug>`, its own sign-in page for the demo
// subscribers, first-party clients that skip consent, prompt=none and RP-initiated logout.
// It stands in for the operators' identity services; the portal only sees an issuer URL.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import Provider from "oidc-provider";
import { memoryAdapter } from "./memory-adapter.js";
import { errorPage, loginPage, logoutPage, signedOutPage } from "./pages.js";
import { SANDBOX_OPERATORS, SUBSCRIBER_PASSWORD, subscribersOf } from "./subscribers.js";

export { SANDBOX_OPERATORS, SUBSCRIBER_PASSWORD, subscribersOf };

/** The client id the demo seed gives the portal at every sandbox issuer. */
export const SANDBOX_CLIENT_ID = "lending-portal";

/** @param {string} slug */
export function sandboxClientSecret(slug) {
  return `sandbox-secret-${slug}`;
}

/**
 * @typedef {object} ClientSpec
 * @property {string} client_id
 * @property {string} client_secret
 * @property {string[]} redirect_uris
 * @property {string[]} [post_logout_redirect_uris]
 */

/**
 * @typedef {object} OperatorIdpOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [hostname] name used in the issuer URLs (default localhost)
 * @property {string[]} portalOrigins origins of the portal(s) allowed to receive codes
 * @property {string} [stateDir] keeps the signing keys across restarts (otherwise new keys each start)
 * @property {number} [idTokenTtlSeconds]
 * @property {(slug: string) => ClientSpec[]} [extraClients] more clients per issuer (tests)
 * @property {boolean} [quiet]
 */

/**
 * @typedef {object} OperatorIdp
 * @property {string} origin
 * @property {number} port
 * @property {(slug: string) => string} issuerFor
 * @property {() => Promise<void>} close
 */

/** @param {string | undefined} stateDir @param {string} slug */
function signingKey(stateDir, slug) {
  const file = stateDir ? path.join(stateDir, `${slug}-signing-key.json`) : null;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: `${slug}-${randomBytes(4).toString("hex")}`, use: "sig", alg: "RS256" };
  if (file && stateDir) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

/** @param {http.IncomingMessage} req */
async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16_384) throw new Error("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** @param {http.ServerResponse} res @param {number} status @param {string} html */
function sendHtml(res, status, html) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  // Like a real operator's sign-in page: never inside someone else's frame.
  res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
  res.end(html);
}

/**
 * @param {import("./subscribers.js").SandboxOperator} operator
 * @param {string} issuer
 * @param {OperatorIdpOptions} options
 */
function createProvider(operator, issuer, options) {
  const subscribers = subscribersOf(operator);
  const clients = [
    {
      client_id: SANDBOX_CLIENT_ID,
      client_secret: sandboxClientSecret(operator.slug),
      client_name: "普惠金融",
      redirect_uris: options.portalOrigins.map((o) => `${o}/o/${operator.slug}/sso/callback`),
      post_logout_redirect_uris: options.portalOrigins.map((o) => `${o}/o/${operator.slug}/sso/signed-out`),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    ...(options.extraClients?.(operator.slug) ?? []).map((c) => ({
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      ...c,
    })),
  ];
  const cookiePrefix = `op_${operator.slug}`;

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients,
    jwks: { keys: [signingKey(options.stateDir, operator.slug)] },
    cookies: {
      // All issuers share the host name: give each its own cookie names.
      names: { session: `${cookiePrefix}_session`, interaction: `${cookiePrefix}_interaction`, resume: `${cookiePrefix}_resume` },
      keys: [randomBytes(32).toString("base64url")],
    },
    scopes: ["openid", "phone"],
    claims: { openid: ["sub"], phone: ["phone_number", "phone_number_verified"] },
    // Put the phone claims in the ID token itself (the portal also falls back to userinfo).
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: options.idTokenTtlSeconds ?? 600,
      Interaction: 600,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = "html";
          ctx.set("Content-Security-Policy", "frame-ancestors 'none'");
          ctx.body = logoutPage(operator, form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = "html";
          ctx.body = signedOutPage(operator);
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => `/${operator.slug}/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const subscriber = subscribers.find((s) => s.sub === sub);
      if (!subscriber) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, phone_number: `+86${subscriber.phone}`, phone_number_verified: subscriber.phoneVerified }),
      };
    },
    // The portal is a first-party client: no consent screen, the grant is given on sign-in.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session?.grantIdFor(ctx.oidc.client.clientId);
      const grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (grant) return grant;
      if (!ctx.oidc.session?.accountId) return undefined;
      const created = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      created.addOIDCScope("openid phone");
      await created.save();
      return created;
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(operator, out);
    },
  });
  provider.on("server_error", (_ctx, error) => {
    if (!options.quiet) console.error(`[operator-idp ${operator.slug}]`, error);
  });

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} rest */
  async function interaction(req, res, rest) {
    const [uid, action] = rest.split("/");
    const base = `/${operator.slug}/interaction/${uid}`;
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return sendHtml(res, 400, errorPage(operator, { error: "invalid_request", error_description: "会话已过期，请返回重新登录。" }));
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);
    const view = { action: `${base}/login`, abortAction: `${base}/abort`, clientName };

    if (req.method === "POST" && action === "abort") {
      return provider.interactionFinished(req, res, { error: "access_denied", error_description: "用户取消了登录 End-User aborted the sign-in" }, { mergeWithLastSubmission: false });
    }
    if (req.method === "POST" && action === "login") {
      const form = await readForm(req);
      const phone = (form.get("phone") ?? "").replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, "");
      const subscriber = subscribers.find((s) => s.phone === phone);
      if (!subscriber || form.get("password") !== SUBSCRIBER_PASSWORD) {
        return sendHtml(res, 200, loginPage(operator, { ...view, phone, error: "手机号码或服务密码不正确 Wrong phone number or password" }));
      }
      return provider.interactionFinished(req, res, { login: { accountId: subscriber.sub } }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === "consent") {
      // loadExistingGrant gives first-party grants; anything else reaching consent is granted the same way.
      const grant = new provider.Grant({ clientId: String(details.params.client_id), accountId: String(details.session?.accountId) });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    return sendHtml(res, 200, loginPage(operator, view));
  }

  return { provider, handler: provider.callback(), interaction };
}

/**
 * Starts the sandbox provider on one port, one issuer per operator under `/<slug>`.
 * @param {OperatorIdpOptions} options
 * @returns {Promise<OperatorIdp>}
 */
export async function startOperatorIdp(options) {
  /** @type {Map<string, ReturnType<typeof createProvider>>} */
  const issuers = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const [, slug = "", ...restParts] = url.pathname.split("/");
    const entry = issuers.get(slug);
    if (!entry) {
      if (url.pathname === "/") {
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end(`Sandbox operator identity provider\n${[...issuers.keys()].map((s) => `${origin}/${s}/.well-known/openid-configuration`).join("\n")}\n`);
        return;
      }
      res.statusCode = 404;
      res.end("Not found");
      return;
    }
    const rest = restParts.join("/");
    if (rest.startsWith("interaction/")) {
      entry.interaction(req, res, rest.slice("interaction/".length)).catch((error) => {
        const name = error && typeof error === "object" && "name" in error ? String(error.name) : "";
        if (!options.quiet && name !== "SessionNotFound") console.error("[operator-idp]", error);
        if (!res.headersSent) {
          const operator = SANDBOX_OPERATORS.find((o) => o.slug === slug) ?? SANDBOX_OPERATORS[0];
          sendHtml(res, 400, errorPage(/** @type {import("./subscribers.js").SandboxOperator} */ (operator), { error: "invalid_request", error_description: "登录会话已过期，请返回重新登录。" }));
        }
      });
      return;
    }
    // Mount the issuer's provider under /<slug>: it reads its mount path from originalUrl.
    Object.assign(req, { originalUrl: req.url });
    req.url = (req.url ?? "/").slice(slug.length + 1) || "/";
    entry.handler(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : Number(options.port);
  const origin = `http://${options.hostname ?? "localhost"}:${port}`;
  for (const operator of SANDBOX_OPERATORS) {
    issuers.set(operator.slug, createProvider(operator, `${origin}/${operator.slug}`, options));
  }
  return {
    origin,
    port,
    issuerFor: (slug) => `${origin}/${slug}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
