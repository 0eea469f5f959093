import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";

// The build is there: the web server of this run made it. A production start with no
// boundary settings must exit at once, naming every missing setting, and never listen.
test("production refuses to start without real adapters and names each missing setting", () => {
  const result = spawnSync(process.execPath, ["server.js"], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", APP_ENV: "production", PORT: "3299", DATA_DIR: ".data/production-boot" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.status).toBe(1);
  expect(result.signal).toBeNull();
  expect(result.stderr).toContain("APP_ENV=production refuses to start");
  for (const name of ["APP_SECRET", "DATABASE_URL", "ALIYUN_SMS_ACCESS_KEY_ID", "ALIYUN_SMS_TEMPLATES", "BANK_DROP_DIR", "OPERATOR_API_<SLUG>_URL"]) {
    expect(result.stderr).toContain(name);
  }
  expect(result.stdout).not.toContain("Portal ready");
});
