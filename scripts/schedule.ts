// npm run -s schedule -- --principal 50000 --annual-rate 0.10 --months 6 --method equal-principal [--start 2026-01-31]
import { parseArgs } from "node:util";
import { buildSchedule, REPAYMENT_METHODS, type RepaymentMethod } from "../services/lending";
import { isDomainError } from "../services/shared/errors";

const USAGE = `usage: npm run -s schedule -- --principal <CNY> --annual-rate <fraction> --months <n> --method <${REPAYMENT_METHODS.join("|")}> [--start YYYY-MM-DD]`;

const MESSAGES: Record<string, string> = {
  "schedule.invalid_principal": "--principal must be an amount in CNY with at most two decimals, at least ¥100 and ¥10 per month of term, at most ¥10,000,000",
  "schedule.invalid_rate": "--annual-rate must be a fraction below 1 with at most six decimals, e.g. 0.10 for 10%",
  "schedule.invalid_term": "--months must be a whole number from 1 to 120",
  "schedule.invalid_method": `--method must be one of ${REPAYMENT_METHODS.join(", ")}`,
  "schedule.invalid_date": "--start must be a real calendar date, YYYY-MM-DD",
};

function fail(message: string): never {
  process.stderr.write(`schedule: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      principal: { type: "string" },
      "annual-rate": { type: "string" },
      months: { type: "string" },
      method: { type: "string" },
      start: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail((error as Error).message);
}

for (const required of ["principal", "annual-rate", "months", "method"]) {
  if (values[required] === undefined) fail(`--${required} is required`);
}
if (!/^\d+$/.test(values.months!)) fail(MESSAGES["schedule.invalid_term"]!);

try {
  const schedule = buildSchedule({
    principalCny: values.principal!,
    annualRate: values["annual-rate"]!,
    termMonths: Number(values.months),
    method: values.method as RepaymentMethod,
    startDate: values.start,
  });
  process.stdout.write(`${JSON.stringify({ installments: schedule.installments })}\n`);
} catch (error) {
  if (isDomainError(error)) fail(MESSAGES[error.code] ?? error.code);
  throw error;
}
