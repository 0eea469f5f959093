import type { DbOrTx } from "../../db/client";
import { sessions } from "../../db/schema";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "./limits";
import { hashSecret, newSessionToken } from "./session-token";

export interface CreatedSession {
  /** Goes into the cookie; never stored. */
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  now: Date = new Date(),
): Promise<CreatedSession> {
  const { id, secret, token } = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await db.insert(sessions).values({
    id,
    secretHash: hashSecret(secret),
    userId,
    createdAt: now,
    expiresAt,
    absoluteExpiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  });
  return { token, sessionId: id, expiresAt };
}
