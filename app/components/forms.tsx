import { Form, type FormProps } from "@remix-run/react";
import type { ReactNode } from "react";
import { useCsrfToken, useI18n } from "./i18n";
import type { MessageKey, Translate } from "../i18n/messages";
import type { FieldErrors } from "../forms.server";

/** A POST form that carries the CSRF token and works before JavaScript loads. */
export function PostForm({ children, ...props }: Omit<FormProps, "method"> & { children: ReactNode }) {
  const token = useCsrfToken();
  return (
    <Form method="post" {...props}>
      <input type="hidden" name="_csrf" value={token} />
      {children}
    </Form>
  );
}

/** A field error in the user's language; codes without a message of their own get a generic one. */
export function translateError(t: Translate, error: { key: string; params?: Record<string, string | number> }): string {
  const text = t(error.key as MessageKey, error.params);
  return text === error.key ? t("error.generic") : text;
}

export function Field({
  name,
  label,
  hint,
  errors,
  ...input
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
} & React.InputHTMLAttributes<HTMLInputElement>) {
  const { t } = useI18n();
  const error = errors?.[name];
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <div className="flex items-baseline">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {input.required ? <RequiredMark /> : null}
      </div>
      <input
        id={id}
        name={name}
        className="field-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700" role="alert">
          {translateError(t, error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The one mark of a required field: a red asterisk for the eye, beside (not inside) the
 * label. Screen readers already announce the input's `required`, so the mark stays out of
 * the field's accessible name.
 */
export function RequiredMark() {
  return (
    <span className="ml-0.5 text-red-700" aria-hidden="true" data-testid="required-mark">
      *
    </span>
  );
}

export function FormError({ errors }: { errors?: FieldErrors }) {
  const { t } = useI18n();
  const error = errors?._form;
  if (!error) return null;
  return (
    <p className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800" role="alert">
      {translateError(t, error)}
    </p>
  );
}
