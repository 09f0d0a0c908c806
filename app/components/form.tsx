import type { InputHTMLAttributes, ReactNode } from "react";

export interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled input whose error is announced and tied to it for screen readers. */
export function Field({ name, label, error, hint, id, ...rest }: FieldProps) {
  const inputId = id ?? `f-${name}`;
  const describedBy = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p id={`${inputId}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input id={inputId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...rest} />
      {error ? (
        <p id={`${inputId}-error`} className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * What every field with an error carries, whatever its element (input, select, textarea, checkbox):
 * aria-invalid and aria-describedby naming its hint and its error, so a screen reader says why it
 * is wrong when the field gets focus. Use with <FieldError id={id} error={error} />.
 */
export function fieldAria(id: string, error?: string, hint?: boolean): { "aria-invalid"?: true; "aria-describedby"?: string } {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
}

/** A field's error, with the id fieldAria points at. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="error">
      {error}
    </p>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}

/**
 * A download that writes an audit row is a POST behind a button, not a link:
 * a link can be followed from another site in the staff member's name, and
 * only a POST carries the origin the CSRF check asks for. A plain form, so the
 * browser downloads the file itself (with or without JavaScript).
 */
export function ExportButton({ action, children }: { action: string; children: ReactNode }) {
  return (
    <form method="post" action={action} className="inline-form">
      <button type="submit" className="link-button">
        {children}
      </button>
    </form>
  );
}
