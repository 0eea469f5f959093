import { useRouteError } from "@remix-run/react";
import { ErrorMessage } from "../root";
import { useOperatorData } from "./operator-shell";

/** Errors of a page under an operator render inside the operator's shell. */
export function PageErrorBoundary() {
  const error = useRouteError();
  const data = useOperatorData();
  return <ErrorMessage error={error} homeHref={data ? `/o/${data.operator.slug}` : "/"} />;
}
