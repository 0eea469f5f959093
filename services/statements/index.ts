// Statement files from outside parties: the one reader and the contract between a channel's statement and reconciliation.
export { amountCell, choiceCell, dateCell, decodeUtf8, maskedPhoneCell, readStatementFile, referenceCell, rejectFile, requiredText, type AmountSign, type TableRow, type TableSpec } from "./read-statement-file";
export {
  defineStatementChannel,
  type FileRejectionReason,
  type GeneratedStatement,
  type ItemRange,
  type LineOrigin,
  type OurItem,
  type OurItemView,
  type StatementChannel,
  type StoredLine,
  type TheirLine,
} from "./statement-channel";
export { itemRange } from "./day-range";
