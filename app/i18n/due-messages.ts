/**
 * Due processing's messages: the finance page of daily runs (date, status, steps and
 * their progress, attempts) and the form to run a date now. Merged into the catalogue in
 * messages.ts; English must have every key.
 */
export const dueZhCN = {
  "finance.nav.dueRuns": "到期处理",
  "due.title": "每日到期处理",
  "due.lead": "每天北京时间 00:30 自动运行：计提罚息、用余额抵扣、更新逾期、发送还款提醒，以及各还款渠道和催收的步骤。中断后重新运行会从未完成的步骤继续，不会重复记账。",
  "due.runNow": "立即运行",
  "due.runNow.lead": "对所选日期运行本运营商的到期处理。已完成的日期不会重复处理。",
  "due.date": "处理日期",
  "due.status": "状态",
  "due.step": "当前步骤",
  "due.steps": "步骤进度",
  "due.attempts": "运行次数",
  "due.startedAt": "开始时间",
  "due.finishedAt": "完成时间",
  "due.status.running": "运行中或已中断",
  "due.status.done": "已完成",
  "due.stepDone": "已完成",
  "due.stepUnavailable": "渠道不可用，次日重试",
  "due.none": "还没有运行记录。",
  "due.ran": "{date} 的到期处理已完成。",
  "due.alreadyDone": "{date} 的到期处理此前已完成，未做任何更改。",
  "due.running": "正在运行…",
  "error.due.date_invalid": "请输入有效日期（YYYY-MM-DD）",
  "error.due.date_future": "不能处理今天之后的日期",
};

export const dueEn: Record<keyof typeof dueZhCN, string> = {
  "finance.nav.dueRuns": "Due runs",
  "due.title": "Daily due processing",
  "due.lead": "Runs every day at 00:30 Beijing time: penalty accrual, wallet balances applied, delinquency, repayment reminders, then the repayment channels' and collections' steps. A rerun after an interruption continues from the unfinished step and never posts twice.",
  "due.runNow": "Run now",
  "due.runNow.lead": "Runs this operator's due processing for the chosen date. A date already done is not processed again.",
  "due.date": "Date",
  "due.status": "Status",
  "due.step": "Current step",
  "due.steps": "Step progress",
  "due.attempts": "Attempts",
  "due.startedAt": "Started",
  "due.finishedAt": "Finished",
  "due.status.running": "Running or interrupted",
  "due.status.done": "Done",
  "due.stepDone": "done",
  "due.stepUnavailable": "Channel unavailable; retried tomorrow",
  "due.none": "No runs yet.",
  "due.ran": "Due processing for {date} is done.",
  "due.alreadyDone": "Due processing for {date} was already done; nothing changed.",
  "due.running": "Running…",
  "error.due.date_invalid": "Enter a valid date (YYYY-MM-DD)",
  "error.due.date_future": "Dates after today cannot be processed",
};
