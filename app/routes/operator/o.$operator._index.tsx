import { Link } from "@remix-run/react";
import { useI18n } from "../../components/i18n";
import { useOperatorData } from "../../components/operator-shell";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function OperatorHome() {
  const data = useOperatorData();
  const { t, locale } = useI18n();
  if (!data) return null;
  const { operator, user } = data;
  const operatorName = locale === "zh-CN" ? operator.nameZh : operator.nameEn;
  return (
    <div className="space-y-4">
      <section className="rounded-xl bg-brand p-5 text-white">
        <h1 className="text-xl font-bold" data-testid="home-heading">
          {user ? t("home.welcomeBack", { name: user.name ?? user.phoneMasked }) : t("home.welcome", { operator: operatorName })}
        </h1>
        <p className="mt-1 opacity-90">{t("home.lead")}</p>
        {user ? null : (
          <Link to={`/o/${operator.slug}/login`} className="btn mt-4 bg-white font-semibold text-brand-dark hover:bg-brand-soft">
            {t("nav.signIn")}
          </Link>
        )}
      </section>

      {user ? (
        <section className="card" data-testid="signed-in">
          <h2 className="text-sm font-medium text-slate-500">{t("home.yourRoles")}</h2>
          <ul className="mt-2 flex flex-wrap gap-2">
            {(user.roles.length ? user.roles : ["none"]).map((role) => (
              <li key={role} className="rounded-full bg-brand-soft px-3 py-1 text-sm font-medium text-brand-dark">
                {t(`role.${role}` as MessageKey)}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="text-slate-600">{t("home.signInPrompt")}</p>
      )}

      <div className="grid gap-3 sm:grid-cols-2">
        <section className="card space-y-2" data-testid="borrow-card">
          <h2 className="text-lg font-semibold">{t("home.borrow.title")}</h2>
          <p className="text-slate-600">{t("home.borrow.body")}</p>
          <Link
            to={user ? `/o/${operator.slug}/borrow` : `/o/${operator.slug}/login?returnTo=${encodeURIComponent(`/o/${operator.slug}/borrow`)}`}
            className="btn-primary w-full"
            data-testid="borrow-entry"
          >
            {t("home.borrow.cta")}
          </Link>
        </section>
        <section className="card space-y-3" data-testid="home-invest">
          <h2 className="text-lg font-semibold">{t("home.invest.title")}</h2>
          <p className="text-slate-600">{t("home.invest.body")}</p>
          <div className="flex flex-wrap gap-2">
            <Link to={`/o/${operator.slug}/invest`} className="btn-primary flex-1">
              {t("home.invest.list")}
            </Link>
            {user?.roles.includes("investor") ? (
              <Link to={`/o/${operator.slug}/me/wallet`} className="btn-secondary flex-1">
                {t("nav.wallet")}
              </Link>
            ) : user ? (
              <Link to={`/o/${operator.slug}/invest/register`} className="btn-secondary flex-1">
                {t("home.invest.register")}
              </Link>
            ) : null}
          </div>
        </section>
        {user?.roles.includes("store_clerk") ? (
          <section className="card space-y-3">
            <h2 className="text-lg font-semibold">{t("store.title")}</h2>
            <p className="text-slate-600">{t("home.store.body")}</p>
            <Link to={`/o/${operator.slug}/store`} className="btn-primary">
              {t("home.store.open")}
            </Link>
          </section>
        ) : null}
      </div>

      <section className="card">
        <h2 className="font-semibold">{t("home.steps.title")}</h2>
        <p className="mt-1 text-slate-600">{t("home.steps.borrow")}</p>
      </section>

      <footer aria-label={t("home.footer.label")} className="space-y-2 border-t border-slate-200 pt-3 text-xs text-slate-500">
        <p>{t("home.risk")}</p>
        <nav>
          <Link to={`/o/${operator.slug}/disclosure`} className="inline-flex min-h-11 items-center font-medium text-brand-dark underline" data-testid="footer-disclosure">
            {t("home.footer.disclosure")}
          </Link>
        </nav>
      </footer>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
