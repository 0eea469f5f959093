import { Link, useLoaderData } from "@remix-run/react";
import { allOperators } from "../../operator.server";
import { useI18n } from "../../components/i18n";
import { LanguageSwitch } from "../../components/language-switch";
import { PLAIN_HTML } from "../../route-handle";

export async function loader() {
  const operators = await allOperators();
  return {
    operators: operators.map((op) => ({
      slug: op.slug,
      nameZh: op.nameZh,
      nameEn: op.nameEn,
      logoPath: op.logoPath,
      brandPrimary: op.brandPrimary,
    })),
  };
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function ChooseOperator() {
  const { operators } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="min-h-screen">
      <header className="bg-slate-800 text-white">
        <div className="mx-auto flex h-14 max-w-3xl items-center px-4">
          <span className="font-semibold">{t("app.name")}</span>
          <LanguageSwitch className="ml-auto" />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl space-y-4 px-4 py-6">
        <h1 className="text-2xl font-bold">{t("chooser.title")}</h1>
        <p className="text-slate-600">{t("chooser.lead")}</p>
        <ul className="grid gap-3 sm:grid-cols-3">
          {operators.map((op) => (
            <li key={op.slug}>
              <Link
                to={`/o/${op.slug}`}
                className="card flex items-center gap-3 border-l-4 hover:bg-slate-50"
                style={{ borderLeftColor: op.brandPrimary }}
              >
                <img src={op.logoPath} alt="" width={48} height={48} className="size-12" />
                <span className="flex-1">
                  <span className="block text-lg font-semibold">{locale === "zh-CN" ? op.nameZh : op.nameEn}</span>
                  <span className="block text-sm text-slate-500">{locale === "zh-CN" ? op.nameEn : op.nameZh}</span>
                </span>
                <span aria-hidden="true" className="text-slate-400">
                  ›
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="text-sm text-slate-500">{t("app.tagline")}</p>
      </main>
    </div>
  );
}
