export { createDirectoryDrop, DropError, sha256Hex, type DirectoryDrop, type DropFile } from "./directory-drop";
export {
  createPayoutDropBank,
  payoutResultFileName,
  PAYOUT_INSTRUCTION_PREFIX,
  PAYOUT_RESULT_PREFIX,
  type PayoutBank,
  type PayoutInstructionFile,
  type PayoutResultRef,
} from "./payout-bank";
