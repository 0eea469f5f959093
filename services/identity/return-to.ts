const PROBE_ORIGIN = "http://portal.invalid";

/**
 * Only paths of this portal: never `//evil.example`, `https://evil.example`, `/\evil`, or a
 * path a browser would rewrite into another host (tabs and newlines are dropped from URLs,
 * so `/\t/evil.example` becomes `//evil.example`). Anything else gives the fallback.
 */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  try {
    const resolved = new URL(value, PROBE_ORIGIN);
    if (resolved.origin !== PROBE_ORIGIN) return fallback;
  } catch {
    return fallback;
  }
  return value;
}
