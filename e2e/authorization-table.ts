/**
 * The documented authorization of every route: who gets what status, for a GET of the page
 * (the loader) and for a POST of an empty form with a valid CSRF token (the action).
 * e2e/fuzz-and-authorization.spec.ts checks every cell against the running portal; a route
 * missing here fails that test, so a new route has to say who may open it.
 *
 * Identities: anonymous; each role signed in at this operator (borrower and investor are
 * people who own the ids in the URL: their application, loan, top-up); `otherBorrower` and
 * `otherInvestor` are signed-in people of the same kind asking for the first one's ids;
 * `otherOperator` is an admin signed in at another operator (that session does not count here).
 *
 * Expected cells:
 * - 200, 404: that status exactly (404 for an id that is not there or not theirs);
 * - "login": a redirect to the operator's sign-in page, which comes back afterwards;
 * - 403: the branded "no permission" page (signed in, wrong role);
 * - "redirect": another redirect (e.g. the sign-in page for someone already signed in);
 * - 400: the action refused the empty form (field errors or a bad request), not a 5xx;
 * - "handled": anything below 500 that is neither "login" nor 403 (an action that answers
 *   an empty form with field errors, a redirect or a 400, depending on its state).
 * A route whose sample URL has ids nobody could find (nothing of the kind in the demo data)
 * is checked with made-up ids: its 200 cells then expect 404.
 */
export type Identity =
  | "anonymous"
  | "borrower"
  | "otherBorrower"
  | "investor"
  | "otherInvestor"
  | "store_clerk"
  | "risk_officer"
  | "finance"
  | "collector"
  | "admin"
  | "otherOperator";

export const IDENTITIES: readonly Identity[] = ["anonymous", "borrower", "otherBorrower", "investor", "otherInvestor", "store_clerk", "risk_officer", "finance", "collector", "admin", "otherOperator"];

export type Expected = 200 | 400 | 403 | 404 | 405 | "login" | "redirect" | "handled";
export type Cells = Record<Identity, Expected>;

export interface RouteRule {
  get?: Cells;
  post?: Cells;
  /** The ids in the URL belong to this signed-in person (their sample URL is theirs). */
  owner?: "borrower" | "investor";
  /** Posting here ends the session (sign-out): the fuzz posts it anonymously only. */
  endsSession?: true;
  /**
   * Form values the fuzz never sends (it may send anything else): they would take away the
   * people it signs in as — their sessions, roles or second factor — and blind the rest of the run.
   */
  fuzzAvoids?: readonly string[];
}

const STAFF_ROLES = ["store_clerk", "risk_officer", "finance", "collector", "admin"] as const;
type StaffRole = (typeof STAFF_ROLES)[number];

function cells(byIdentity: (identity: Identity) => Expected): Cells {
  return Object.fromEntries(IDENTITIES.map((identity) => [identity, byIdentity(identity)])) as Cells;
}

/** Anyone, signed in here, elsewhere or not at all. */
export const everyone = (expected: Expected = 200): Cells => cells(() => expected);

/** Signed in at this operator: anonymous and other operators' sessions are sent to sign in. */
export const signedIn = (expected: Expected | ((identity: Identity) => Expected) = 200): Cells =>
  cells((identity) => (identity === "anonymous" || identity === "otherOperator" ? "login" : typeof expected === "function" ? expected(identity) : expected));

/** Staff with one of `roles`; other signed-in people get 403. */
export const staff = (roles: readonly StaffRole[], expected: Expected = 200): Cells =>
  signedIn((identity) => ((roles as readonly string[]).includes(identity) ? expected : 403));

/** Pages of a person's own records: the owner gets `expected`, every other signed-in person 404. */
export const ownedBy = (owner: "borrower" | "investor", expected: Expected = 200): Cells =>
  signedIn((identity) => (identity === owner ? expected : 404));

/** Pages for people not signed in here (the sign-in page): signed in here → `here`, anyone else → `others`. */
export const signedInHere = (here: Expected, others: Expected): Cells =>
  cells((identity) => (identity === "anonymous" || identity === "otherOperator" ? others : here));

/** Overrides of a few cells. */
export const except = (base: Cells, overrides: Partial<Cells>): Cells => ({ ...base, ...overrides });

const FINANCE = staff(["finance"]);
const ADMIN = staff(["admin"]);
const CLERK = staff(["store_clerk"]);
const RISK = staff(["risk_officer"]);
const COLLECT = staff(["collector", "admin"]);
/** Staff-only actions answer an empty form by their own rules (field errors, a redirect, a 400). */
const handledBy = (base: Cells): Cells => cells((identity) => (base[identity] === 200 ? "handled" : base[identity]));
/** Signed-in self-service pages every person has (their wallet, their applications). */
const SELF = signedIn();

export const AUTHORIZATION: Record<string, RouteRule> = {
  // Outside any operator.
  "routes/_index": { get: everyone() },
  "routes/$": { get: everyone(404) },
  "routes/healthz": { get: everyone() },
  "routes/lang": { get: everyone("redirect"), post: everyone("redirect") },
  // The Stripe webhook: no GET; a POST without Stripe's signature is refused (400), whoever sends it.
  "routes/webhooks.stripe": { get: everyone(405), post: everyone(400) },

  // The operator's public pages.
  "routes/o.$operator": { get: everyone() },
  "routes/o.$operator._index": { get: everyone() },
  "routes/o.$operator.$": { get: everyone(404) },
  "routes/o.$operator.invest._index": { get: everyone() },
  // The platform disclosure (2017 guideline): public.
  "routes/o.$operator.disclosure": { get: everyone() },
  "routes/o.$operator.invest.agreements.$code": { get: everyone() },
  // A listed loan is public; lending in it needs a signed-in person (the form then checks real name and risk).
  "routes/o.$operator.invest.loans.$loanId": { get: everyone(), post: signedIn("handled") },
  // Sandbox outboxes outside production (production answers 404; e2e/production-boot.spec.ts).
  "routes/o.$operator.dev.sms": { get: everyone() },

  // Signing in and out; the operator sign-on (its callbacks redirect back to the sign-in page with a reason).
  "routes/o.$operator.login": { get: signedInHere("redirect", 200), post: signedInHere("redirect", "handled") },
  // 忘记密码: for people not signed in here (signed in here: sent to their account page).
  "routes/o.$operator.password-reset": { get: signedInHere("redirect", 200), post: signedInHere("redirect", "handled") },
  "routes/o.$operator.logout": { get: everyone("redirect"), post: everyone("redirect"), endsSession: true },
  "routes/o.$operator.security.second-factor": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.sso.start": { get: everyone("redirect") },
  "routes/o.$operator.sso.callback": { get: everyone("redirect") },
  "routes/o.$operator.sso.error": { get: everyone() },
  "routes/o.$operator.sso.signed-out": { get: everyone("redirect") },
  "routes/o.$operator.sso.handoff": { get: everyone("login"), post: everyone("redirect") },
  "routes/o.$operator.account": { get: SELF, post: signedIn("handled"), fuzzAvoids: ["signOutEverywhere"] },
  // Personal data (PIPL): the person's own download, and closing the account (never by the fuzz:
  // it would close the people it signs in as). The page after closing is public.
  "routes/o.$operator.account_.privacy": { get: SELF, post: signedIn("handled"), fuzzAvoids: ["close-account"] },
  "routes/o.$operator.account_.privacy.export[.json]": { get: SELF },
  "routes/o.$operator.account_.closed": { get: everyone() },
  // The inbox (站内信): everyone signed in has one; an item opens for its addressee only (others: 404).
  "routes/o.$operator.inbox._index": { get: SELF, post: SELF },
  "routes/o.$operator.inbox.$notificationId": { owner: "investor", get: ownedBy("investor") },

  // A person's own borrowing: anyone signed in may apply; an application or loan opens for its
  // borrower only (others get 404, as if it were not there); risk, finance and admin read applications.
  "routes/o.$operator.borrow._index": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.borrow.applications.$applicationId._index": {
    owner: "borrower",
    get: except(ownedBy("borrower"), { risk_officer: 200, finance: 200, admin: 200 }),
    // Withdrawing or declining: the borrower only; staff who may read it cannot end it for them.
    post: signedIn("handled"),
    fuzzAvoids: ["withdraw"],
  },
  "routes/o.$operator.borrow.applications.$applicationId.edit": { owner: "borrower", get: ownedBy("borrower"), post: signedIn("handled") },
  "routes/o.$operator.borrow.applications.$applicationId.channel": { owner: "borrower", get: ownedBy("borrower"), post: ownedBy("borrower", "handled") },
  "routes/o.$operator.borrow.applications.$applicationId.sign": { owner: "borrower", get: ownedBy("borrower"), post: ownedBy("borrower", "handled") },
  "routes/o.$operator.borrow.applications.$applicationId.agreements.$kind._index": { owner: "borrower", get: ownedBy("borrower") },
  "routes/o.$operator.borrow.applications.$applicationId.agreements.$kind.pdf": { owner: "borrower", get: ownedBy("borrower") },
  // Repaying online from the wallet: the loan's borrower only (others: not found beside the form); never by the fuzz.
  "routes/o.$operator.borrow.loans.$loanId._index": { owner: "borrower", get: ownedBy("borrower"), post: signedIn("handled"), fuzzAvoids: ["repay", "payoff"] },
  "routes/o.$operator.borrow.loans.$loanId.certificate[.pdf]": { owner: "borrower", get: ownedBy("borrower") },

  // A person's own investing: every signed-in person has a wallet, a portfolio, real name and risk pages.
  "routes/o.$operator.invest.register": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.invest.risk": { get: SELF, post: signedIn("handled") },
  // Cancelling a pending investment (the fuzz never cancels the demo investor's).
  "routes/o.$operator.me.portfolio": { get: SELF, post: signedIn("handled"), fuzzAvoids: ["cancelInvestment"] },
  "routes/o.$operator.me.statement[.csv]": { get: SELF },
  "routes/o.$operator.me.annual-statement": { get: SELF },
  "routes/o.$operator.me.annual-statement[.pdf]": { get: SELF },
  "routes/o.$operator.me.annual-statement[.csv]": { get: SELF },
  "routes/o.$operator.me.wallet": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.me.withdraw": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.me.top-ups.$topUpId": { owner: "investor", get: ownedBy("investor") },
  "routes/o.$operator.me.holdings.$loanId.certificate[.pdf]": { owner: "investor", get: ownedBy("investor") },
  "routes/o.$operator.me.holdings.$loanId.contract[.pdf]": { owner: "investor", get: ownedBy("investor") },
  // Auto-invest (自动投标): every signed-in person has the rules page; a rule opens for its investor only.
  "routes/o.$operator.me.auto-invest._index": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.me.auto-invest.$ruleId": { owner: "investor", get: ownedBy("investor"), post: ownedBy("investor", "handled") },
  // Debt transfer market (债权转让): every signed-in person sees the 转让专区 list and a listed claim (buying
  // needs an investor; others are told beside the form); a holding's transfer page and an agreement open for
  // their investor only.
  "routes/o.$operator.invest.transfers._index": { get: SELF },
  "routes/o.$operator.invest.transfers.$transferId": { get: SELF, post: signedIn("handled") },
  "routes/o.$operator.me.holdings.$loanId.transfer": { owner: "investor", get: ownedBy("investor"), post: signedIn("handled") },
  "routes/o.$operator.me.transfers.$transferId.agreement[.pdf]": { owner: "investor", get: ownedBy("investor") },

  // Store counter (store clerk).
  "routes/o.$operator.store": { get: CLERK },
  "routes/o.$operator.store._index": { get: CLERK, post: handledBy(CLERK) },
  "routes/o.$operator.store.cash-up": { get: CLERK, post: handledBy(CLERK) },
  "routes/o.$operator.store.cash-up[.csv]": { get: CLERK },
  "routes/o.$operator.store.certificates.$file": { get: CLERK },
  "routes/o.$operator.store.loans": { get: CLERK, post: handledBy(CLERK) },
  "routes/o.$operator.store.receipts.$topUpId": { get: CLERK },
  "routes/o.$operator.store.repay": { get: CLERK, post: handledBy(CLERK) },
  "routes/o.$operator.store.repayments.$repaymentId": { get: CLERK },

  // Risk review (risk officer).
  "routes/o.$operator.risk._index": { get: RISK },
  "routes/o.$operator.risk.applications.$applicationId": { get: RISK, post: handledBy(RISK) },
  "routes/o.$operator.risk.lists": { get: RISK, post: handledBy(RISK) },

  // Collections (collector; admin supervises).
  "routes/o.$operator.collect": { get: COLLECT },
  "routes/o.$operator.collect._index": { get: COLLECT },
  "routes/o.$operator.collect.cases.$caseId": { get: COLLECT, post: handledBy(COLLECT) },
  "routes/o.$operator.collect.stats": { get: COLLECT },

  // Administration (admin; its index opens the first tab).
  "routes/o.$operator.admin._index": { get: staff(["admin"], "redirect") },
  "routes/o.$operator.admin.audit": { get: ADMIN, post: handledBy(ADMIN) },
  "routes/o.$operator.admin.audit[.csv]": { get: ADMIN },
  "routes/o.$operator.admin.brand": { get: ADMIN, post: handledBy(ADMIN) },
  "routes/o.$operator.admin.products._index": { get: ADMIN },
  "routes/o.$operator.admin.products.$code": { get: ADMIN, post: handledBy(ADMIN) },
  "routes/o.$operator.admin.settings": { get: ADMIN, post: handledBy(ADMIN) },
  "routes/o.$operator.admin.staff": { get: ADMIN, post: handledBy(ADMIN), fuzzAvoids: ["revoke", "twoFactor"] },
  "routes/o.$operator.admin.stores": { get: ADMIN, post: handledBy(ADMIN) },
  "routes/o.$operator.admin.teams": { get: ADMIN, post: handledBy(ADMIN) },

  // Finance console (finance). The sandbox CSVs need their query (a date), so a bare GET is 400.
  "routes/o.$operator.finance": { get: FINANCE },
  "routes/o.$operator.finance._index": { get: FINANCE },
  "routes/o.$operator.finance.accounts._index": { get: FINANCE },
  "routes/o.$operator.finance.accounts.$accountId": { get: FINANCE },
  "routes/o.$operator.finance.accounts.$accountId.statement[.csv]": { get: FINANCE },
  "routes/o.$operator.finance.adjustments": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.audit": { get: FINANCE },
  "routes/o.$operator.finance.audit[.csv]": { get: FINANCE },
  "routes/o.$operator.finance.disbursements": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.disclosure": { get: FINANCE },
  "routes/o.$operator.finance.disclosure[.csv]": { get: FINANCE },
  "routes/o.$operator.finance.disclosure[.pdf]": { get: FINANCE },
  "routes/o.$operator.finance.due-runs": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.entries.$entryId": { get: FINANCE },
  "routes/o.$operator.finance.journal": { get: FINANCE },
  "routes/o.$operator.finance.ledger-check": { get: FINANCE },
  "routes/o.$operator.finance.passbook": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.passbook.$batchId[.csv]": { get: FINANCE },
  "routes/o.$operator.finance.phonebill": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.phonebill.sandbox-settlement[.csv]": { get: staff(["finance"], 400) },
  "routes/o.$operator.finance.reconciliation._index": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.reconciliation.$channel.$date": { get: FINANCE, post: handledBy(FINANCE) },
  "routes/o.$operator.finance.reconciliation.sandbox[.csv]": { get: staff(["finance"], 400) },
  "routes/o.$operator.finance.reconciliation[.csv]": { get: FINANCE },
  "routes/o.$operator.finance.stores": { get: FINANCE },
  "routes/o.$operator.finance.withdrawals": { get: FINANCE, post: handledBy(FINANCE) },
};
