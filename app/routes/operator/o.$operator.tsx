import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { identity, notifications } from "../../services.server";
import { getDb } from "../../db.server";
import { Outlet, useRouteError } from "@remix-run/react";
import { optionalUser } from "../../guard.server";
import { isEmbedded } from "../../embed.server";
import { OperatorShell } from "../../components/operator-shell";
import { ErrorMessage } from "../../root";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session } = await optionalUser(request, params);
  const url = new URL(request.url);
  if (url.searchParams.get("from") === "app" && !session && operator.signOnAvailable) {
    // Opened from the operator's app: try a silent sign-on (prompt=none) first; if the
    // operator does not know the user, the callback lands on the sign-in page, no error.
    url.searchParams.delete("from");
    const returnTo = url.pathname + url.search;
    throw redirect(`/o/${operator.slug}/sso/start?prompt=none&returnTo=${encodeURIComponent(returnTo)}`);
  }
  const unreadNotifications = session ? await notifications.countUnreadNotifications(await getDb(), { userId: session.user.id }) : 0;
  return {
    embedded: isEmbedded(request),
    unreadNotifications,
    operator: {
      slug: operator.slug,
      nameZh: operator.nameZh,
      nameEn: operator.nameEn,
      logoPath: operator.logoPath,
      brandPrimary: operator.brandPrimary,
      brandPrimaryDark: operator.brandPrimaryDark,
      brandAccent: operator.brandAccent,
      /** Public (it is in the CSP header): where framed pages may post their height. */
      frameAncestors: operator.frameAncestors,
    },
    user: session
      ? {
          name: session.user.name,
          phoneMasked: identity.maskPhone(session.user.phone),
          roles: session.user.roles,
          hasPassword: session.user.hasPassword,
        }
      : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.operator.nameZh} · 普惠金融` }] : [{ title: "普惠金融" }];

export default function OperatorLayout() {
  return (
    <OperatorShell>
      <Outlet />
    </OperatorShell>
  );
}

/** Unknown operator (the loader threw): there is no brand to show, only the portal's. */
export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <main className="mx-auto max-w-lg p-6">
      <ErrorMessage error={error} />
    </main>
  );
}
