import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function run(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/schedule.ts", ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run schedule", () => {
  it("prints the schedule as JSON with two-decimal strings", () => {
    const { status, stdout } = run("--principal", "50000", "--annual-rate", "0.10", "--months", "6", "--method", "equal-principal");
    expect(status).toBe(0);
    const { installments } = JSON.parse(stdout);
    expect(installments[0]).toEqual({ n: 1, principal: "8333.33", interest: "416.67", payment: "8750.00", remaining: "41666.67" });
    expect(installments).toHaveLength(6);
    expect(installments[5].remaining).toBe("0.00");
  });

  it("adds due dates when given a start date", () => {
    const { status, stdout } = run("--principal", "1000", "--annual-rate", "0", "--months", "2", "--method", "interest-only", "--start", "2026-01-31");
    expect(status).toBe(0);
    expect(JSON.parse(stdout).installments.map((i: { dueDate: string }) => i.dueDate)).toEqual(["2026-02-28", "2026-03-31"]);
  });

  it.each([
    [["--principal", "50000", "--annual-rate", "0.10", "--months", "6", "--method", "balloon"], "--method must be one of"],
    [["--principal", "abc", "--annual-rate", "0.10", "--months", "6", "--method", "interest-only"], "--principal must be"],
    [["--principal", "50000", "--annual-rate", "1.5", "--months", "6", "--method", "interest-only"], "--annual-rate must be"],
    [["--principal", "50000", "--annual-rate", "0.1", "--months", "six", "--method", "interest-only"], "--months must be"],
    [["--principal", "50000", "--months", "6", "--method", "interest-only"], "--annual-rate is required"],
    [["--principal", "50000", "--annual-rate", "0.1", "--months", "6", "--method", "interest-only", "--extra"], "Unknown option"],
  ])("refuses %j with a clear message and a non-zero exit", (args, message) => {
    const { status, stdout, stderr } = run(...args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain("usage:");
  });
});
