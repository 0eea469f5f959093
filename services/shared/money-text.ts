/**
 * Formats a decimal amount string ("1234.5", "-0.07") as ¥1,234.50. Works on the
 * string's digits, so no amount ever passes through a JavaScript number and the
 * client bundle needs no decimal library.
 */
export function formatMoney(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, integerPart = "0", fraction = ""] = match;
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) {
    throw new Error(`amount has more than two decimals: ${amount}`);
  }
  const integer = integerPart.replace(/^0+(?=\d)/, "");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const isZero = /^0*$/.test(integer + fraction);
  return `${sign && !isZero ? "-" : ""}¥${grouped}.${fraction.slice(0, 2).padEnd(2, "0")}`;
}

/** An amount as Chinese contracts and certificates write it: 人民币 1,234.50 元. */
export function yuanText(amount: string): string {
  return `人民币 ${formatMoney(amount).replace("¥", "")} 元`;
}
