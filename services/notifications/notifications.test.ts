import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { notifications, smsMessages, users } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { createSmsRecorder, renderSmsText, type SmsMessage } from "../sms";
import { INBOX_PAGE_SIZE } from "./limits";
import { countUnreadNotifications, listNotifications } from "./list-notifications";
import { markAllNotificationsRead } from "./mark-all-notifications-read";
import { openNotification } from "./open-notification";
import { withInbox } from "./with-inbox";

const secretKey = new Uint8Array(32).fill(7);
const notify = withInbox(createSmsRecorder(secretKey));

describeEachDatabase("inbox (站内信) beside every SMS notification", (ctx) => {
  let operatorId = "";
  let alice = "";
  let bob = "";
  const alicePhone = "18600005551";
  const bobPhone = "18600005552";
  const withdrawal = (phone = alicePhone, detail = "已到账 尾号4417。"): SmsMessage => ({ operatorId, phone, kind: "withdrawal_update", params: { amount: "¥1,000.00", detail } });

  beforeAll(async () => {
    operatorId = (await createTestOperator(ctx.db, "inbox")).id;
    [alice, bob] = (await ctx.db.insert(users).values([{ operatorId, phone: alicePhone }, { operatorId, phone: bobPhone }]).returning({ id: users.id })).map((u) => u.id) as [string, string];
  });

  it("records the SMS and the inbox item in the caller's transaction, with the SMS template's text", async () => {
    const { messageId } = await ctx.db.transaction((tx) => notify(tx).send(withdrawal()));
    const [sms] = await ctx.db.select().from(smsMessages).where(eq(smsMessages.id, messageId));
    expect(sms).toMatchObject({ kind: "withdrawal_update", delivery: "dispatcher", status: "queued" });
    const [item] = await ctx.db.select().from(notifications).where(eq(notifications.smsMessageId, messageId));
    expect(item).toMatchObject({ userId: alice, operatorId, kind: "withdrawal_update", readAt: null });
    const page = await listNotifications(ctx.db, { userId: alice });
    expect(page.items[0]!.text).toBe("您的提现¥1,000.00已到账 尾号4417。");
    expect(page.items[0]!.text).toBe(renderSmsText("withdrawal_update", withdrawal().params));
    expect(page.unread).toBe(1);
    const english = await listNotifications(ctx.db, { userId: alice, reading: { locale: "en", date: (d) => d } });
    expect(english.items[0]!.text).toBe("Your withdrawal of ¥1,000.00 has reached 尾号4417.");
  });

  it("writes neither when the cause rolls back", async () => {
    const before = await countUnreadNotifications(ctx.db, { userId: bob });
    await expect(
      ctx.db.transaction(async (tx) => {
        await notify(tx).send(withdrawal(bobPhone));
        throw new Error("the business change failed");
      }),
    ).rejects.toThrow("the business change failed");
    expect(await countUnreadNotifications(ctx.db, { userId: bob })).toBe(before);
  });

  it("keeps one-time codes and numbers of nobody out of the inbox (the SMS still goes)", async () => {
    await ctx.db.transaction((tx) => notify(tx).send({ operatorId, phone: bobPhone, kind: "login_code", params: { code: "123456", minutes: "5" } }));
    const { messageId } = await ctx.db.transaction((tx) => notify(tx).send(withdrawal("18600005559")));
    expect(await ctx.db.select().from(smsMessages).where(eq(smsMessages.id, messageId))).toHaveLength(1);
    expect(await ctx.db.select().from(notifications).where(eq(notifications.smsMessageId, messageId))).toEqual([]);
    expect(await countUnreadNotifications(ctx.db, { userId: bob })).toBe(0);
  });

  it("pages newest first by the named page size; a page past the end shows the last", async () => {
    for (let i = 0; i < INBOX_PAGE_SIZE + 3; i++) {
      await ctx.db.transaction((tx) => notify(tx).send(withdrawal(bobPhone, `第${i}条。`)));
    }
    const first = await listNotifications(ctx.db, { userId: bob });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: INBOX_PAGE_SIZE + 3, unread: INBOX_PAGE_SIZE + 3 });
    expect(first.items).toHaveLength(INBOX_PAGE_SIZE);
    const last = await listNotifications(ctx.db, { userId: bob, page: 9 });
    expect(last.page).toBe(2);
    expect(last.items).toHaveLength(3);
    const seen = new Set([...first.items, ...last.items].map((i) => i.id));
    expect(seen.size).toBe(INBOX_PAGE_SIZE + 3);
    expect(last.items.some((i) => i.text.includes("第0条"))).toBe(true);
  });

  it("opening an item marks it read once; another person's item is not found", async () => {
    const [item] = (await listNotifications(ctx.db, { userId: alice })).items;
    await expect(openNotification(ctx.db, { userId: bob, notificationId: item!.id })).rejects.toMatchObject({ code: "notifications.not_found" });
    await expect(openNotification(ctx.db, { userId: bob, notificationId: "not-a-uuid" })).rejects.toMatchObject({ code: "notifications.not_found" });
    const opened = await openNotification(ctx.db, { userId: alice, notificationId: item!.id, now: new Date("2026-12-04T08:00:00Z") });
    expect(opened).toMatchObject({ read: true, markedRead: true });
    expect(await openNotification(ctx.db, { userId: alice, notificationId: item!.id, now: new Date("2026-12-05T08:00:00Z") })).toMatchObject({ read: true, markedRead: false });
    const inEnglish = await openNotification(ctx.db, { userId: alice, notificationId: item!.id, reading: { locale: "en", date: (d) => d } });
    expect(inEnglish.text).toBe("Your withdrawal of ¥1,000.00 has reached 尾号4417.");
    const [row] = await ctx.db.select().from(notifications).where(eq(notifications.id, item!.id));
    expect(row!.readAt).toEqual(new Date("2026-12-04T08:00:00Z"));
    expect(await countUnreadNotifications(ctx.db, { userId: alice })).toBe(0);
  });

  it("marks all of one person's items read, nobody else's", async () => {
    await ctx.db.transaction((tx) => notify(tx).send(withdrawal()));
    expect(await markAllNotificationsRead(ctx.db, { userId: bob })).toBe(INBOX_PAGE_SIZE + 3);
    expect(await countUnreadNotifications(ctx.db, { userId: bob })).toBe(0);
    expect(await countUnreadNotifications(ctx.db, { userId: alice })).toBe(1);
    expect(await markAllNotificationsRead(ctx.db, { userId: bob })).toBe(0);
  });
});
