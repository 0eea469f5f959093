import type { DirectoryDrop } from "./directory-drop";

/**
 * The custody bank's payout side (withdrawals to investors' cards, disbursements to
 * borrowers' passbooks and suppliers), the same shape as the passbook debit side
 * (repayment/channels/passbook-debit/bank-adapter.ts): submit a file, fetch the bank's
 * answer to it later, acknowledge it once booked. The file formats and the sandbox bank are
 * in services/payouts; this is the boundary both the portal and due processing are given.
 */

/** One payout instruction file as we send it (docs/file-formats.md, "Payout instruction"). */
export interface PayoutInstructionFile {
  operatorId: string;
  /** `payout-instruction-<payout id>.csv`: one payout per file, so a re-send is the same name with the same bytes. */
  fileName: string;
  /** The CSV text (UTF-8 with BOM, CRLF). */
  csv: string;
}

/** Whose result we ask for: the instruction's file name. */
export interface PayoutResultRef {
  operatorId: string;
  fileName: string;
}

export interface PayoutBank {
  /** Delivers the instruction; sending the same file again must be harmless (the bank deduplicates by name). May throw or time out: then nothing is known. */
  submitPayoutInstruction(file: PayoutInstructionFile): Promise<void>;
  /** The bank's result file for that instruction once it has answered, else null. */
  fetchPayoutResult(ref: PayoutResultRef): Promise<Uint8Array | null>;
  /** Called once the result is booked: a file exchange stops offering it (at-least-once until then). */
  acknowledgePayoutResult?(ref: PayoutResultRef): Promise<void>;
}

export const PAYOUT_INSTRUCTION_PREFIX = "payout-instruction-";
export const PAYOUT_RESULT_PREFIX = "payout-result-";

/** The bank answers `payout-instruction-<id>.csv` with `payout-result-<id>.csv`. */
export function payoutResultFileName(instructionFileName: string): string {
  if (!instructionFileName.startsWith(PAYOUT_INSTRUCTION_PREFIX)) throw new Error(`not a payout instruction file: ${instructionFileName}`);
  return PAYOUT_RESULT_PREFIX + instructionFileName.slice(PAYOUT_INSTRUCTION_PREFIX.length);
}

/**
 * The production payout adapter over the custody bank's drop directory (BANK_DROP_DIR):
 * the instruction goes out under its own name (the drop makes a re-send with the same bytes
 * a no-op and refuses the name with other bytes), the result is picked up by its expected
 * name and offered again until acknowledged; a result whose checksum does not match is left
 * for a person and treated as not yet arrived.
 */
export function createPayoutDropBank(input: { drop: DirectoryDrop; log?: (message: string) => void }): PayoutBank {
  const { drop } = input;
  return {
    async submitPayoutInstruction(file) {
      await drop.send(file.fileName, new TextEncoder().encode(file.csv));
    },
    async fetchPayoutResult(ref) {
      const name = payoutResultFileName(ref.fileName);
      const { files, refused } = await drop.receive(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
      for (const r of refused) input.log?.(`bank file ${r.name} refused: ${r.error.message}`);
      return files[0]?.bytes ?? null;
    },
    async acknowledgePayoutResult(ref) {
      await drop.markProcessed(payoutResultFileName(ref.fileName));
    },
  };
}
