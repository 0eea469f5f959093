import Decimal from "decimal.js";
import { xirr } from "/work/wt-books/services/investing/xirr";
const flows = [] as { at: Date; amountCny: Decimal }[];
const t0 = Date.UTC(2024, 11, 1);
for (let i = 0; i < 229; i++) flows.push({ at: new Date(t0 + i * 3 * 86400000), amountCny: new Decimal(i % 2 ? 120 + (i % 50) : -(120 + (i % 50)) - 15000 * +(i === 0)) });
flows.push({ at: new Date(t0 + 730 * 86400000), amountCny: new Decimal(15500) });
for (let k = 0; k < 8; k++) { const a = process.cpuUsage(); const r = xirr(flows); const b = process.cpuUsage(a); console.log(r?.toFixed(6), (b.user + b.system) / 1000, "ms cpu"); }
