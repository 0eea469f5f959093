import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Alibaba Cloud's V3 request signature (ACS3-HMAC-SHA256), as its OpenAPI documentation
 * defines it. The official SDK signs our requests; this file lets the local stand-in verify
 * them the way the provider does, and is checked against the documentation's worked example.
 */
export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

/** RFC 3986 encoding with the provider's three exceptions (space %20, * %2A, ~ unencoded). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface CanonicalRequestInput {
  method: string;
  /** "/" for RPC-style APIs such as SendSms. */
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  /** Lower-case header names with their values; only the signed ones are used. */
  headers: Readonly<Record<string, string>>;
  signedHeaders: readonly string[];
  payloadSha256Hex: string;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const query = [...input.query]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const signed = [...input.signedHeaders].map((h) => h.toLowerCase()).sort();
  const headerLines = signed.map((h) => `${h}:${(input.headers[h] ?? "").trim()}\n`).join("");
  return [input.method.toUpperCase(), input.path, query, headerLines, signed.join(";"), input.payloadSha256Hex].join("\n");
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function acs3Signature(accessKeySecret: string, canonical: string): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  return createHmac("sha256", accessKeySecret).update(stringToSign).digest("hex");
}

export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=a;b,Signature=hex`, or null when malformed. */
export function parseAcs3Authorization(header: string | undefined): Acs3Authorization | null {
  if (!header?.startsWith(`${ACS3_ALGORITHM} `)) return null;
  const fields = new Map(
    header
      .slice(ACS3_ALGORITHM.length + 1)
      .split(",")
      .map((part) => {
        const eq = part.indexOf("=");
        return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
      }),
  );
  const accessKeyId = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) return null;
  return { accessKeyId, signedHeaders: signedHeaders.split(";"), signature };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
