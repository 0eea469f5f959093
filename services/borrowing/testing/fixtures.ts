import { residentIdCheckChar } from "../../shared/resident-id";

/** A valid resident ID number for a birth date (YYYYMMDD) in 河南省周口市淮阳区 (411626). */
export function residentId(birth: string, sequence = "123"): string {
  const body = `411626${birth}${sequence}`;
  return body + residentIdCheckChar(body);
}

export const TEST_SECRET = new Uint8Array(32).fill(7);
