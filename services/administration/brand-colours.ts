/**
 * An operator's three brand colours from its primary: a darker shade for pressed buttons and
 * headings (× 0.75 per channel) and a pale tint for backgrounds (8 % of the colour on white).
 * Pure, so the admin console previews what onboarding will store.
 */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

function channels(hex: string): [number, number, number] {
  if (!HEX_COLOUR.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(values: readonly number[]): string {
  return `#${values.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("")}`;
}

export function deriveBrandColours(primary: string): { brandPrimary: string; brandPrimaryDark: string; brandAccent: string } {
  const rgb = channels(primary);
  return {
    brandPrimary: primary.toLowerCase(),
    brandPrimaryDark: toHex(rgb.map((v) => v * 0.75)),
    brandAccent: toHex(rgb.map((v) => 255 - (255 - v) * 0.08)),
  };
}

/**
 * A default logo until the operator uploads its own: the first character of its Chinese name
 * on its colour, as an SVG data URL (the pages' CSP allows `img-src data:`).
 */
export function defaultLogoDataUrl(nameZh: string, primary: string): string {
  channels(primary);
  const initial = Array.from(nameZh.replace(/^中国/, ""))[0] ?? "?";
  const escaped = initial.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${primary}"/>` +
    `<text x="32" y="43" font-size="32" text-anchor="middle" fill="#fff" font-family="sans-serif">${escaped}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
