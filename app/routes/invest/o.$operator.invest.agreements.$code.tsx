import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOperator } from "../../operator.server";
import { investing } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ params }: LoaderFunctionArgs) {
  await requireOperator(params);
  const agreement = investing.getAgreement(params.code ?? "");
  if (!agreement) throw new Response("Agreement not found", { status: 404 });
  return { agreement };
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Agreement() {
  const { agreement } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const zh = locale === "zh-CN";
  return (
    <article className="card mx-auto max-w-2xl space-y-3">
      <h1 className="text-xl font-bold">{zh ? agreement.titleZh : agreement.titleEn}</h1>
      <p className="text-xs text-slate-500">{t("agreement.version", { version: agreement.version })}</p>
      {(zh ? agreement.bodyZh : agreement.bodyEn).map((p, i) => (
        <p key={i} className="leading-relaxed">
          {p}
        </p>
      ))}
    </article>
  );
}

export const ErrorBoundary = PageErrorBoundary;
