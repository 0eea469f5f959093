export {
  addMonthsClamped,
  buildSchedule,
  REPAYMENT_METHODS,
  SCHEDULE_LIMITS,
  type Installment,
  type RepaymentMethod,
  type Schedule,
  type ScheduleInput,
} from "./build-schedule";
