import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { collections } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { teamName } from "../../components/team-name";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, ["collector", "admin"]);
  return { stats: await collections.collectionStats(db, { operatorId: operator.id }), buckets: collections.BUCKETS };
}

type Figures = Omit<collections.CollectorStats, "userId" | "name" | "team">;

function StatCard({ title, subtitle, s, buckets, testId }: { title: string; subtitle?: string; s: Figures; buckets: readonly string[]; testId: string }) {
  const { t } = useI18n();
  const item = (label: string, value: React.ReactNode, id?: string) => (
    <div className="rounded-lg bg-slate-50 p-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold" data-testid={id}>{value}</dd>
    </div>
  );
  return (
    <section className="card space-y-2" data-testid={testId}>
      <h3 className="font-semibold">
        {title} {subtitle ? <span className="text-sm font-normal text-slate-500">{subtitle}</span> : null}
      </h3>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {item(t("collect.stats.open"), s.openCases, "stat-open")}
        {item(t("collect.stats.recovered"), <Money amount={s.recovered} />, "stat-recovered")}
        {item(t("collect.stats.contactsToday"), s.contactsToday, "stat-contacts-today")}
        {item(t("collect.stats.contactsMonth"), s.contactsThisMonth, "stat-contacts-month")}
        {item(t("collect.stats.kept"), s.promisesKept, "stat-kept")}
        {item(t("collect.stats.broken"), s.promisesBroken, "stat-broken")}
        {item(t("collect.stats.pending"), s.promisesPending, "stat-pending")}
      </dl>
      <ul className="flex flex-wrap gap-2 text-xs">
        {buckets.map((b) => (
          <li key={b} className="rounded-full bg-white px-2 py-0.5 ring-1 ring-slate-200">
            {t(`collect.bucket.${b}` as MessageKey)}: {s.byBucket[b as keyof Figures["byBucket"]]}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function CollectStats() {
  const { stats, buckets } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-3">
      <h2 className="text-xl font-bold">{t("collect.stats.title")}</h2>
      <p className="text-xs text-slate-500">
        {t("collect.stats.asOf", { date: stats.today })} · {t("collect.stats.unassigned", { n: stats.unassigned })}
      </p>
      <StatCard title={t("collect.stats.team")} s={stats.team} buckets={buckets} testId="stats-team" />
      {stats.perCollector.map((c) => (
        <StatCard key={c.userId} title={c.name} subtitle={teamName(c.team, locale, t("collect.team.none"))} s={c} buckets={buckets} testId="stats-collector" />
      ))}
      <p className="text-xs text-slate-500">{t("collect.stats.recoveredHint")}</p>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
