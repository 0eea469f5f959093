import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { auditPageData } from "../../audit.server";
import { AuditLogView } from "../../components/audit-log";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const signedIn = await requireUser(request, params, "finance");
  return auditPageData(request, signedIn, `/o/${signedIn.operator.slug}/finance`);
}

export default function FinanceAuditLog() {
  return <AuditLogView data={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = PageErrorBoundary;
