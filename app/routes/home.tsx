import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/home";
import { openNow } from "~/.server/home/open-now";
import { listUnits } from "~/.server/units/units";
import { useLang, useT } from "~/i18n/use-t";
import { calendarLink, feedLinks } from "~/lib/feeds";
import { formatDate, formatDateTime, formatPeriodEnd } from "~/lib/dates";

export const meta: Route.MetaFunction = ({ matches }) => [...pageTitle(matches, "title.home"), ...feedLinks(matches), calendarLink(matches)];

export async function loader({ context }: Route.LoaderArgs) {
  const [units, now] = await Promise.all([listUnits(context.db), openNow(context.db, context.now())]);
  return { units, now };
}

export default function Home() {
  const { units, now } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const unitName = (u: { unitZh: string; unitEn: string }) => (lang === "en" ? u.unitEn : u.unitZh);
  const areas = [
    { href: "/decisions", title: t("home.catalogue.title"), text: t("home.catalogue.text") },
    { href: "/consultations", title: t("home.consultations.title"), text: t("home.consultations.text") },
    { href: "/open-month", title: t("home.openMonth.title"), text: t("home.openMonth.text") },
    { href: "/observers", title: t("home.observers.title"), text: t("home.observers.text") },
  ];
  const month = now.openMonth;
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </section>

      <section aria-labelledby="now-h" className="home-now">
        <h2 id="now-h">{t("home.now.title")}</h2>
        <div className="home-now-grid">
          <section aria-labelledby="now-c-h" className="card">
            <h3 id="now-c-h">{t("home.now.consultations")}</h3>
            {now.consultations.open.length ? (
              <ul className="now-list">
                {now.consultations.open.map((c) => (
                  <li key={c.id}>
                    <Link to={`/consultations/${c.id}`}>{c.title}</Link>
                    <span className="now-meta">
                      {unitName(c)} · {t("home.now.closes", { at: formatPeriodEnd(c.closesAt, lang) })} ·{" "}
                      <strong>{c.daysLeft <= 1 ? t("home.now.lastDay") : t("home.now.daysLeft", { n: c.daysLeft })}</strong>
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("home.now.noConsultations")}</p>
            )}
            {now.consultations.upcoming.length ? (
              <>
                <h4>{t("home.now.upcoming")}</h4>
                <ul className="now-list">
                  {now.consultations.upcoming.map((c) => (
                    <li key={c.id}>
                      <Link to={`/consultations/${c.id}`}>{c.title}</Link>
                      <span className="now-meta">
                        {unitName(c)} · {t("home.now.opens", { at: formatDate(c.opensAt, lang) })}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p>
              <Link to="/consultations">{t("home.now.all")}</Link>
            </p>
          </section>

          <section aria-labelledby="now-m-h" className="card">
            <h3 id="now-m-h">{month ? t("home.now.openMonth", { year: month.year }) : t("home.openMonth.title")}</h3>
            <p>
              {!month
                ? t("home.now.openMonth.none")
                : month.state === "soon"
                  ? t("home.now.openMonth.soon", { at: formatDateTime(month.opensAt, lang), sessions: month.sessions })
                  : month.state === "open"
                    ? t("home.now.openMonth.open", { seats: month.seatsLeft, at: formatPeriodEnd(month.closesAt, lang) })
                    : t("home.now.openMonth.closed")}
            </p>
            <p>
              <Link to="/open-month">{t("home.now.all")}</Link>
            </p>
          </section>

          <section aria-labelledby="now-o-h" className="card">
            <h3 id="now-o-h">{t("home.now.calls")}</h3>
            {now.calls.length ? (
              <ul className="now-list">
                {now.calls.map((c) => (
                  <li key={c.id}>
                    <Link to={`/observers/calls/${c.id}`}>{c.meeting}</Link>
                    <span className="now-meta">{t("home.now.callLine", { seats: c.seats, at: formatPeriodEnd(c.closesAt, lang) })}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("home.now.noCalls")}</p>
            )}
            <p>
              <Link to="/observers">{t("home.now.all")}</Link>
            </p>
          </section>

          <section aria-labelledby="now-d-h" className="card">
            <h3 id="now-d-h">{t("home.now.milestones")}</h3>
            <ul className="now-list">
              {now.milestones.map((m) => (
                <li key={m.id}>
                  <Link to={`/decisions/${m.decisionId}`}>{m.decision}</Link>
                  <span className="now-meta">
                    {formatDate(m.happenedOn, lang)} · {m.title}
                  </span>
                </li>
              ))}
            </ul>
            <p>
              <Link to="/decisions">{t("home.now.all")}</Link>
            </p>
          </section>
        </div>
      </section>

      <section aria-labelledby="areas-h">
        <h2 id="areas-h">{t("home.areas")}</h2>
        <ul className="cards">
          {areas.map((a) => (
            <li key={a.href} className="card">
              <h3>
                <Link to={a.href}>{a.title}</Link>
              </h3>
              <p>{a.text}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="units-h">
        <h2 id="units-h">{t("home.units")}</h2>
        <ul className="unit-list">
          {units.map((u) => (
            <li key={u.id}>
              <Link to={`/units/${u.slug}/catalogue`}>{lang === "en" ? u.nameEn : u.nameZh}</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
