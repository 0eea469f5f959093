import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { readForm } from "../../forms.server";
import { requireOperator } from "../../operator.server";
import { investing } from "../../services.server";

/**
 * DEV ONLY (404 in production): funds a loan in `funding` in full through the investor
 * journey's real services (two sandbox investors are real-named, top up and invest), so the
 * borrower journey can be walked to disbursement in the demo and the browser tests.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (getConfig().production) throw new Response("Not found", { status: 404 });
  const operator = await requireOperator(params);
  const form = await readForm(request, context);
  const loanId = String(form.get("loanId") ?? "");
  await investing.fundLoanWithSandboxInvestors(await getDb(), { operatorId: operator.id, loanId, secretKey: getConfig().secretKey });
  const back = String(form.get("returnTo") ?? "");
  return redirect(back.startsWith(`/o/${operator.slug}/`) ? back : `/o/${operator.slug}`);
}

export async function loader() {
  throw new Response("Not found", { status: 404 });
}
