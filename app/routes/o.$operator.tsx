import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { identity } from "../services.server";
import { Outlet, useRouteError } from "@remix-run/react";
import { requireOperator } from "../operator.server";
import { getOperatorSession } from "../session.server";
import { OperatorShell } from "../components/operator-shell";
import { ErrorMessage } from "../root";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  const session = await getOperatorSession(request, operator);
  return {
    operator: {
      slug: operator.slug,
      nameZh: operator.nameZh,
      nameEn: operator.nameEn,
      logoPath: operator.logoPath,
      brandPrimary: operator.brandPrimary,
      brandPrimaryDark: operator.brandPrimaryDark,
      brandAccent: operator.brandAccent,
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
