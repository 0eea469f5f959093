import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { codeSms, userAgent } from "../../borrowing.server";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { borrowing, identity, stores } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const { app } = await orBadRequest(borrowing.loadApplicationFor(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor, allow: ["borrower", "clerk"] }));
  const base = `/o/${operator.slug}/borrow/applications/${app.id}`;
  if (app.status !== "signed" || !app.loanId) throw redirect(base);
  const current = await borrowing.currentRepaymentChannel(db, app.loanId);
  const storeList = await stores.listStores(db, operator.id);
  // Signed without passbook debit: moving to it signs the debit entrustment here, read first.
  const debit = await borrowing.previewDebitEntrustment(db, app, { operatorNameZh: operator.nameZh });
  return {
    base,
    current: current?.channel ?? null,
    channels: [...borrowing.REPAYMENT_CHANNELS],
    storeId: current?.storeId ?? storeList[0]?.id ?? "",
    stores: storeList.map((s) => ({ id: s.id, name: `${s.nameZh} · ${s.addressZh}` })),
    phoneMasked: identity.maskPhone(app.phone),
    passbook: `${app.passbookBank ?? ""} ${app.passbookAccountMasked ?? ""}`,
    debit: debit ? { title: debit.title, content: debit.content, hash: debit.documentHash } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db, secretKey } = await requireUser(request, params);
  const form = await readForm(request, context);
  const applicationId = params.applicationId ?? "";
  const channel = String(form.get("channel") ?? "");
  const storeId = String(form.get("storeId") ?? "");
  try {
    if (form.get("intent") === "send") {
      const { app } = await borrowing.loadApplicationFor(db, { operatorId: operator.id, applicationId, actor, allow: ["borrower", "clerk"] });
      if (!app.loanId) throw new Response("Not signed", { status: 400 });
      await borrowing.sendBorrowingCode(db, { operatorId: operator.id, purpose: "repayment_channel", subject: app.loanId, phone: app.phone, requestIp: context.clientIp, secretKey, sms: codeSms });
      return { sent: true, channel, storeId, errors: undefined as FieldErrors | undefined };
    }
    const entrustment = {
      operatorNameZh: operator.nameZh,
      seenHash: form.get("debitConsent") ? String(form.get("debitSeen") ?? "") : null,
      ip: context.clientIp,
      userAgent: userAgent(request),
    };
    await borrowing.changeRepaymentChannel(db, { operatorId: operator.id, applicationId, actor, channel, storeId, code: String(form.get("code") ?? ""), secretKey, entrustment });
    return redirect(`/o/${operator.slug}/borrow/applications/${applicationId}?channel=1`);
  } catch (error) {
    return { sent: false, channel, storeId, errors: domainErrorToFieldErrors(error) };
  }
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function ChangeChannel() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const chosen = r?.channel || d.current || "passbook_debit";
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <Link to={d.base} className="text-sm text-brand underline">
        ← {t("borrow.detail.title")}
      </Link>
      <h1 className="text-2xl font-bold">{t("borrow.channel.title")}</h1>
      <p className="text-sm text-slate-600">{d.current ? t("borrow.channel.current", { channel: t(`repayment.${d.current}` as MessageKey) }) : null}</p>
      <PostForm className="card space-y-3" replace>
        <FormError errors={r?.errors} />
        <fieldset className="space-y-2">
          {d.channels.map((c) => (
            <label key={c} className="flex min-h-11 items-start gap-2 rounded-lg border border-slate-200 p-3">
              <input type="radio" name="channel" value={c} defaultChecked={chosen === c} className="mt-1" />
              <span>
                <span className="block font-medium">{t(`repayment.${c}` as MessageKey)}</span>
                <span className="block text-xs text-slate-500">{c === "passbook_debit" ? t(d.debit ? "borrow.channel.debitNoteToSign" : "borrow.channel.debitNote", { account: d.passbook }) : t(`borrow.sign.note.${c}` as MessageKey)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <select name="storeId" aria-label={t("borrow.sign.store")} className="field-input" defaultValue={r?.storeId || d.storeId}>
          {d.stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {d.debit ? (
          <div className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid="debit-entrustment">
            <details>
              <summary className="cursor-pointer text-sm font-medium">{t("borrow.channel.debitAgreement")}</summary>
              <pre className="mt-2 text-xs whitespace-pre-wrap text-slate-700">{d.debit.content}</pre>
            </details>
            <input type="hidden" name="debitSeen" value={d.debit.hash} />
            <label className="flex min-h-11 items-start gap-2 text-sm">
              <input type="checkbox" name="debitConsent" value="1" className="mt-1" aria-describedby={r?.errors?.debitConsent ? "field-debitConsent-error" : undefined} />
              <span>{t("borrow.channel.debitConsent")}</span>
            </label>
            {r?.errors?.debitConsent ? (
              <p id="field-debitConsent-error" className="text-sm font-medium text-red-700" role="alert">
                {translateError(t, r.errors.debitConsent)}
              </p>
            ) : null}
          </div>
        ) : null}
        {r?.sent ? <Notice testId="code-sent">{t("borrow.sign.codeSent", { phone: d.phoneMasked })}</Notice> : null}
        <button type="submit" name="intent" value="send" className="btn-secondary w-full" disabled={busy}>
          {t("borrow.sign.sendCode")}
        </button>
        <Field name="code" label={t("borrow.sign.code")} inputMode="numeric" maxLength={6} autoComplete="one-time-code" errors={r?.errors} />
        <button type="submit" name="intent" value="change" className="btn-primary w-full" disabled={busy}>
          {t("borrow.channel.submit")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
