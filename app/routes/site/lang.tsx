import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "../../forms.server";
import { localeCookie } from "../../i18n/i18n.server";
import { isLocale } from "../../i18n/messages";
import { safeReturnTo } from "../../session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const locale = form.get("locale");
  const returnTo = safeReturnTo(form.get("returnTo"), "/");
  if (!isLocale(locale)) return redirect(returnTo);
  return redirect(returnTo, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export async function loader() {
  return redirect("/");
}
