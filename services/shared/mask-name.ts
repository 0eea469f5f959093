/** 李娟 → 李*, 王小明 → 王*明: the one name mask (an investor's view of a borrower, a withheld staff view). */
export function maskName(name: string | null): string {
  const chars = [...(name ?? "").trim()];
  if (chars.length === 0) return "**";
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
