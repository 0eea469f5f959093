import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { investorProfiles, loanApplications, users } from "../db/schema";
import { createTestOperator } from "../db/testing";
import { decryptField, encryptField } from "../services/shared/crypto/field-encryption";

const run = promisify(execFile);
const script = path.join(__dirname, "reencrypt-fields.ts");
const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");

const APP_SECRET = "reencrypt-fields-test-secret";
/** The portal's key for that secret (app/config.server.ts: SHA-256 of APP_SECRET). */
const secretKey = new Uint8Array(createHash("sha256").update(APP_SECRET).digest());
const INVESTOR = "0b7e0000-0000-4000-8000-000000000001";
const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

/**
 * Values written by the helpers field-encryption replaced (services/borrowing/crypto.ts and
 * services/investing/pii-crypto.ts, run from main before their deletion) under `secretKey`;
 * the investor's are bound to INVESTOR's profile.
 */
const OLD = {
  idNumberEnc: hex("01e99817359120005be7adda024a2fa2ae5102ca71742c5d428992476297f9b317e003cbd527b7cfaaf72131a2b622"), // 11010519491231002X
  passbookAccountEnc: hex("01d4822e54b8d6af3c7c7e4704b316f4b4b2364200e19c0e57c8fa457f7bd2776f4fb90dada40c0fef5a23be24"), // 6230123456789012
  supplierAccountEnc: hex("0132e2207ee323552fad6cdc9f78097cabf5b47628c351049e6db46ab7fc3e787dcb4a778903dd08ed1d8fb998"), // 6222000011112222
  idNumberEncrypted: hex("01c3f4c65621ce71249875b296c3e29c9e17cb46dfad6be1ff32249d654cbded2d2750ddecdd4a8612c95d507de744"), // 410102199003071230
  bankCardEncrypted: hex("018891fc00570e22d071af1b64daae75b3273c7f00a84b2f920b32900d7a081ea0bc771c318f4893ce9d8783dc"), // 6222021234567894
};

/** Runs the command as an operator would, on the embedded database in `dataDir`. */
async function reencrypt(dataDir: string, secret: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // Never the DATABASE_URL server: this test owns its embedded database.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, APP_SECRET: secret };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run reencrypt:fields", () => {
  const dataDir = mkdtempSync(path.join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "reencrypt-fields-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const pgliteDataDir = path.join(dataDir, "pglite");

  it("rewrites old layouts and old masks in batches, refuses to touch what a wrong secret cannot open, and is idempotent", async () => {
    const setup = await openDatabase({ pgliteDataDir });
    const operator = await createTestOperator(setup.db, "reenc");
    const [borrower] = await setup.db.insert(users).values([{ operatorId: operator.id, phone: "18600000001" }]).returning();
    await setup.db.insert(users).values({ id: INVESTOR, operatorId: operator.id, phone: "18600000002" });
    const base = { operatorId: operator.id, borrowerUserId: borrower!.id, createdByUserId: borrower!.id, channel: "self" as const, phone: "18600000001" };
    const [old] = await setup.db
      .insert(loanApplications)
      .values({ ...base, idNumberEnc: OLD.idNumberEnc, idNumberMasked: "1101**********002X", passbookAccountEnc: OLD.passbookAccountEnc, supplierAccountEnc: OLD.supplierAccountEnc })
      .returning();
    const current = encryptField(secretKey, "id_number", "411626198001011234");
    const [fresh] = await setup.db.insert(loanApplications).values({ ...base, idNumberEnc: current }).returning();
    await setup.db.insert(loanApplications).values(base); // nothing encrypted yet
    await setup.db.insert(investorProfiles).values({
      userId: INVESTOR,
      operatorId: operator.id,
      legalName: "李娟",
      idNumberEncrypted: OLD.idNumberEncrypted,
      idNumberIndex: new Uint8Array(32),
      idNumberMasked: "4101**********1230",
      bankCode: "CCB",
      bankCardEncrypted: OLD.bankCardEncrypted,
      bankCardMasked: "6222 **** **** 7894",
      verifiedAt: new Date(),
    });
    await setup.close();

    // The wrong secret opens nothing, so it writes nothing (masks need no secret: they are rewritten here).
    const wrong = await reencrypt(dataDir, "not-the-portal-secret", "--batch-size", "1");
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("loan_applications.id_number_enc: 0 rewritten, 1 unreadable (left as they are)");
    expect(wrong.stdout).toContain("investor_profiles.bank_card_encrypted: 0 rewritten, 1 unreadable (left as they are)");

    const first = await reencrypt(dataDir, APP_SECRET, "--batch-size", "1");
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split("\n").slice(1)).toEqual([
      "loan_applications.id_number_enc: 1 rewritten",
      "loan_applications.passbook_account_enc: 1 rewritten",
      "loan_applications.supplier_account_enc: 1 rewritten",
      "loan_applications.id_number_masked: 0 rewritten",
      "investor_profiles.id_number_encrypted: 1 rewritten",
      "investor_profiles.bank_card_encrypted: 1 rewritten",
      "investor_profiles.id_number_masked: 0 rewritten",
    ]);

    const check = await openDatabase({ pgliteDataDir });
    const [app] = await check.db.select().from(loanApplications).where(eq(loanApplications.id, old!.id));
    expect([app!.idNumberEnc![0], app!.passbookAccountEnc![0], app!.supplierAccountEnc![0]]).toEqual([2, 2, 2]);
    expect(decryptField(secretKey, "id_number", app!.idNumberEnc!)).toBe("11010519491231002X");
    expect(decryptField(secretKey, "bank_account", app!.passbookAccountEnc!)).toBe("6230123456789012");
    expect(decryptField(secretKey, "bank_account", app!.supplierAccountEnc!)).toBe("6222000011112222");
    expect(app!.idNumberMasked).toBe("110***********002X");
    const [untouched] = await check.db.select().from(loanApplications).where(eq(loanApplications.id, fresh!.id));
    expect(Buffer.from(untouched!.idNumberEnc!).equals(Buffer.from(current))).toBe(true);
    const [profile] = await check.db.select().from(investorProfiles).where(eq(investorProfiles.userId, INVESTOR));
    expect(profile!.idNumberEncrypted[0]).toBe(2);
    expect(decryptField(secretKey, "id-number", profile!.idNumberEncrypted, `investor_profiles:${INVESTOR}:id_number`)).toBe("410102199003071230");
    expect(decryptField(secretKey, "bank-card", profile!.bankCardEncrypted, `investor_profiles:${INVESTOR}:bank_card`)).toBe("6222021234567894");
    // Still bound to the profile: another record's binding does not open it.
    expect(() => decryptField(secretKey, "id-number", profile!.idNumberEncrypted, "investor_profiles:someone-else:id_number")).toThrow();
    expect(profile!.idNumberMasked).toBe("410***********1230");
    await check.close();

    const again = await reencrypt(dataDir, APP_SECRET);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split("\n").slice(1).every((line) => line.endsWith(": 0 rewritten"))).toBe(true);

    expect((await reencrypt(dataDir, APP_SECRET, "--batch-size", "0")).code).toBe(2);
    expect((await reencrypt(dataDir, APP_SECRET, "--bogus")).stderr).toContain("usage:");
  }, 180_000);
});
