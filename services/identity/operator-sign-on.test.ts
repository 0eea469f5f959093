import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, operators, users } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
// The sandbox operator provider, started in-process: the relying party talks to a real OpenID provider.
import { sandboxClientSecret, SANDBOX_CLIENT_ID, startOperatorIdp, SUBSCRIBER_PASSWORD } from "../../sandbox/operator-idp/index.js";
import { DomainError } from "../shared/errors";
import { seal, unseal } from "../shared/seal";
import { endOperatorSession } from "./end-operator-session";
import { finishOperatorSignOn, ID_TOKEN_HINT_PURPOSE, readSignOnTransaction } from "./finish-operator-sign-on";
import { createSessionHandoff } from "./create-session-handoff";
import { redeemSessionHandoff } from "./redeem-session-handoff";
import { browseToCallback, CookieJar } from "./operator-sign-on.fixtures";
import { safeReturnTo } from "./return-to";
import { SIGN_ON_TRANSACTION_PURPOSE, startOperatorSignOn, transactionIdFromState } from "./start-operator-sign-on";
import { validateSession } from "./validate-session";
import type { Db } from "../../db/client";

const secretKey = new Uint8Array(32).fill(9);
const PORTAL = "http://portal.test";
const OTHER_APP = { client_id: "other-app", client_secret: "other-secret", redirect_uris: ["http://other.test/cb"] };
const ID_TOKEN_TTL_SECONDS = 120;

type Idp = Awaited<ReturnType<typeof startOperatorIdp>>;
let idp: Idp;

beforeAll(async () => {
  idp = await startOperatorIdp({
    portalOrigins: [PORTAL],
    idTokenTtlSeconds: ID_TOKEN_TTL_SECONDS,
    extraClients: () => [OTHER_APP],
    quiet: true,
  });
});
afterAll(async () => {
  await idp?.close();
});

async function expectDomainError(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** A fetch that hands the portal a different ID token than the operator's token endpoint issued. */
function swapIdToken(idToken: string): oidc.CustomFetch {
  return async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (!url.endsWith("/token")) return response;
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify({ ...body, id_token: idToken }), { status: response.status, headers: { "content-type": "application/json" } });
  };
}

describeEachDatabase("operator single sign-on (OpenID Connect, against the sandbox provider)", (ctx) => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const slug of ["unicom", "mobile"]) {
      const [row] = await ctx.db
        .insert(operators)
        .values({
          slug,
          nameZh: slug,
          nameEn: slug,
          logoPath: "/x.svg",
          brandPrimary: "#000",
          brandPrimaryDark: "#000",
          brandAccent: "#fff",
          oidcIssuer: idp.issuerFor(slug),
          oidcClientId: SANDBOX_CLIENT_ID,
          oidcClientSecret: sandboxClientSecret(slug),
        })
        .returning();
      ids[slug] = row!.id;
    }
    // Signed up earlier by SMS with the number the operator vouches for.
    await ctx.db.insert(users).values({ operatorId: ids.unicom!, phone: "18600000001", name: "王小明" });
  });

  const redirectUri = (slug: string) => `${PORTAL}/o/${slug}/sso/callback`;

  async function start(slug: string, options: { returnTo?: unknown; silent?: boolean; now?: Date } = {}) {
    return startOperatorSignOn(ctx.db, {
      operatorId: ids[slug]!,
      redirectUri: redirectUri(slug),
      returnTo: options.returnTo ?? `/o/${slug}/account`,
      fallbackReturnTo: `/o/${slug}`,
      silent: options.silent,
      secretKey,
      now: options.now,
    });
  }

  /** Starts a sign-on and signs in at the operator as `phone`; returns what the callback receives. */
  async function signOn(slug: string, phone: string, options: { jar?: CookieJar; silent?: boolean; returnTo?: unknown } = {}) {
    const started = await start(slug, options);
    const callback = await browseToCallback(started.authorizationUrl, {
      jar: options.jar ?? new CookieJar(),
      stopAt: redirectUri(slug),
      signIn: options.silent ? undefined : { phone, password: SUBSCRIBER_PASSWORD },
    });
    return { started, params: callback.searchParams };
  }

  function finish(db: Db, slug: string, params: URLSearchParams, sealedTransaction: string | null, extra: { fetch?: oidc.CustomFetch; now?: Date } = {}) {
    return finishOperatorSignOn(db, { operatorId: ids[slug]!, callbackParams: params, sealedTransaction, secretKey, ...extra });
  }

  it("happy path: PKCE S256 code flow, a verified phone links the SMS user, a new number creates one", async () => {
    const { started, params } = await signOn("unicom", "18600000001");
    const authorization = new URL(started.authorizationUrl);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(transactionIdFromState(params.get("state"))).toBe(started.transactionId);
    // The transaction travels sealed: no verifier or nonce readable in the cookie value.
    const transaction = readSignOnTransaction(secretKey, started.sealedTransaction)!;
    expect(started.sealedTransaction).not.toContain(transaction.codeVerifier);
    expect(started.sealedTransaction).not.toContain(transaction.nonce);

    const signedOn = await finish(ctx.db, "unicom", params, started.sealedTransaction);
    expect(signedOn.created).toBe(false);
    expect(signedOn.returnTo).toBe("/o/unicom/account");
    const [smsUser] = await ctx.db.select().from(users).where(and(eq(users.operatorId, ids.unicom!), eq(users.phone, "18600000001")));
    expect(signedOn.userId).toBe(smsUser!.id);
    expect((await validateSession(ctx.db, signedOn.token))?.user.phone).toBe("18600000001");
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.actorUserId, smsUser!.id));
    expect(audit.map((a) => a.action)).toContain("session.signed_in_by_operator_sign_on");

    const fresh = await signOn("unicom", "18600000011");
    const created = await finish(ctx.db, "unicom", fresh.params, fresh.started.sealedTransaction);
    expect(created.created).toBe(true);
    const again = await signOn("unicom", "18600000011");
    expect((await finish(ctx.db, "unicom", again.params, again.started.sealedTransaction)).userId).toBe(created.userId);
    expect(await ctx.db.select().from(users).where(and(eq(users.operatorId, ids.unicom!), eq(users.phone, "18600000011")))).toHaveLength(1);
  });

  it("refuses a wrong state, a missing or tampered transaction, and another operator's transaction", async () => {
    const { started, params } = await signOn("unicom", "18600000002");
    const other = await start("unicom");
    const wrongState = new URLSearchParams(params);
    wrongState.set("state", readSignOnTransaction(secretKey, other.sealedTransaction)!.state);
    await expectDomainError(finish(ctx.db, "unicom", wrongState, started.sealedTransaction), "sso.state_mismatch");
    await expectDomainError(finish(ctx.db, "unicom", params, other.sealedTransaction), "sso.state_mismatch");
    await expectDomainError(finish(ctx.db, "unicom", params, null), "sso.transaction_missing");
    const tampered = started.sealedTransaction.slice(0, -2) + (started.sealedTransaction.endsWith("A") ? "BB" : "AA");
    await expectDomainError(finish(ctx.db, "unicom", params, tampered), "sso.transaction_missing");
    await expectDomainError(finish(ctx.db, "mobile", params, started.sealedTransaction), "sso.transaction_missing");
    // The untouched callback still works: nothing above consumed the code.
    expect((await finish(ctx.db, "unicom", params, started.sealedTransaction)).userId).toBeTruthy();
  });

  it("refuses a replayed authorization code", async () => {
    const { started, params } = await signOn("unicom", "18600000002");
    await finish(ctx.db, "unicom", params, started.sealedTransaction);
    const error = await expectDomainError(finish(ctx.db, "unicom", params, started.sealedTransaction), "sso.code_rejected");
    expect(String(error.details.reason)).toContain("invalid_grant");
  });

  it("refuses an ID token whose nonce is not the one we sent", async () => {
    const { started, params } = await signOn("unicom", "18600000002");
    const transaction = readSignOnTransaction(secretKey, started.sealedTransaction)!;
    const otherNonce = seal(secretKey, SIGN_ON_TRANSACTION_PURPOSE, { ...transaction, nonce: oidc.randomNonce() }, started.expiresAt);
    const error = await expectDomainError(finish(ctx.db, "unicom", params, otherNonce), "sso.id_token_invalid");
    expect(String(error.details.reason)).toContain("nonce");
  });

  it("refuses an ID token from another issuer, for another audience, or with a forged signature", async () => {
    // A genuine ID token of the mobile issuer, for the same client id.
    const mobile = await signOn("mobile", "13800000001");
    const mobileSignOn = await finish(ctx.db, "mobile", mobile.params, mobile.started.sealedTransaction);
    const mobileIdToken = unseal<string>(secretKey, ID_TOKEN_HINT_PURPOSE, mobileSignOn.sealedIdTokenHint)!;

    const fromOtherIssuer = await signOn("unicom", "18600000001");
    const issuerError = await expectDomainError(
      finish(ctx.db, "unicom", fromOtherIssuer.params, fromOtherIssuer.started.sealedTransaction, { fetch: swapIdToken(mobileIdToken) }),
      "sso.id_token_invalid",
    );
    expect(String(issuerError.details.reason)).toContain('"iss"');

    // A genuine ID token of the unicom issuer, issued to another client (with our nonce, even).
    const forUs = await signOn("unicom", "18600000001");
    const nonce = readSignOnTransaction(secretKey, forUs.started.sealedTransaction)!.nonce;
    const otherApp = await oidc.discovery(new URL(idp.issuerFor("unicom")), OTHER_APP.client_id, OTHER_APP.client_secret, oidc.ClientSecretBasic(OTHER_APP.client_secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const otherUrl = oidc.buildAuthorizationUrl(otherApp, {
      redirect_uri: OTHER_APP.redirect_uris[0]!,
      scope: "openid phone",
      nonce,
      state: "s",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    const otherCallback = await browseToCallback(otherUrl.href, {
      jar: new CookieJar(),
      stopAt: OTHER_APP.redirect_uris[0]!,
      signIn: { phone: "18600000001", password: SUBSCRIBER_PASSWORD },
    });
    const otherTokens = await oidc.authorizationCodeGrant(otherApp, otherCallback, { pkceCodeVerifier: verifier, expectedState: "s", expectedNonce: nonce });
    const audienceError = await expectDomainError(
      finish(ctx.db, "unicom", forUs.params, forUs.started.sealedTransaction, { fetch: swapIdToken(otherTokens.id_token!) }),
      "sso.id_token_invalid",
    );
    expect(String(audienceError.details.reason)).toContain('"aud"');

    // Our own ID token with its claims altered: the operator's signature no longer matches.
    const forged = await signOn("unicom", "18600000001");
    let genuine = "";
    const capture: oidc.CustomFetch = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      if (!url.endsWith("/token")) return response;
      const body = (await response.json()) as { id_token: string };
      genuine = body.id_token;
      const [header, payload, signature] = genuine.split(".");
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
      const altered = Buffer.from(JSON.stringify({ ...claims, phone_number: "+8618600000008" })).toString("base64url");
      return new Response(JSON.stringify({ ...body, id_token: `${header}.${altered}.${signature}` }), { status: 200, headers: { "content-type": "application/json" } });
    };
    const signatureError = await expectDomainError(
      finish(ctx.db, "unicom", forged.params, forged.started.sealedTransaction, { fetch: capture }),
      "sso.id_token_invalid",
    );
    expect(genuine).toBeTruthy();
    expect(String(signatureError.details.reason)).toContain("signature");
  });

  it("refuses an expired ID token", async () => {
    const { started, params } = await signOn("unicom", "18600000001");
    // Later than the token's lifetime plus the clock tolerance, inside the transaction's 10 minutes.
    const later = new Date(Date.now() + (ID_TOKEN_TTL_SECONDS + 120) * 1000);
    const error = await expectDomainError(finish(ctx.db, "unicom", params, started.sealedTransaction, { now: later }), "sso.id_token_invalid");
    expect(String(error.details.reason)).toMatch(/"exp"|expired|timestamp/i);
  });

  it("refuses a phone number the operator has not verified, and creates no user", async () => {
    const { started, params } = await signOn("unicom", "18600000099");
    await expectDomainError(finish(ctx.db, "unicom", params, started.sealedTransaction), "sso.phone_unverified");
    expect(await ctx.db.select().from(users).where(eq(users.phone, "18600000099"))).toHaveLength(0);
  });

  it("reports a cancelled sign-in, and a silent attempt without an operator session as login_required", async () => {
    const started = await start("unicom");
    const cancelled = await browseToCallback(started.authorizationUrl, { jar: new CookieJar(), stopAt: redirectUri("unicom"), signIn: "cancel" });
    await expectDomainError(finish(ctx.db, "unicom", cancelled.searchParams, started.sealedTransaction), "sso.cancelled");

    const silent = await signOn("unicom", "", { silent: true });
    expect(new URL(silent.started.authorizationUrl).searchParams.get("prompt")).toBe("none");
    const error = await expectDomainError(finish(ctx.db, "unicom", silent.params, silent.started.sealedTransaction), "sso.login_required");
    expect(error.details.returnTo).toBe("/o/unicom/account");
  });

  it("signs on silently when the operator knows the user, and RP-initiated logout ends the operator's session", async () => {
    const jar = new CookieJar();
    const first = await signOn("unicom", "18600000002", { jar });
    const signedOn = await finish(ctx.db, "unicom", first.params, first.started.sealedTransaction);

    const silent = await signOn("unicom", "", { jar, silent: true });
    expect((await finish(ctx.db, "unicom", silent.params, silent.started.sealedTransaction)).userId).toBe(signedOn.userId);

    const postLogoutRedirectUri = `${PORTAL}/o/unicom/sso/signed-out`;
    const logoutUrl = await endOperatorSession(ctx.db, {
      operatorId: ids.unicom!,
      sealedIdTokenHint: signedOn.sealedIdTokenHint,
      postLogoutRedirectUri,
      secretKey,
    });
    expect(logoutUrl).toBeTruthy();
    const logout = new URL(logoutUrl!);
    expect(logout.pathname).toBe("/unicom/session/end");
    expect(logout.searchParams.get("id_token_hint")).toBeTruthy();
    expect(logout.searchParams.get("post_logout_redirect_uri")).toBe(postLogoutRedirectUri);
    expect(await endOperatorSession(ctx.db, { operatorId: ids.unicom!, sealedIdTokenHint: null, postLogoutRedirectUri, secretKey })).toBeNull();

    // The browser confirms the operator's sign-out form (its page submits itself) and comes back.
    const page = await fetch(logoutUrl!, { headers: { cookie: jar.header() } });
    jar.store(page);
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await fetch(new URL(action, logoutUrl!), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
    });
    jar.store(confirmed);
    const back = await browseToCallback(new URL(confirmed.headers.get("location")!, logoutUrl!).href, { jar, stopAt: postLogoutRedirectUri });
    expect(back.pathname).toBe("/o/unicom/sso/signed-out");

    const afterLogout = await signOn("unicom", "", { jar, silent: true });
    await expectDomainError(finish(ctx.db, "unicom", afterLogout.params, afterLogout.started.sealedTransaction), "sso.login_required");
  });

  it("keeps returnTo a path of this portal", async () => {
    for (const evil of ["//evil.example", "https://evil.example/x", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", "evil"]) {
      const started = await start("unicom", { returnTo: evil });
      expect(readSignOnTransaction(secretKey, started.sealedTransaction)!.returnTo).toBe("/o/unicom");
    }
    const { started, params } = await signOn("unicom", "18600000002", { returnTo: "//evil.example" });
    expect((await finish(ctx.db, "unicom", params, started.sealedTransaction)).returnTo).toBe("/o/unicom");
  });

  it("hands a popup's session to the frame once", async () => {
    const { started, params } = await signOn("unicom", "18600000001");
    const popup = await finish(ctx.db, "unicom", params, started.sealedTransaction);
    const handoff = createSessionHandoff(secretKey, { sessionId: popup.sessionId, userId: popup.userId, operatorId: ids.unicom! });
    await expectDomainError(redeemSessionHandoff(ctx.db, { operatorId: ids.mobile!, sealedHandoff: handoff, secretKey }), "sso.handoff_invalid");
    const framed = await redeemSessionHandoff(ctx.db, { operatorId: ids.unicom!, sealedHandoff: handoff, secretKey });
    expect(framed.userId).toBe(popup.userId);
    expect(await validateSession(ctx.db, popup.token)).toBeNull();
    expect((await validateSession(ctx.db, framed.token))?.user.id).toBe(popup.userId);
    await expectDomainError(redeemSessionHandoff(ctx.db, { operatorId: ids.unicom!, sealedHandoff: handoff, secretKey }), "sso.handoff_invalid");
    const late = new Date(Date.now() + 3 * 60_000);
    await expectDomainError(redeemSessionHandoff(ctx.db, { operatorId: ids.unicom!, sealedHandoff: handoff, secretKey, now: late }), "sso.handoff_invalid");
  });

  it("says the operator is not set up for sign-on when it has no issuer", async () => {
    const [bare] = await ctx.db
      .insert(operators)
      .values({ slug: "bare", nameZh: "b", nameEn: "b", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" })
      .returning();
    await expectDomainError(
      startOperatorSignOn(ctx.db, { operatorId: bare!.id, redirectUri: "http://portal.test/cb", returnTo: "/", fallbackReturnTo: "/", secretKey }),
      "sso.not_configured",
    );
  });
});

describe("returnTo", () => {
  it("accepts paths of this portal and refuses everything that leaves it", () => {
    expect(safeReturnTo("/o/unicom/account?tab=1#x", "/fallback")).toBe("/o/unicom/account?tab=1#x");
    expect(safeReturnTo("/", "/fallback")).toBe("/");
    for (const evil of [
      "//evil.example",
      "https://evil.example",
      "http://evil.example/o/unicom",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      42,
    ]) {
      expect(safeReturnTo(evil, "/fallback"), JSON.stringify(evil)).toBe("/fallback");
    }
  });
});
