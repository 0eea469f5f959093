import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { operators } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { forgetOperators } from "../operators";
import { DomainError } from "../shared/errors";
import { MAX_NAME_EN_CHARS, MAX_NAME_ZH_CHARS } from "./add-operator";
import { deriveBrandColours, HEX_COLOUR } from "./brand-colours";

/** A logo is drawn in a 40-px header on every page and inlined in it: small, and PNG only (no SVG: it can carry script). */
export const MAX_LOGO_BYTES = 32 * 1024;
export const MAX_LOGO_SIDE_PX = 512;
/** Origins allowed to frame the portal (the operator's app web views); a handful at most. */
export const MAX_FRAME_ORIGINS = 10;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface OperatorBrandInput {
  nameZh: string;
  nameEn: string;
  brandPrimary: string;
  /** One origin per line (https://app.example.cn); empty for none. */
  frameOrigins: string;
  /** A new logo, or null to keep the current one. */
  logoPng: Uint8Array | null;
}

/** The PNG's bytes, checked (signature, size, the IHDR's width and height), as a data URL for the header. */
export function checkLogo(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_LOGO_BYTES) throw new DomainError("operator.invalid_logo", { field: "logo", details: { maxKiB: MAX_LOGO_BYTES / 1024 } });
  const isPng = bytes.byteLength > 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.slice(12, 16)) === "IHDR";
  if (!isPng) throw new DomainError("operator.invalid_logo", { field: "logo", details: { maxKiB: MAX_LOGO_BYTES / 1024 } });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width < 1 || height < 1 || width > MAX_LOGO_SIDE_PX || height > MAX_LOGO_SIDE_PX) throw new DomainError("operator.invalid_logo", { field: "logo", details: { maxKiB: MAX_LOGO_BYTES / 1024 } });
  return `data:image/png;base64,${Buffer.from(bytes).toString("base64")}`;
}

/** One origin per line, each `https://host[:port]` (http only for localhost), no path; duplicates dropped. */
export function checkFrameOrigins(text: string): string[] {
  const lines = [...new Set(text.split(/[\s,]+/).map((l) => l.trim()).filter(Boolean))];
  if (lines.length > MAX_FRAME_ORIGINS) throw new DomainError("operator.invalid_origin", { field: "frameOrigins", details: { max: MAX_FRAME_ORIGINS } });
  return lines.map((line) => {
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      throw new DomainError("operator.invalid_origin", { field: "frameOrigins", details: { max: MAX_FRAME_ORIGINS } });
    }
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    if ((url.protocol !== "https:" && !(local && url.protocol === "http:")) || url.origin + "/" !== url.href.replace(/\/?$/, "/") || url.username) {
      throw new DomainError("operator.invalid_origin", { field: "frameOrigins", details: { max: MAX_FRAME_ORIGINS } });
    }
    return url.origin;
  });
}

/**
 * The operator's names, brand colour (dark and accent derived), the origins allowed to frame
 * it and, when given, a new PNG logo. Checked field by field; audited with what changed.
 */
export async function updateOperatorBrand(db: Db, input: { operatorId: string; brand: OperatorBrandInput; actorUserId: string; now?: Date }): Promise<void> {
  const nameZh = input.brand.nameZh.trim();
  const nameEn = input.brand.nameEn.trim();
  if (!nameZh || [...nameZh].length > MAX_NAME_ZH_CHARS || !/\p{Script=Han}/u.test(nameZh) || /\p{Cc}/u.test(nameZh)) throw new DomainError("operator.invalid_name", { field: "nameZh" });
  if (!nameEn || nameEn.length > MAX_NAME_EN_CHARS || !/^[\x20-\x7e]+$/.test(nameEn)) throw new DomainError("operator.invalid_name", { field: "nameEn" });
  const brandPrimary = input.brand.brandPrimary.trim().toLowerCase();
  if (!HEX_COLOUR.test(brandPrimary)) throw new DomainError("operator.invalid_colour", { field: "brandPrimary" });
  const frameAncestors = checkFrameOrigins(input.brand.frameOrigins);
  const logoPath = input.brand.logoPng && input.brand.logoPng.byteLength > 0 ? checkLogo(input.brand.logoPng) : null;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(operators).where(eq(operators.id, input.operatorId)).for("update");
    if (!before) throw new DomainError("operator.not_found");
    await tx
      .update(operators)
      .set({ nameZh, nameEn, ...deriveBrandColours(brandPrimary), frameAncestors, ...(logoPath ? { logoPath } : {}) })
      .where(eq(operators.id, input.operatorId));
    const details = {
      before: { nameZh: before.nameZh, nameEn: before.nameEn, brandPrimary: before.brandPrimary, frameAncestors: before.frameAncestors },
      after: { nameZh, nameEn, brandPrimary, frameAncestors },
      logoChanged: logoPath !== null,
    };
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "operator.brand_updated", details }, input.now ?? new Date());
  });
  // Pages and the CSP headers of this process show the new brand and framing origins at once.
  forgetOperators();
}
