// The portal's HTTP server: security headers, CSRF origin check, static files, then Remix.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createRemixHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";

// React and the other libraries the build imports choose their production code by NODE_ENV,
// read when the build is imported below: `npm start` serves that, never the development build.
// Sandboxes and demo data follow APP_ENV, not NODE_ENV, so the demo stays a demo.
process.env.NODE_ENV ??= "production";

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const build = await import(path.join(here, "build", "index.js"));
const entry = build.entry.module;
// Per-page messages read the route modules' browser chunks once (app/i18n/page-messages.server.ts).
entry.installPageMessages(build, path.join(here, "public"));

const started = Date.now();
// A start that cannot be right (production without a real adapter at a boundary) says why in
// one message and exits non-zero, without a stack trace to read through.
const { databaseKind } = await entry.prepareServer().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// The operators' identity services cannot be reached from a developer's machine: outside
// production `npm start` runs the sandbox operator IdP (and the sandbox web hall) in this
// process. OPERATOR_IDP=off leaves only the issuers configured on the operators.
const operatorIdp = process.env.OPERATOR_IDP ?? (entry.isProduction() ? "off" : "sandbox");
let sandbox = null;
if (operatorIdp === "sandbox") {
  if (entry.isProduction()) throw new Error("OPERATOR_IDP=sandbox is refused when APP_ENV=production");
  const { startSandboxServices } = await import("./sandbox/start.js");
  const publicOrigins = (process.env.PUBLIC_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  sandbox = await startSandboxServices({
    portalOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...publicOrigins],
    stateDir: path.resolve(process.env.DATA_DIR ?? ".data", "sandbox-idp"),
  });
} else if (operatorIdp !== "off") {
  throw new Error(`OPERATOR_IDP must be "sandbox" or "off", not ${JSON.stringify(operatorIdp)}`);
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());

app.use("/build", express.static(path.join(here, "public", "build"), { immutable: true, maxAge: "1y" }));
// Files in public/ all have an extension (favicon.svg, robots.txt …): a page's path is never
// looked up on disk, which would cost a file-system call on every page request.
const publicFiles = express.static(path.join(here, "public"), { maxAge: "1h" });
app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

const CSRF_COOKIE = entry.CSRF_COOKIE;
const SSO_PATH = /^\/o\/[^/]+\/sso\//;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function readCookie(req, name) {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return null;
}

// Request bodies: forms are small; the finance console's statement uploads are the only large ones.
// Bigger bodies are refused before a route reads them, with a page a person can read.
const MAX_FORM_BYTES = 1024 * 1024;
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
const UPLOAD_PATH = /^\/o\/[^/]+\/finance\//;

function tooLargePage(limitBytes) {
  const mib = limitBytes / 1024 / 1024;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>内容太大 · Too large</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1e293b;text-align:center">
<p style="font-size:3rem;font-weight:700;margin:0">413</p><h1 style="font-size:1.25rem">提交的内容太大</h1>
<p>一次最多提交 ${mib} MB。请缩小文件或分次提交。</p><p lang="en" style="color:#64748b">The submission is larger than ${mib} MB. Please send a smaller file.</p>
<p><a href="javascript:history.back()" style="color:#1d4ed8">返回 Back</a></p></body></html>`;
}

// Links carry no control characters (NUL and the like; app/forms.server.ts refuses them in forms):
// a link with one, or with a broken %-escape, is answered 400 before any route reads it.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function badLink(url) {
  try {
    return CONTROL_CHARACTERS.test(decodeURIComponent(url.replace(/\+/g, " ")));
  } catch {
    return true;
  }
}

function badLinkPage() {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>链接无效 · Invalid link</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1e293b;text-align:center">
<p style="font-size:3rem;font-weight:700;margin:0">400</p><h1 style="font-size:1.25rem">链接无效</h1>
<p>链接中含有无法识别的字符。请返回上一页重新操作。</p><p lang="en" style="color:#64748b">The link contains characters that cannot be read. Please go back and try again.</p>
<p><a href="/" style="color:#1d4ed8">返回首页 Home</a></p></body></html>`;
}

// Request ids, nonces and CSRF tokens come from the CSPRNG 4 KiB at a time (as crypto.randomUUID
// does), each byte handed out once: one call for a hundred requests instead of three calls each.
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomUsed = 0;
function freshRandom(bytes) {
  if (randomUsed + bytes > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomUsed = 0;
  }
  randomUsed += bytes;
  return randomPool.subarray(randomUsed - bytes, randomUsed);
}

app.use((req, res, next) => {
  // One id per request, in the response and in every server log line about it, so a person
  // quoting the id on an error page leads straight to the log. Never taken from the client.
  const requestId = freshRandom(6).toString("hex");
  req.headers["x-request-id"] = requestId;
  res.locals.requestId = requestId;
  res.setHeader("X-Request-Id", requestId);
  if (badLink(req.originalUrl)) {
    res.status(400).type("html").send(badLinkPage());
    return;
  }
  if (SAFE_METHODS.has(req.method)) return next();
  const limit = UPLOAD_PATH.test(req.path) ? MAX_UPLOAD_BYTES : MAX_FORM_BYTES;
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"]) {
    res.status(411).type("text/plain").send("Length Required");
    return;
  }
  if (Number(declared ?? 0) > limit) {
    res.status(413).set("Connection", "close").type("html").send(tooLargePage(limit));
    return;
  }
  next();
});

app.use(async (req, res, next) => {
  try {
    const nonce = freshRandom(16).toString("base64");
    // Both from the operator cache (services/operators/operator-cache.ts): no query on a hit.
    const { frameAncestors, formActions } = await entry.securityOriginsFor(req.path);
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        `form-action ${["'self'", ...formActions].join(" ")}`,
        `frame-ancestors ${["'self'", ...frameAncestors].join(" ")}`,
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // The operator sign-on pages run in a popup opened by our framed page and must keep
    // `window.opener` after visiting the operator's provider: no opener policy there.
    res.setHeader("Cross-Origin-Opener-Policy", SSO_PATH.test(req.path) ? "unsafe-none" : "same-origin-allow-popups");

    // Framed (the operator's web hall) or top-level: decides every cookie's SameSite (app/embed.server.ts).
    const embedQuery = typeof req.query.embed === "string" ? req.query.embed : null;
    const embedded = entry.embedModeFrom({
      query: embedQuery,
      secFetchDest: req.get("sec-fetch-dest") ?? null,
      cookie: readCookie(req, entry.EMBED_COOKIE),
    });
    res.locals.embedded = embedded;
    const attributes = entry.cookieAttributes(embedded, entry.secureCookies());
    const framedDocument = embedQuery === "1" || (embedded && /^i?frame$/.test(req.get("sec-fetch-dest") ?? ""));
    if (framedDocument && readCookie(req, entry.EMBED_COOKIE) !== "1") {
      res.append("Set-Cookie", `${entry.EMBED_COOKIE}=1; Path=/; HttpOnly; ${entry.cookieAttributes(true, true)}`);
    } else if (embedQuery === "0") {
      res.append("Set-Cookie", `${entry.EMBED_COOKIE}=; Path=/; HttpOnly; ${entry.cookieAttributes(true, true)}; Max-Age=0`);
    }

    // Double-submit token: an HttpOnly cookie the forms echo back (checked in app/forms.server.ts).
    let csrfToken = readCookie(req, CSRF_COOKIE);
    if (!csrfToken || !/^[A-Za-z0-9_-]{32,64}$/.test(csrfToken)) {
      csrfToken = freshRandom(24).toString("base64url");
      res.append("Set-Cookie", `${CSRF_COOKIE}=${csrfToken}; Path=/; HttpOnly; ${attributes}`);
    }
    res.locals.csrfToken = csrfToken;

    // Nothing a signed-in person sees (pages, statements, agreements) may sit in a shared or
    // browser cache: a session cookie makes every response private and uncacheable.
    if (readCookie(req, entry.SESSION_COOKIE)) res.setHeader("Cache-Control", "private, no-store");

    // A state-changing request from another site's page is refused before it reaches a route.
    if (!SAFE_METHODS.has(req.method)) {
      const origin = req.get("origin") ?? (req.get("referer") ? new URL(req.get("referer")).origin : null);
      const ownOrigin = `${req.protocol}://${req.get("host")}`;
      if (origin !== null && origin !== ownOrigin && !entry.allowedPostOrigins().includes(origin)) {
        res.status(403).type("text/plain").send("Cross-site request refused");
        return;
      }
      // With a read replica, the answer to a write says when it was given, so this person's next
      // pages read the primary until the replica holds what they wrote (db/replica.ts).
      if (entry.readReplicaConfigured()) {
        const writeHead = res.writeHead;
        res.writeHead = function (...args) {
          res.appendHeader("Set-Cookie", `${entry.WROTE_COOKIE}=${Date.now()}; Path=/; HttpOnly; Max-Age=${entry.WROTE_COOKIE_MAX_AGE_S}; ${attributes}`);
          return writeHead.apply(this, args);
        };
      }
    }
    next();
  } catch (error) {
    next(error);
  }
});

/** What every route's loader and action get besides the request (app/load-context.ts). */
function loadContext(req, res) {
  return {
    cspNonce: res.locals.cspNonce,
    csrfToken: res.locals.csrfToken,
    embedded: res.locals.embedded,
    clientIp: req.ip ?? "unknown",
    requestId: res.locals.requestId,
    dataRequest: req.path.endsWith(".data"),
  };
}

// The anonymous invest list answered from this process's copy while nothing it shows has changed
// (app/public-page-cache.server.ts): never for a signed-in person, each answer with its own CSRF
// token and nonce. Everything else, and a miss, renders below.
const renderPage = createRemixHandler(build, "production");

/** The GET request Remix sees, built as @remix-run/express builds it (host and port, behind a proxy too). */
function remixGetRequest(req) {
  const port = /:(\d+)$/.exec(req.get("x-forwarded-host") ?? "")?.[1] ?? /:(\d+)$/.exec(req.get("host") ?? "")?.[1];
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return new Request(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`, { headers });
}
app.use(async (req, res, next) => {
  const key = entry.publicPageCacheKey({
    method: req.method,
    url: req.originalUrl,
    host: `${req.get("x-forwarded-host") ?? ""} ${req.get("host") ?? ""}`,
    protocol: req.protocol,
    cookieHeader: req.headers.cookie ?? "",
    embedded: res.locals.embedded,
  });
  if (key === null) return next();
  try {
    const values = { csrfToken: res.locals.csrfToken, nonce: res.locals.cspNonce };
    const render = async () => {
      const response = await renderPage(remixGetRequest(req), loadContext(req, res));
      return { status: response.status, headers: [...response.headers], body: await response.text() };
    };
    // A copy goes out gzip-encoded, compressed once (app/gzip-template.server.ts), to a client that
    // takes gzip; the compression middleware then leaves it (it only adds Vary).
    const page = await entry.publicPageCache.answer(key, values, render, { gzip: Boolean(req.acceptsEncodings("gzip")) });
    res.status(page.status);
    for (const [name, value] of page.headers) res.append(name, value);
    if (page.gzip) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", page.body.length);
    res.end(page.body);
  } catch (error) {
    next(error);
  }
});

app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: loadContext }));

app.listen(port, () => {
  console.log(
    `Portal ready on http://localhost:${port} (database: ${databaseKind}, started in ${Date.now() - started} ms)`,
  );
  if (sandbox) {
    console.log(
      `Sandbox operator sign-on: ${sandbox.idp.origin}/<operator>; web hall: ${sandbox.webHall.origin}/<operator>; unlisted host: ${sandbox.unlisted.origin}/<operator>`,
    );
  }
});
