import { Form, Link, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events.check-in";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { checkIn, checkInWindow, checkedInCount } from "~/.server/events/checkin";
import { displayCode } from "~/.server/events/codes";
import { eventsConfig } from "~/.server/events/config";
import { loadStaffSession } from "~/.server/events/staff";
import { text } from "~/.server/forms";
import { runForm } from "~/.server/http";
import { FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { formatDateTime, formatSession } from "~/lib/dates";

export const meta: Route.MetaFunction = ({ matches }) => [...pageTitle(matches, "title.consoleCheckIn"), { name: "viewport", content: "width=device-width, initial-scale=1" }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { s, e } = await loadStaffSession(request, context, params.id);
  const cfg = eventsConfig();
  const w = checkInWindow(s, cfg);
  const now = context.now();
  return {
    title: e.title,
    // Outside the window the door says so before anyone types a code.
    window: now < w.opens || now > w.closes ? { hours: cfg.checkInOpensHours, opens: formatDateTime(w.opens, context.lang), over: now > w.closes } : null,
    sessionId: s.id,
    when: formatSession(s.startsAt, s.endsAt, context.lang),
    attended: await checkedInCount(context.db, s.id),
    confirmed: s.taken,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { s, a } = await loadStaffSession(request, context, params.id);
  return runForm(request, context, z.object({ code: text(64) }), async ({ code }) => {
    const cfg = eventsConfig();
    const r = await checkIn(context.db, a, s.id, code, context.now(), cfg);
    return data({
      hours: cfg.checkInOpensHours,
      opens: formatDateTime(checkInWindow(s, cfg).opens, context.lang),
      ok: true as const,
      accepted: r.ok,
      reason: r.ok ? null : r.reason,
      attended: r.attendees,
      name: r.registration && r.ok ? r.registration.contactName : null,
      seats: r.registration && r.ok ? r.registration.seats : null,
      names: r.registration && r.ok ? r.registration.attendeeNames.join("、") : null,
      code: r.registration ? displayCode(r.registration.code) : null,
    });
  });
}

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };

/** Camera scanning where the browser has BarcodeDetector; typing always works. */
function Scanner({ onCode }: { onCode: (code: string) => void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [supported, setSupported] = useState(false);
  const [on, setOn] = useState(false);
  useEffect(() => setSupported(typeof window !== "undefined" && "BarcodeDetector" in window && !!navigator.mediaDevices), []);
  useEffect(() => {
    if (!on) return;
    let stop = false;
    let stream: MediaStream | undefined;
    const Ctor = (window as unknown as { BarcodeDetector: new (o: { formats: string[] }) => Detector }).BarcodeDetector;
    const detector = new Ctor({ formats: ["qr_code"] });
    (async () => {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      if (!video.current) return;
      video.current.srcObject = stream;
      await video.current.play();
      while (!stop) {
        const found = await detector.detect(video.current).catch(() => []);
        if (found[0]?.rawValue) {
          onCode(found[0].rawValue);
          setOn(false);
          break;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    })().catch(() => setOn(false));
    return () => {
      stop = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [on, onCode]);
  if (!supported) return null;
  return (
    <div className="ev-scan">
      <button type="button" className="button" onClick={() => setOn(!on)}>
        {on ? t("events.checkin.stopScan") : t("events.checkin.scan")}
      </button>
      {on ? <video ref={video} muted playsInline aria-label={t("events.checkin.camera")} /> : null}
    </div>
  );
}

export default function CheckIn() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const ok = result && result.ok ? result : undefined;
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ok && input.current) {
      input.current.value = "";
      input.current.focus();
    }
  }, [ok]);
  return (
    <div className="ev-checkin">
      <p>
        <Link to={`/console/events/sessions/${d.sessionId}`}>← {t("events.console.registrations")}</Link>
      </p>
      <h1>{t("events.checkin.title")}</h1>
      <p>
        {d.title}
        <br />
        {d.when}
      </p>
      <p className="ev-count" role="status" aria-live="polite">
        {t("events.checkin.count", { n: ok?.attended ?? d.attended })} / {d.confirmed}
      </p>
      {d.window && !ok ? (
        <p className="notice">{d.window.over ? t("events.checkin.reason.over") : t("events.checkin.reason.tooEarly", { hours: d.window.hours, opens: d.window.opens })}</p>
      ) : null}
      {ok ? (
        <div className={ok.accepted ? "ev-result ok" : "ev-result refused"} role="alert">
          {ok.accepted ? (
            <>
              <strong>{t("events.checkin.ok")}</strong>
              <p>
                {ok.name} · {t("events.my.seats", { n: ok.seats ?? 1 })}
                <br />
                {ok.names}
              </p>
            </>
          ) : (
            <>
              <strong>{t("events.checkin.refused")}</strong>
              <p>{t(`events.checkin.reason.${ok.reason!}`, { hours: ok.hours, opens: ok.opens })}</p>
              {ok.code ? <p>{ok.code}</p> : null}
            </>
          )}
        </div>
      ) : null}
      <Form method="post" ref={form} noValidate>
        <FormError message={err?.message} />
        <div className="field">
          <label htmlFor="f-code">{t("events.code")}</label>
          <input ref={input} id="f-code" name="code" autoComplete="off" autoCapitalize="characters" spellCheck={false} inputMode="text" required autoFocus />
        </div>
        <button type="submit" className="button ev-big">
          {t("events.checkin.submit")}
        </button>
      </Form>
      <Scanner
        onCode={(code) => {
          if (input.current && form.current) {
            input.current.value = code;
            form.current.requestSubmit();
          }
        }}
      />
    </div>
  );
}
