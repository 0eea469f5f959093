/**
 * The province (or municipality / autonomous region) a place name starts with, as people
 * write it: "河南省周口市淮阳区" → "河南省", "北京市朝阳区" → "北京市", "广西壮族自治区南宁市" →
 * "广西壮族自治区". Empty when it names none.
 */
export function provinceOf(place: string): string {
  const text = place.replace(/\s+/g, "");
  const match = /^(.+?(?:自治区|特别行政区|省|市))/.exec(text);
  return match?.[1] ?? "";
}

/**
 * The stores a borrower may pick up cash at: those in their own province first (their own
 * city before others), and only when their province has none, every store — a borrower is
 * never offered a store in another province beside one in their own.
 */
export function storesNear<S extends { regionZh: string; code: string }>(all: readonly S[], borrowerRegion: string): { stores: S[]; inProvince: boolean } {
  const province = provinceOf(borrowerRegion);
  const near = province ? all.filter((s) => provinceOf(s.regionZh) === province) : [];
  if (near.length === 0) return { stores: [...all], inProvince: false };
  const place = borrowerRegion.replace(/\s+/g, "");
  const sameCity = (s: S) => {
    const region = s.regionZh.replace(/\s+/g, "");
    return region.length > province.length && place.startsWith(region) ? 0 : 1;
  };
  return { stores: [...near].sort((a, b) => sameCity(a) - sameCity(b) || a.code.localeCompare(b.code)), inProvince: true };
}
