import { expect, test, type Page } from "@playwright/test";
import { newPage, signInWithPassword, snap } from "./helpers";

// The demo seed's transfer people (README "Demo accounts"): <prefix>0044 funded 果园春季施肥 20 days ago (past the
// holding period), <prefix>0045 has ¥10,000 and an aggressive assessment. Each viewport in its own operator.
const OPERATOR = { phone: { slug: "unicom", prefix: "1860000" }, desktop: { slug: "telecom", prefix: "1890000" } } as const;
const LOAN = "果园春季施肥";

test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.31" } });

/** A money figure's text as a number of fen (test arithmetic only). */
const fen = (text: string) => Math.round(Number(text.replace(/[¥,\s]/g, "")) * 100);

async function portfolioFigures(page: Page, base: string) {
  await page.goto(`${base}/me/portfolio`);
  const available = (await page.getByTestId("portfolio-totals").locator("dt", { hasText: "可用余额" }).locator("xpath=following-sibling::dd").innerText()).trim();
  return { outstanding: fen(await page.getByTestId("portfolio-outstanding").innerText()), available: fen(available) };
}

test("an investor lists part of a holding on the 转让专区; another investor buys it; both see it in their figures and statements", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  const base = `/o/${slug}`;

  // The seller: 资产 → the holding → 转让.
  await signInWithPassword(page, slug, `${prefix}0044`);
  const sellerBefore = await portfolioFigures(page, base);
  expect(sellerBefore.outstanding).toBe(300000);
  const holding = page.getByTestId("holding").filter({ hasText: LOAN });
  await holding.getByTestId("holding-transfer").click();
  await expect(page.getByRole("heading", { name: "转让债权" })).toBeVisible();
  await expect(page.getByTestId("transfer-bounds")).toContainText("90%–100%");

  // A price below the bounds is refused beside its field.
  await page.getByLabel("转让本金（元）").fill("1000");
  await page.getByLabel("转让价格（本金加应计利息的百分比）").fill("85");
  await page.getByRole("button", { name: "计算价格" }).click();
  await expect(page.locator("#field-pricePercent-error")).toHaveText("价格须在本金加应计利息的 90% 至 100% 之间");

  await page.getByLabel("转让价格（本金加应计利息的百分比）").fill("98");
  await page.getByRole("button", { name: "计算价格" }).click();
  const confirm = page.getByTestId("transfer-confirm");
  await expect(confirm).toBeVisible();
  const price = fen(await page.getByTestId("transfer-price").innerText());
  const fee = fen(await page.getByTestId("transfer-fee").innerText());
  const proceeds = fen(await page.getByTestId("transfer-proceeds").innerText());
  expect(price).toBeGreaterThanOrEqual(98000); // 98 % of ¥1,000 plus 20 days of interest
  expect(fee).toBe(Math.round(price * 0.005));
  expect(proceeds).toBe(price - fee);
  await snap(page, testInfo, "transfer-1-seller-confirm");
  await page.getByRole("button", { name: "确认挂牌" }).click();
  await expect(page.getByTestId("transfer-listed")).toBeVisible();
  await expect(page.getByTestId("open-listing")).toBeVisible();

  // The buyer finds it on the 转让专区 and buys it.
  const buyer = await newPage(browser, testInfo);
  await signInWithPassword(buyer, slug, `${prefix}0045`);
  const buyerBefore = await portfolioFigures(buyer, base);
  await buyer.getByTestId("transfer-market-link").click();
  await expect(buyer.getByRole("heading", { name: "转让专区" })).toBeVisible();
  const listing = buyer.getByTestId("transfer-listing").filter({ hasText: LOAN }).first();
  await expect(listing.getByTestId("listing-price")).toHaveText(`¥${(price / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
  await snap(buyer, testInfo, "transfer-2-market");
  await listing.getByRole("link", { name: "购买转让债权" }).click();
  await expect(buyer.getByTestId("transfer-heading")).toContainText(LOAN);
  await buyer.getByRole("button", { name: /确认购买/ }).click();
  await expect(buyer.getByTestId("bought-notice")).toBeVisible();
  await snap(buyer, testInfo, "transfer-3-buyer-portfolio");

  // Both figures moved: the buyer holds ¥1,000.00 of the loan and paid the price; the seller holds ¥2,000.00 and got the proceeds.
  const buyerAfter = await portfolioFigures(buyer, base);
  expect(buyerAfter.outstanding - buyerBefore.outstanding).toBe(100000);
  expect(buyerBefore.available - buyerAfter.available).toBe(price);
  await expect(buyer.getByTestId("holding").filter({ hasText: LOAN })).toBeVisible();
  await expect(buyer.getByTestId("my-transfer").filter({ hasText: LOAN })).toContainText("已成交");
  const sellerAfter = await portfolioFigures(page, base);
  expect(sellerBefore.outstanding - sellerAfter.outstanding).toBe(100000);
  expect(sellerAfter.available - sellerBefore.available).toBe(proceeds);
  await expect(page.getByTestId("my-transfer").filter({ hasText: LOAN }).first()).toContainText("已成交");

  // Statements: the transfer is a line of each wallet statement; the agreement opens for both.
  for (const who of [page, buyer]) {
    const csv = await (await who.request.get(`${base}/me/statement.csv`)).text();
    expect(csv).toContain("债权转让");
    const agreementLink = who.getByTestId("transfer-agreement").first();
    const pdf = await who.request.get(new URL((await agreementLink.getAttribute("href"))!, who.url()).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
  }
  await buyer.context().close();

  // The seller was told: an inbox item with the principal and what reached the wallet; the annual statement counts the sale.
  const yuan = (f: number) => `¥${(f / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
  await page.goto(`${base}/inbox`);
  const told = page.getByTestId("inbox-item").filter({ hasText: "债权已转让" }).first();
  await expect(told).toContainText(`（本金${yuan(100000)}）已售出，扣除手续费后${yuan(proceeds)}已存入可用余额`);
  await page.goto(`${base}/me/annual-statement`);
  expect(fen(await page.getByTestId("annual-claimsSold").innerText())).toBeGreaterThanOrEqual(proceeds);
  await snap(page, testInfo, "transfer-4-seller-annual");
});
