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

export type Expected = 200 | 400 | 403 | 404 | "login" | "redirect" | "handled";
export type Cells = Record<Identity, Expected>;

export interface RouteRule {
  get?: Cells;
  post?: Cells;
  /** The ids in the URL belong to this signed-in person (their sample URL is theirs). */
  owner?: "borrower" | "investor";
  /** Posting here ends the session (sign-out): the fuzz posts it anonymously only. */
  endsSession?: true;
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

/** Overrides of a few cells. */
export const except = (base: Cells, overrides: Partial<Cells>): Cells => ({ ...base, ...overrides });

export const AUTHORIZATION: Record<string, RouteRule> = {
  // Sign-out: GET goes home; POST ends whatever session comes with it (the matrix posts it anonymously only).
  "routes/o.$operator.logout": { get: everyone("redirect"), post: everyone("redirect"), endsSession: true },
};
