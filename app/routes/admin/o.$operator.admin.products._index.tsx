import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pct } from "../../borrowing.server";
import { borrowing } from "../../services.server";
import { AdminTabs } from "../../components/admin-tabs";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "admin");
  const library = await borrowing.listProductLibrary(db, operator.id);
  const codes = [...new Set(library.map((p) => p.code))];
  return {
    base: `/o/${operator.slug}/admin`,
    products: codes.map((code) => {
      const versions = library.filter((p) => p.code === code);
      const shown = versions.find((p) => p.active) ?? versions[0]!;
      return {
        code,
        active: versions.some((p) => p.active),
        version: shown.version,
        versions: versions.length,
        nameZh: shown.nameZh,
        nameEn: shown.nameEn,
        purpose: shown.purpose,
        min: shown.minAmount,
        max: shown.maxAmount,
        rate: pct(shown.annualRate),
        term: shown.termMonths,
        method: shown.method,
        risk: shown.riskLevel,
      };
    }),
  };
}

export default function Products() {
  const d = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={d.base} />
      <Link to="new" className="btn-primary w-full sm:w-auto">
        {t("admin.products.new")}
      </Link>
      <ul className="space-y-2" data-testid="product-library">
        {d.products.map((p) => (
          <li key={p.code}>
            <Link to={p.code} className={`card block space-y-1 hover:bg-slate-50 ${p.active ? "" : "opacity-60"}`}>
              <div className="flex justify-between gap-2">
                <span className="font-semibold">
                  {p.code} {locale === "zh-CN" ? p.nameZh : p.nameEn}
                </span>
                <span className="text-xs text-slate-500">
                  v{p.version} · {p.active ? t("admin.products.active") : t("admin.products.withdrawn")}
                </span>
              </div>
              <p className="text-sm text-slate-600">
                {t(`purpose.${p.purpose}` as MessageKey)} · <Money amount={p.min} />–<Money amount={p.max} /> · {p.rate} · {t("borrow.months", { n: p.term })} ·{" "}
                {t(`method.${p.method}` as MessageKey)}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
