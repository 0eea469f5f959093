import { seal } from "../shared/seal";

export const HANDOFF_PURPOSE = "sso-session-handoff";
export const HANDOFF_TTL_MS = 2 * 60_000;

export interface SessionHandoff {
  sessionId: string;
  userId: string;
  operatorId: string;
}

/**
 * A sign-on finished in a popup belongs to the frame that opened it, whose cookies live
 * in another partition (the host site's). The popup passes this sealed, short-lived
 * handoff to its opener by postMessage; the frame redeems it once.
 */
export function createSessionHandoff(
  secretKey: Uint8Array,
  handoff: SessionHandoff,
  now: Date = new Date(),
): string {
  return seal(secretKey, HANDOFF_PURPOSE, handoff, new Date(now.getTime() + HANDOFF_TTL_MS));
}

