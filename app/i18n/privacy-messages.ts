/**
 * Personal data rights (PIPL): the account area's page to download one's data and to close the
 * account, and the page after closing. Merged into the catalogue in messages.ts; English must
 * have every key.
 */
export const privacyZhCN = {
  "account.privacyLink": "个人信息下载与账户注销",
  "privacy.title": "个人信息下载与账户注销",
  "privacy.lead": "依照《个人信息保护法》，您可以下载平台保存的您的个人信息，也可以注销账户。",
  "privacy.export.title": "下载我的个人信息",
  "privacy.export.body": "一个数据文件（电脑和手机上的常用工具都能打开），包含：基本资料、借款申请、借款及还款计划、出借记录、钱包流水、同意和签署的协议、风险测评。身份证号和银行卡号按页面显示的方式部分隐藏；涉及他人的信息（如借款人姓名）均已隐藏。每次下载都会记录在审计日志中。",
  "privacy.export.download": "下载我的个人信息",
  "privacy.close.title": "注销账户",
  "privacy.close.body": "注销后：所有设备退出登录，不能再以任何方式登录本账户；登录密码删除。借贷和资金记录依法留存、不会删除或修改，只在法定用途下由授权工作人员查阅（每次查阅都有审计记录）。",
  "privacy.close.blocked": "目前不能注销：",
  "privacy.close.ready": "目前没有未结清的借款、出借或钱包余额，可以注销。",
  "privacy.close.confirm": "我已了解注销后不能再登录，且借贷记录依法留存",
  "privacy.close.submit": "注销账户",
  "privacy.obstacle.loan_outstanding": "您有尚未结清的借款（募集中、待放款或还款中）。请结清后再注销。",
  "privacy.obstacle.application_open": "您有审核中或待签约的借款申请。请等待结果或放弃签约后再注销。",
  "privacy.obstacle.holding_outstanding": "您有尚未回款完毕的出借。请等待借款结清后再注销。",
  "privacy.obstacle.wallet_not_empty": "您的钱包还有余额或冻结资金。请先提现到本人银行卡。",
  "privacy.obstacle.staff_role": "您是平台工作人员。请先由管理员撤销您的岗位。",
  "privacy.closed.title": "账户已注销",
  "privacy.closed.body": "您的账户已注销，所有设备均已退出登录。借贷和资金记录依法留存。感谢您的使用。",
  "privacy.closed.home": "返回首页",
  "error.privacy.account_not_closable": "目前不能注销，原因见上方。",
  "error.privacy.confirm_required": "请勾选确认后再注销",
};

export const privacyEn: Record<keyof typeof privacyZhCN, string> = {
  "account.privacyLink": "Download my data or close my account",
  "privacy.title": "My personal data and closing my account",
  "privacy.lead": "Under the Personal Information Protection Law you may download the personal data the platform holds about you, and close your account.",
  "privacy.export.title": "Download my personal data",
  "privacy.export.body": "One JSON file with your profile, loan applications, loans and schedules, investments, wallet statement, agreements agreed to and signed, and risk assessments. ID and card numbers are masked as on every page; other people (such as a borrower's name) appear only masked. Each download is recorded in the audit log.",
  "privacy.export.download": "Download my data (JSON)",
  "privacy.close.title": "Close my account",
  "privacy.close.body": "After closing: every device is signed out and the account can no longer sign in by any means; the password is deleted. Loan and money records are kept as the law requires, never deleted or changed, and read only by authorised staff for lawful purposes (every view is audited).",
  "privacy.close.blocked": "The account cannot be closed yet:",
  "privacy.close.ready": "Nothing is outstanding: no loan, investment or wallet balance. The account can be closed.",
  "privacy.close.confirm": "I understand I can no longer sign in, and that loan records are kept as the law requires",
  "privacy.close.submit": "Close my account",
  "privacy.obstacle.loan_outstanding": "You have a loan not yet paid off (funding, awaiting payout or being repaid). Close the account once it is paid off.",
  "privacy.obstacle.application_open": "You have a loan application under review or an offer awaiting your signature. Wait for the decision or let the offer go first.",
  "privacy.obstacle.holding_outstanding": "You have investments not yet fully repaid. Close the account once those loans are paid off.",
  "privacy.obstacle.wallet_not_empty": "Your wallet holds money (available or reserved). Withdraw it to your own bank card first.",
  "privacy.obstacle.staff_role": "You are platform staff. An admin must revoke your role first.",
  "privacy.closed.title": "Account closed",
  "privacy.closed.body": "Your account is closed and every device is signed out. Loan and money records are kept as the law requires. Thank you.",
  "privacy.closed.home": "Back to the home page",
  "error.privacy.account_not_closable": "The account cannot be closed yet; the reasons are above.",
  "error.privacy.confirm_required": "Tick the box to confirm first",
};
