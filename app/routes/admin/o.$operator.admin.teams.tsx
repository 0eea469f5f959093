import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { collections } from "../../services.server";
import { AdminTabs } from "../../components/admin-tabs";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { teamName } from "../../components/team-name";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "admin");
  return { base: `/o/${operator.slug}/admin`, ...(await collections.listCollectionTeams(db, { operatorId: operator.id })) };
}

/** The field of a team's range bound: the same name services/collections/team-ranges.ts puts its errors on (the page cannot import services). */
const rangeField = (teamId: string, bound: "min" | "max") => `${bound}Days.${teamId}`;

/** A typed day: whole digits, or empty for "and more" (null); anything else is NaN, refused by the service on its field. */
const day = (raw: FormDataEntryValue | null) => {
  const text = String(raw ?? "").trim();
  if (text === "") return null;
  return /^\d{1,5}$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const base = { operatorId: operator.id, actorUserId: actor.userId };
  const member = { ...base, teamId: String(form.get("teamId") ?? ""), userId: String(form.get("userId") ?? "") };
  const teamIds = form.getAll("teamId").map(String);
  const values = Object.fromEntries([...form.entries()].filter(([k]) => k.includes("Days.")).map(([k, v]) => [k, String(v)]));
  try {
    if (intent === "add") await collections.addTeamMember(db, member);
    else if (intent === "remove") await collections.removeTeamMember(db, member);
    else if (intent === "defaults") await collections.createDefaultTeams(db, base);
    else if (intent === "ranges") {
      const ranges = teamIds.map((teamId) => ({ teamId, minDays: day(form.get(rangeField(teamId, "min"))) ?? Number.NaN, maxDays: day(form.get(rangeField(teamId, "max"))) }));
      await collections.setTeamRanges(db, { ...base, ranges });
    } else return { intent, teamId: member.teamId, values, errors: { _form: { key: "error.collections.invalid" } } as FieldErrors };
  } catch (error) {
    return { intent, teamId: member.teamId, values, errors: domainErrorToFieldErrors(error) };
  }
  return redirect(`?done=${intent}`);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Team = Data["teams"][number];

function rangeText(t: ReturnType<typeof useI18n>["t"], team: { minDays: number; maxDays: number | null }) {
  return team.maxDays === null ? t("teams.range.open", { min: team.minDays }) : t("teams.range.closed", { min: team.minDays, max: team.maxDays });
}

function TeamCard({ team, collectors, errors }: { team: Team; collectors: Data["collectors"]; errors?: FieldErrors }) {
  const { t, locale } = useI18n();
  const outside = collectors.filter((c) => !team.members.some((m) => m.userId === c.userId));
  return (
    <section className="card space-y-3" aria-labelledby={`team-${team.id}`} data-testid="team" data-code={team.code}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`team-${team.id}`} className="font-semibold">{teamName(team, locale, team.code)}</h3>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm" data-testid="team-range">{t("teams.range")} {rangeText(t, team)}</span>
      </div>
      <div>
        <h4 className="text-sm text-slate-500">{t("teams.members")}</h4>
        {team.members.length === 0 ? <p className="text-sm text-slate-600">{t("teams.noMembers")}</p> : null}
        <ul className="divide-y divide-slate-100">
          {team.members.map((m) => (
            <li key={m.userId} className="flex items-center justify-between gap-2 py-1" data-testid="team-member">
              <span className="min-w-0 break-all">{m.name} <span className="text-sm text-slate-500">{m.phoneMasked}</span></span>
              <PostForm>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="teamId" value={team.id} />
                <input type="hidden" name="userId" value={m.userId} />
                <button type="submit" className="btn-secondary min-h-11 px-3 text-sm">{t("teams.remove")}</button>
              </PostForm>
            </li>
          ))}
        </ul>
      </div>
      {outside.length === 0 ? (
        <p className="text-sm text-slate-500">{collectors.length === 0 ? t("teams.noCollectors") : t("teams.everyoneIn")}</p>
      ) : (
        <PostForm className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="teamId" value={team.id} />
          <div className="min-w-0 flex-1 space-y-1">
            <label htmlFor={`add-${team.id}`} className="block text-sm font-medium text-slate-800">{t("teams.addWho")}</label>
            <select id={`add-${team.id}`} name="userId" className="field-input" aria-invalid={errors?.userId ? true : undefined}>
              {outside.map((c) => (
                <option key={c.userId} value={c.userId}>{c.name} {c.phoneMasked}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-primary">{t("teams.add")}</button>
          {errors?.userId ? <p className="w-full text-sm font-medium text-red-700" role="alert">{translateError(t, errors.userId)}</p> : null}
          <FormError errors={errors} />
        </PostForm>
      )}
    </section>
  );
}

function RangesForm({ teams, values, errors }: { teams: Team[]; values?: Record<string, string>; errors?: FieldErrors }) {
  const { t, locale } = useI18n();
  const value = (teamId: string, bound: "min" | "max", fallback: number | null) => values?.[rangeField(teamId, bound)] ?? (fallback === null ? "" : String(fallback));
  return (
    <section className="card space-y-3" aria-labelledby="ranges-h">
      <h3 id="ranges-h" className="font-semibold">{t("teams.ranges.title")}</h3>
      <p className="text-sm text-slate-600">{t("teams.ranges.lead")}</p>
      <PostForm className="space-y-3" data-testid="ranges-form">
        <input type="hidden" name="intent" value="ranges" />
        {teams.map((team) => (
          <fieldset key={team.id} className="grid grid-cols-2 gap-2">
            <input type="hidden" name="teamId" value={team.id} />
            <Field name={rangeField(team.id, "min")} label={t("teams.ranges.min", { team: teamName(team, locale, team.code) })} inputMode="numeric" defaultValue={value(team.id, "min", team.minDays)} errors={errors} />
            <Field name={rangeField(team.id, "max")} label={t("teams.ranges.max", { team: teamName(team, locale, team.code) })} hint={t("teams.ranges.maxHint")} inputMode="numeric" defaultValue={value(team.id, "max", team.maxDays)} errors={errors} />
          </fieldset>
        ))}
        <FormError errors={errors} />
        <button type="submit" className="btn-primary">{t("teams.ranges.save")}</button>
      </PostForm>
    </section>
  );
}

export default function AdminTeams() {
  const { base, teams, collectors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const { t } = useI18n();
  const errorsFor = (intent: string, teamId?: string) => (result && result.intent === intent && (!teamId || result.teamId === teamId) ? result.errors : undefined);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={base} />
      <h2 className="text-xl font-bold">{t("teams.title")}</h2>
      <p className="text-sm text-slate-600">{t("teams.lead")}</p>
      {done && !result ? (
        <p className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-800" role="status" data-testid="teams-done">{t(`teams.done.${done}` as MessageKey)}</p>
      ) : null}
      {teams.length === 0 ? (
        <PostForm className="card space-y-2">
          <p>{t("teams.none")}</p>
          <input type="hidden" name="intent" value="defaults" />
          <button type="submit" className="btn-primary">{t("teams.createDefaults")}</button>
        </PostForm>
      ) : null}
      {teams.map((team) => (
        <TeamCard key={team.id} team={team} collectors={collectors} errors={errorsFor("add", team.id) ?? errorsFor("remove", team.id)} />
      ))}
      {teams.length > 0 ? <RangesForm teams={teams} values={result?.intent === "ranges" ? result.values : undefined} errors={errorsFor("ranges")} /> : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
