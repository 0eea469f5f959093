import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { smsSenderFor } from "../../sms.server";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { offerView, codeSms, userAgent } from "../../borrowing.server";
import { getConfig } from "../../config.server";
import { allocateAfterListing } from "../../auto-invest.server";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { borrowing, identity, stores } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { Notice, OfferSummary } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const { app, agreements } = await orBadRequest(
    borrowing.previewAgreements(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor, operatorNameZh: operator.nameZh }),
  );
  const base = `/o/${operator.slug}/borrow/applications/${app.id}`;
  if (app.status !== "approved") throw redirect(base);
  const storeList = await stores.listStores(db, operator.id);
  return {
    base,
    witness: app.borrowerUserId !== actor.userId,
    phoneMasked: identity.maskPhone(app.phone),
    offer: offerView(app.offer as borrowing.Offer)!,
    channel: app.repaymentChannel,
    channels: [...borrowing.REPAYMENT_CHANNELS],
    storeId: app.repaymentStoreId ?? app.cashStoreId ?? app.intakeStoreId ?? storeList[0]?.id ?? "",
    hasPassbook: !!app.passbookAccountMasked,
    passbook: `${app.passbookBank ?? ""} ${app.passbookAccountMasked ?? ""}`,
    stores: storeList.map((s) => ({ id: s.id, name: `${s.nameZh} · ${s.addressZh}` })),
    agreements: agreements.map((a) => ({ kind: a.kind, title: a.title, version: a.templateVersion, content: a.content, hash: a.documentHash })),
    sandboxSms: !getConfig().production,
  };
}

type Result = { errors?: FieldErrors; sent?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs): Promise<Result | Response> {
  const { operator, actor, db, secretKey } = await requireUser(request, params);
  const form = await readForm(request, context);
  const applicationId = params.applicationId ?? "";
  const intent = form.get("intent");
  const base = `/o/${operator.slug}/borrow/applications/${applicationId}`;
  try {
    if (intent === "channel") {
      await borrowing.chooseRepaymentChannel(db, { operatorId: operator.id, applicationId, actor, channel: String(form.get("channel") ?? ""), storeId: String(form.get("storeId") ?? "") });
      return redirect(`${base}/sign#agreements`);
    }
    const { app } = await borrowing.loadApplicationFor(db, { operatorId: operator.id, applicationId, actor, allow: ["borrower", "clerk"] });
    if (app.status === "signed") return redirect(`${base}?signed=1`);
    if (intent === "send") {
      await borrowing.sendBorrowingCode(db, { operatorId: operator.id, purpose: "sign", subject: app.id, phone: app.phone, requestIp: context.clientIp, secretKey, sms: codeSms });
      return { sent: true };
    }
    await borrowing.signAgreements(db, {
      operatorId: operator.id,
      operatorNameZh: operator.nameZh,
      applicationId,
      actor,
      code: String(form.get("code") ?? ""),
      seenHashes: form.getAll("seen").map(String),
      ip: context.clientIp,
      userAgent: userAgent(request),
      secretKey,
      afterListing: allocateAfterListing(db, operator.id),
      notify: smsSenderFor,
    });
    return redirect(`${base}?signed=1`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), sent: intent === "sign" };
  }
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Sign() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const errors = result?.errors;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("borrow.sign.title")}</h1>
      {d.witness ? <Notice tone="amber">{t("borrow.sign.witness")}</Notice> : null}
      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("borrow.sign.offer")}</h2>
        <OfferSummary offer={d.offer} />
      </section>

      <PostForm className="card space-y-3" replace>
        <h2 className="text-lg font-semibold">{t("borrow.sign.channel")}</h2>
        <FormError errors={result?.sent === undefined ? errors : undefined} />
        <fieldset className="space-y-2">
          <legend className="text-sm text-slate-600">{t("borrow.sign.channelLead")}</legend>
          {d.channels.map((c) => (
            <label key={c} className="flex min-h-11 items-start gap-2 rounded-lg border border-slate-200 p-3 has-[:checked]:border-brand">
              <input type="radio" name="channel" value={c} defaultChecked={(d.channel ?? "passbook_debit") === c} disabled={c === "passbook_debit" && !d.hasPassbook} className="mt-1" />
              <span>
                <span className="block font-medium">{t(`repayment.${c}` as MessageKey)}</span>
                <span className="block text-xs text-slate-500">{c === "passbook_debit" ? t("borrow.sign.passbookNote", { account: d.passbook }) : t(`borrow.sign.note.${c}` as MessageKey)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="space-y-1">
          <label htmlFor="field-storeId" className="block text-sm font-medium">
            {t("borrow.sign.store")}
          </label>
          <select id="field-storeId" name="storeId" className="field-input" defaultValue={d.storeId}>
            {d.stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {errors?.channel && result?.sent === undefined ? <p className="text-sm font-medium text-red-700">{translateError(t, errors.channel)}</p> : null}
        <button type="submit" name="intent" value="channel" className="btn-secondary w-full" disabled={busy} data-testid="save-channel">
          {d.channel ? t("borrow.sign.changeChannel") : t("borrow.sign.saveChannel")}
        </button>
      </PostForm>

      {d.channel ? (
        <section id="agreements" className="card space-y-3">
          <h2 className="text-lg font-semibold">{t("borrow.sign.agreements")}</h2>
          <p className="text-sm text-slate-600">{t("borrow.sign.agreementsLead", { count: d.agreements.length })}</p>
          <ul className="space-y-2" data-testid="agreements-to-sign">
            {d.agreements.map((a) => (
              <li key={a.kind}>
                <details className="rounded-lg border border-slate-200">
                  <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-2 px-3 font-medium">
                    {a.title}
                    <span className="text-xs font-normal text-slate-500">{a.version}</span>
                  </summary>
                  <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words border-t border-slate-200 p-3 font-sans text-sm leading-relaxed">{a.content}</pre>
                  <p className="px-3 pb-2">
                    <a href={`${d.base}/agreements/${a.kind}/pdf`} className="text-sm text-brand underline">
                      {t("borrow.detail.pdf")}
                    </a>
                  </p>
                </details>
              </li>
            ))}
          </ul>
          <PostForm className="space-y-3" replace>
            {d.agreements.map((a) => (
              <input key={a.kind} type="hidden" name="seen" value={a.hash} />
            ))}
            <FormError errors={result?.sent !== undefined ? errors : undefined} />
            <p className="text-sm">{t("borrow.sign.codeLead", { phone: d.phoneMasked })}</p>
            {result?.sent && !errors ? (
              <Notice testId="code-sent">{t("borrow.sign.codeSent", { phone: d.phoneMasked })}</Notice>
            ) : null}
            <button type="submit" name="intent" value="send" formNoValidate className="btn-secondary w-full" disabled={busy} data-testid="send-sign-code">
              {t("borrow.sign.sendCode")}
            </button>
            {d.sandboxSms ? <p className="text-xs text-slate-500">{t("login.sandboxHint")}</p> : null}
            <Field name="code" label={t("borrow.sign.code")} inputMode="numeric" autoComplete="one-time-code" maxLength={6} errors={result?.sent !== undefined ? errors : undefined} />
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="read" value="yes" required className="mt-1" />
              {t("borrow.sign.confirmRead")}
            </label>
            <button type="submit" name="intent" value="sign" className="btn-primary w-full" disabled={busy} data-testid="sign">
              {t("borrow.sign.submit")}
            </button>
          </PostForm>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
