// The sandbox operators and their demo subscribers. Stand-ins for the operators' own
// customer accounts: the portal never reads this file, it only sees ID tokens.

/** @typedef {{ slug: string, nameZh: string, nameEn: string, colour: string, phonePrefix: string }} SandboxOperator */
/** @typedef {{ sub: string, phone: string, phoneVerified: boolean, name: string, note: string }} Subscriber */

/** @type {ReadonlyArray<SandboxOperator>} */
export const SANDBOX_OPERATORS = [
  { slug: "unicom", nameZh: "中国联通", nameEn: "China Unicom", colour: "#d7000f", phonePrefix: "1860000" },
  { slug: "mobile", nameZh: "中国移动", nameEn: "China Mobile", colour: "#0072c6", phonePrefix: "1380000" },
  { slug: "telecom", nameZh: "中国电信", nameEn: "China Telecom", colour: "#1d5bbf", phonePrefix: "1890000" },
];

/** Every demo subscriber signs in at the sandbox with this password. */
export const SUBSCRIBER_PASSWORD = "Pass1234";

/**
 * The same phone suffixes as the portal's demo users (services/demo/seed-demo.ts): 0001 is the portal's demo
 * borrower and 0002 its investor, so signing on links to them; 0011 is new to the portal (the
 * first sign-on creates the account); 0099's phone number is not verified by the operator.
 */
const SUBSCRIBER_TEMPLATES = [
  { suffix: "0001", name: "王小明", phoneVerified: true, note: "借款人 borrower" },
  { suffix: "0002", name: "李娟", phoneVerified: true, note: "出借人 investor" },
  { suffix: "0011", name: "陈新", phoneVerified: true, note: "新用户 new to the portal" },
  { suffix: "0099", name: "未验证", phoneVerified: false, note: "号码未验证 unverified phone" },
];

/**
 * @param {SandboxOperator} operator
 * @returns {Subscriber[]}
 */
export function subscribersOf(operator) {
  return SUBSCRIBER_TEMPLATES.map((s) => ({
    // Opaque and stable, like a real operator's subject identifier.
    sub: `${operator.slug}-${Buffer.from(operator.phonePrefix + s.suffix).toString("base64url")}`,
    phone: operator.phonePrefix + s.suffix,
    phoneVerified: s.phoneVerified,
    name: s.name,
    note: s.note,
  }));
}
