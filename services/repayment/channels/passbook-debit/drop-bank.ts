import type { DirectoryDrop } from "../../../bank-exchange/directory-drop";
import { resultFileName, type BankAdapter } from "./bank-adapter";

/**
 * The custody bank's passbook auto-debit over the file exchange (services/bank-exchange):
 * the debit batch goes out under its own name (the bank deduplicates by name; the drop
 * refuses the same name with other content), the result file is picked up by its expected
 * name and stays offered until it has been booked and acknowledged. A result file damaged on
 * the way (its checksum does not match) is left for a person and treated as not yet arrived.
 */
export function createDropBank(input: { drop: DirectoryDrop; log?: (message: string) => void }): BankAdapter {
  const { drop } = input;
  return {
    async submitDebitBatch(file) {
      await drop.send(file.fileName, new TextEncoder().encode(file.csv));
    },
    async fetchDebitResults(batch) {
      const name = resultFileName(batch);
      const { files, refused } = await drop.receive(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
      for (const r of refused) input.log?.(`bank file ${r.name} refused: ${r.error.message}`);
      return files[0]?.bytes ?? null;
    },
    async acknowledgeDebitResults(batch) {
      await drop.markProcessed(resultFileName(batch));
    },
  };
}
