/** Shared pieces of the applicant's and the staff's request pages. Letters are shown as text, never as HTML. */
import type { ClockView } from "~/.server/requests/clock";
import type { ApplicantView, HistoryEvent } from "~/.server/requests/history";
import type { ReactNode } from "react";
import { Field, FieldError, fieldAria } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

const TYPES = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"] as const;
const FORMS = ["paper", "electronic"] as const;
const DELIVERIES = ["post", "email", "pickup", "online"] as const;

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge request-${status}`}>{t(`requests.status.${status}` as MessageKey)}</span>;
}

export function DueBadge({ clock }: { clock: ClockView }) {
  const t = useT();
  if (clock.overdue) return <span className="badge request-overdue">{t("requests.console.overdue")}</span>;
  if (clock.nearlyDue) return <span className="badge request-near">{t("requests.console.nearlyDue")}</span>;
  if (clock.correctionLapsed) return <span className="badge request-overdue">{t("requests.console.correctionLapsed")}</span>;
  return null;
}

/** Why the clock stands where it does, in one sentence. */
export function ClockLine({ clock, extensionDays, repliedOn }: { clock: ClockView; extensionDays: number; repliedOn: string | null }) {
  const t = useT();
  let line: string;
  if (clock.state === "paused_correction") {
    line = clock.correctionLapsed ? t("requests.clock.correctionLapsed", { day: clock.correctionDueOn ?? "" }) : t("requests.clock.correction", { day: clock.correctionDueOn ?? "" });
  } else if (clock.state === "paused_consultation") {
    line = t("requests.clock.consultation", { day: clock.consultDueOn ?? "", days: clock.daysLeft ?? 0 });
  } else if (clock.state === "stopped") {
    line = t("requests.clock.stopped", { day: repliedOn ?? "" });
  } else if (clock.overdue) {
    line = t("requests.clock.overdue", { days: -(clock.daysLeft ?? 0), day: clock.dueOn ?? "" });
  } else {
    line = t("requests.clock.running", { days: clock.daysLeft ?? 0, day: clock.dueOn ?? "" });
  }
  return (
    <div className="request-clock-box">
      <p className={`request-clock${clock.overdue ? " request-overdue" : clock.nearlyDue ? " request-near" : ""}`} data-testid="request-clock">
        {line}
        {clock.extended ? ` ${t("requests.clock.extended", { days: extensionDays })}` : ""}
      </p>
      {clock.provisional ? <ProvisionalNote years={clock.missingYears} /> : null}
    </div>
  );
}

/** The deadline rests on weekends only for a year without a holiday schedule: said in full. */
export function ProvisionalNote({ years }: { years: number[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <p className="notice request-provisional" data-testid="request-provisional">
      {t("requests.clock.provisional", { years: years.join(lang === "en" ? ", " : "、") })}
    </p>
  );
}

/** A deadline in a list: the day, marked when provisional; while waiting for a correction, the correction's. */
export function DueDay({ clock }: { clock: ClockView }) {
  const t = useT();
  const lang = useLang();
  if (!clock.dueOn) return <>{clock.correctionDueOn ? `${t("requests.console.correctionDueOn")} ${clock.correctionDueOn}` : "—"}</>;
  return (
    <>
      {clock.dueOn}
      {clock.provisional ? (
        <>
          {" "}
          <span className="badge request-provisional" title={t("requests.clock.provisional", { years: clock.missingYears.join(lang === "en" ? ", " : "、") })}>
            {t("requests.clock.provisionalShort")}
          </span>
        </>
      ) : null}
    </>
  );
}

/** The request's history, for the applicant (the server already left out what is internal) or for staff. */
export function History({ events, staffView = false }: { events: HistoryEvent[]; staffView?: boolean }) {
  const t = useT();
  return (
    <>
      <h2>{t("requests.history")}</h2>
      <ol className="request-history">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{e.on}</strong> <span className="request-step">{t(`requests.event.${e.kind}` as MessageKey)}</span>
            {staffView ? ` · ${e.actorName ?? (e.bySystem ? t("requests.event.bySystem") : "")}` : ""}
            {staffView && e.note ? <p>{e.note}</p> : null}
            {staffView && Object.keys(e.data).length ? <p className="hint">{Object.entries(e.data).map(([k, v]) => `${k}: ${String(v)}`).join(" · ")}</p> : null}
            {e.letter ? (
              <details>
                <summary>{t("requests.letter")}</summary>
                {/* The official letter is a Chinese document in either language. */}
                <pre className="request-letter" lang="zh-CN">
                  {e.letter}
                </pre>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}

/** What was asked and how it is wanted (Art 29), as the applicant and staff both see it. */
export function RequestFacts({ r, children }: { r: { description: string; preferredForm: string; delivery: string }; children?: ReactNode }) {
  const t = useT();
  return (
    <dl className="request-facts">
      {children}
      <dt>{t("requests.description")}</dt>
      <dd className="prewrap">{r.description}</dd>
      <dt>{t("requests.preferredForm")}</dt>
      <dd>
        {t(`requests.form.${r.preferredForm}` as MessageKey)} · {t(`requests.delivery.${r.delivery}` as MessageKey)}
      </dd>
    </dl>
  );
}

/** The applicant's view of a request: on their own page when signed in, or after a lookup by number and contact. */
export function ApplicantRequest({ view }: { view: ApplicantView }) {
  const { request: r, unitName, unitNameEn, clock, events } = view;
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>
        {t("requests.trackingNo")} {r.trackingNo}
      </h1>
      <p>
        <StatusBadge status={r.status} /> · {t("requests.unit")}: {lang === "en" ? unitNameEn : unitName} · {t("requests.receivedOn")}: {r.receivedOn}
      </p>
      <ClockLine clock={clock} extensionDays={r.extensionDays} repliedOn={r.repliedOn} />
      <RequestFacts r={r}>
        <dt>{t("requests.applicantName")}</dt>
        <dd>
          {r.applicantName} ({t(`requests.type.${r.applicantType}` as MessageKey)})
        </dd>
      </RequestFacts>
      <History events={events} />
    </>
  );
}

export function Select({ name, label, options, value, error, labelOf }: { name: string; label: string; options: readonly string[]; value?: string; error?: string; labelOf: (o: string) => string }) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""} aria-invalid={error ? true : undefined} aria-describedby={error ? `f-${name}-error` : undefined}>
        <option value="" disabled>
          —
        </option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`f-${name}-error`} className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}


/** The Art 29 fields: who asks, how to reach them, what they want and how they want it. */
export function RequestFields({ units, values = {}, errors = {} }: { units: { id: number; name: string }[]; values?: Record<string, string>; errors?: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <div className={`field${errors.unitId ? " has-error" : ""}`}>
        <label htmlFor="f-unitId">{t("requests.unit")}</label>
        <select id="f-unitId" name="unitId" defaultValue={values.unitId ?? ""} {...fieldAria("f-unitId", errors.unitId)}>
          <option value="">—</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <FieldError id="f-unitId" error={errors.unitId} />
      </div>
      <Select name="applicantType" label={t("requests.applicantType")} options={TYPES} value={values.applicantType ?? "natural_person"} error={errors.applicantType} labelOf={(o) => t(`requests.type.${o}` as MessageKey)} />
      <Field name="applicantName" label={t("requests.applicantName")} defaultValue={values.applicantName} error={errors.applicantName} required maxLength={100} />
      <Field name="contactEmail" type="email" label={t("requests.contactEmail")} defaultValue={values.contactEmail} error={errors.contactEmail} maxLength={200} />
      <Field name="contactPhone" label={t("requests.contactPhone")} defaultValue={values.contactPhone} error={errors.contactPhone} maxLength={40} />
      <Field name="contactAddress" label={t("requests.contactAddress")} defaultValue={values.contactAddress} error={errors.contactAddress} maxLength={300} />
      <div className={`field${errors.description ? " has-error" : ""}`}>
        <label htmlFor="f-description">{t("requests.description")}</label>
        <textarea id="f-description" name="description" rows={6} maxLength={4000} required defaultValue={values.description} {...fieldAria("f-description", errors.description)} />
        <FieldError id="f-description" error={errors.description} />
      </div>
      <Select name="preferredForm" label={t("requests.preferredForm")} options={FORMS} value={values.preferredForm ?? "electronic"} error={errors.preferredForm} labelOf={(o) => t(`requests.form.${o}` as MessageKey)} />
      <Select name="delivery" label={t("requests.delivery")} options={DELIVERIES} value={values.delivery ?? "email"} error={errors.delivery} labelOf={(o) => t(`requests.delivery.${o}` as MessageKey)} />
    </>
  );
}
