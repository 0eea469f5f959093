import Decimal from "decimal.js";

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const SMALL_UNITS = ["", "拾", "佰", "仟"];
const GROUP_UNITS = ["", "万", "亿", "万亿"];

function group(n: number): string {
  let out = "";
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      zero = out !== "";
    } else {
      if (zero) out += "零";
      out += DIGITS[d]! + SMALL_UNITS[i]!;
      zero = false;
    }
  }
  return out;
}

/** 人民币大写, as written on Chinese contracts: 50000.00 → 伍万元整, 1234.56 → 壹仟贰佰叁拾肆元伍角陆分. */
export function amountInWords(amountCny: string): string {
  const value = new Decimal(amountCny);
  if (value.isNegative() || value.gte("1e16")) throw new Error(`amountInWords: out of range ${amountCny}`);
  const fen = value.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const yuan = fen.div(100).floor();
  const jiao = fen.mod(100).div(10).floor().toNumber();
  const fenDigit = fen.mod(10).toNumber();
  let integer = "";
  if (yuan.isZero()) {
    integer = "";
  } else {
    const groups: number[] = [];
    let rest = yuan;
    while (rest.gt(0)) {
      groups.push(rest.mod(10000).toNumber());
      rest = rest.div(10000).floor();
    }
    let needZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const n = groups[g]!;
      if (n === 0) {
        needZero = integer !== "";
        continue;
      }
      if (integer !== "" && (needZero || n < 1000)) integer += "零";
      integer += group(n) + GROUP_UNITS[g]!;
      needZero = false;
    }
    integer += "元";
  }
  if (jiao === 0 && fenDigit === 0) return (integer || "零元") + "整";
  let cents = "";
  if (jiao > 0) cents += DIGITS[jiao]! + "角";
  else if (integer) cents += "零";
  if (fenDigit > 0) cents += DIGITS[fenDigit]! + "分";
  return integer + cents;
}
