import { PageErrorBoundary } from "../../components/page-error-boundary";

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = PageErrorBoundary;
