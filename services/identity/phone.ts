import { z } from "zod";

/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export const phoneSchema = z
  .string()
  .trim()
  .transform((raw) => raw.replace(/[\s-]/g, "").replace(/^\+?86/, ""))
  .pipe(z.string().regex(PHONE_PATTERN, "phone.invalid"));
