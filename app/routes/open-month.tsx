import { Form, Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/open-month";
import { attendanceByEvent, filterOptions, listPublicEvents, yearSummaries } from "~/.server/events/events";
import { EventsSubNav, SeatsLeft } from "~/components/events-ui";
import { placeName } from "~/i18n/messages";
import { useLang, useT } from "~/i18n/use-t";
import { FilterSummary, WideOpen } from "~/components/disclosure";
import { openMonthYear, shanghai, shanghaiDay } from "~/lib/events-time";
import { formatSession, formatTime } from "~/lib/dates";
import { calendarLink } from "~/lib/feeds";

export const meta: Route.MetaFunction = ({ matches }) => [...pageTitle(matches, "title.openMonth"), calendarLink(matches)];

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const current = openMonthYear(context.now());
  const y = Number(url.searchParams.get("year") ?? current);
  const year = Number.isInteger(y) && y > 2000 && y < 2100 ? y : current;
  const q = (k: string) => url.searchParams.get(k) || null;
  const filter = { year, date: q("date"), area: q("area"), unit: q("unit"), theme: q("theme"), seatsLeft: q("seats") === "1" };
  const [list, options, years] = await Promise.all([listPublicEvents(context.db, filter), filterOptions(context.db, year), yearSummaries(context.db, context.now())]);
  const past = year < current ? await attendanceByEvent(context.db, year, context.now()) : null;
  const lang = context.lang;
  // Calendar of the month: which days have sessions.
  const all = await listPublicEvents(context.db, { year });
  const days: Record<number, { id: number; title: string; time: string }[]> = {};
  for (const x of all)
    for (const s of x.sessions) {
      const d = shanghaiDay(s.startsAt);
      if (d.m !== 8) continue;
      (days[d.d] ??= []).push({ id: x.e.id, title: x.e.title, time: `${formatTime(s.startsAt)}–${formatTime(s.endsAt)}` });
    }
  return {
    year,
    current,
    filter,
    options,
    years,
    past,
    days,
    firstWeekday: new Date(shanghai(year, 8, 1).getTime() + 8 * 3600_000).getUTCDay(),
    events: list.map((x) => ({
      id: x.e.id,
      title: x.e.title,
      host: x.e.host,
      theme: x.e.theme,
      area: x.e.area,
      unit: lang === "en" ? x.unit.nameEn : x.unit.nameZh,
      sessions: x.sessions.map((s) => ({ id: s.id, when: formatSession(s.startsAt, s.endsAt, lang), capacity: s.capacity, left: s.seatsLeft, waiting: s.waiting })),
    })),
  };
}

export default function OpenMonth() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const isPast = d.year < d.current;
  const cells: (number | null)[] = [...Array(d.firstWeekday).fill(null), ...Array.from({ length: 31 }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const wd = lang === "en" ? ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] : ["日", "一", "二", "三", "四", "五", "六"];
  return (
    <div className="page">
      <h1>{t("events.title", { year: d.year })}</h1>
      <p className="lead">{t("events.lead")}</p>
      <EventsSubNav year={d.year} />

      <section aria-labelledby="ev-years">
        <h2 id="ev-years">{t("events.years")}</h2>
        <ul className="ev-years">
          {d.years.map((y) => (
            <li key={y.year}>
              <Link to={`/open-month?year=${y.year}`} aria-current={y.year === d.year ? "page" : undefined}>
                {y.year}
              </Link>{" "}
              {t("events.yearStats", { events: y.events, sessions: y.sessions, attended: y.attended })}
            </li>
          ))}
        </ul>
      </section>

      {isPast && d.past ? (
        <section aria-labelledby="ev-past">
          <h2 id="ev-past">{t("events.pastTitle", { year: d.year })}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("events.event")}</th>
                  <th scope="col">{t("events.host")}</th>
                  <th scope="col">{t("events.capacity")}</th>
                  <th scope="col">{t("events.attended")}</th>
                </tr>
              </thead>
              <tbody>
                {d.past.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/open-month/events/${e.id}`}>{e.title}</Link>
                    </td>
                    <td>{e.host}</td>
                    <td>{e.capacity}</td>
                    <td>{e.attended}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="ev-cal">
        <h2 id="ev-cal">{t("events.calendar", { year: d.year })}</h2>
        <div className="table-wrap">
          <table className="ev-calendar">
            <thead>
              <tr>
                {wd.map((w) => (
                  <th scope="col" key={w}>
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((w, i) => (
                <tr key={i}>
                  {w.map((day, j) => (
                    <td key={j} className={day && d.days[day] ? "has" : undefined}>
                      {day ? (
                        <>
                          {d.days[day] ? (
                            <Link to={`/open-month?year=${d.year}&date=${d.year}-08-${String(day).padStart(2, "0")}`} aria-label={t("events.dayLink", { day, n: d.days[day].length })}>
                              {day}
                            </Link>
                          ) : (
                            <span>{day}</span>
                          )}
                          {d.days[day]?.slice(0, 3).map((x, k) => (
                            <small key={k}>{x.title.split("：")[0]}</small>
                          ))}
                        </>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="ev-list">
        <h2 id="ev-list">{t("events.browse")}</h2>
        <Form method="get" className="ev-filters">
          <input type="hidden" name="year" value={d.year} />
          <WideOpen summary={<FilterSummary n={[d.filter.date, d.filter.area, d.filter.unit, d.filter.theme, d.filter.seatsLeft].filter(Boolean).length} />}>
            <div className="field">
              <label htmlFor="f-date">{t("events.f.date")}</label>
              <input id="f-date" type="date" name="date" defaultValue={d.filter.date ?? ""} min={`${d.year}-08-01`} max={`${d.year}-08-31`} />
            </div>
            <div className="field">
              <label htmlFor="f-area">{t("events.f.area")}</label>
              <select id="f-area" name="area" defaultValue={d.filter.area ?? ""}>
                <option value="">{t("events.f.all")}</option>
                {d.options.areas.map((a) => (
                  <option key={a} value={a}>
                    {placeName(lang, a)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-unit">{t("events.f.unit")}</label>
              <select id="f-unit" name="unit" defaultValue={d.filter.unit ?? ""}>
                <option value="">{t("events.f.all")}</option>
                {d.options.units.map((u) => (
                  <option key={u.slug} value={u.slug}>
                    {lang === "en" ? u.nameEn : u.nameZh}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-theme">{t("events.f.theme")}</label>
              <select id="f-theme" name="theme" defaultValue={d.filter.theme ?? ""}>
                <option value="">{t("events.f.all")}</option>
                {d.options.themes.map((a) => (
                  <option key={a} value={a} data-user-content="">
                    {a}
                  </option>
                ))}
              </select>
            </div>
            <div className="field ev-check">
              <input id="f-seats" type="checkbox" name="seats" value="1" defaultChecked={d.filter.seatsLeft} />
              <label htmlFor="f-seats">{t("events.f.seats")}</label>
            </div>
            <button type="submit" className="button primary">
              {t("events.f.apply")}
            </button>
          </WideOpen>
        </Form>
        <p role="status">{t("events.count", { n: d.events.length })}</p>
        <ul className="ev-list">
          {d.events.map((e) => (
            <li key={e.id} className="card">
              <h3>
                <Link to={`/open-month/events/${e.id}`}>{e.title}</Link>
              </h3>
              <p className="ev-meta">
                {e.host} · {e.unit} · {placeName(lang, e.area)} · {e.theme}
              </p>
              <ul className="ev-sessions">
                {e.sessions.map((s) => (
                  <li key={s.id}>
                    <span>{s.when}</span> <SeatsLeft capacity={s.capacity} left={s.left} waiting={s.waiting} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
