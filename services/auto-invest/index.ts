// Auto-invest (自动投标, issue 19): investors' rules, and their allocation in new loans through
// the one invest use case. The fairness rule: docs/decisions/2026-12-04-auto-invest-fairness.md.
export type { AutoInvestRule } from "./rule";
export { parseRuleForm, RuleFormError, type RuleForm, type RuleTerms } from "./parse-rule";
export { saveAutoInvestRule } from "./save-rule";
export { setAutoInvestRulePaused } from "./set-rule-paused";
export { listAutoInvestRules, getAutoInvestRule, type AutoInvestRuleView } from "./list-rules";
export { ruleMatchesLoan, amountToInvest } from "./match-rule";
export { allocateLoan, autoCeiling, autoInvestKey, type PlacedByRule } from "./allocate-loan";
export { allocateOpenLoans } from "./allocate-open-loans";
export { previewRule, previewAutoInvestRule, type RulePreview, type ListedLoan } from "./preview-rule";
export * as autoInvestLimits from "./limits";
export { DEFAULT_AUTO_INVEST_SETTINGS, autoInvestSettingsFrom, type AutoInvestSettings } from "./limits";
export type { AutoInvestErrorCode } from "./error-codes";
