import { Link } from "react-router";
import { useT } from "~/i18n/use-t";

/** Seats left, as words and as a bar (the bar is decorative). */
export function SeatsLeft({ capacity, left, waiting }: { capacity: number; left: number; waiting: number }) {
  const t = useT();
  const pct = capacity ? Math.round(((capacity - left) / capacity) * 100) : 100;
  return (
    <span className="ev-seats">
      <span className="ev-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      <span className={left === 0 ? "ev-full" : left <= 3 ? "ev-few" : undefined}>
        {left === 0 ? (waiting > 0 ? t("events.seats.waitlist", { n: waiting }) : t("events.seats.full")) : t("events.seats.left", { n: left, cap: capacity })}
      </span>
    </span>
  );
}

/** A horizontal bar chart made of CSS bars with the numbers written out. */
export function Bars({ rows }: { rows: { label: string; n: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const total = rows.reduce((a, r) => a + r.n, 0);
  return (
    <table className="ev-chart">
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <th scope="row">{r.label}</th>
            <td>
              <span className="ev-chart-bar" style={{ width: `${(r.n / max) * 100}%` }} aria-hidden="true" />
            </td>
            <td className="num">
              {r.n}
              {total ? ` (${Math.round((r.n / total) * 100)}%)` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EventsSubNav({ year }: { year: number }) {
  const t = useT();
  return (
    <nav className="ev-links" aria-label={t("events.nav")}>
      <Link to={`/open-month?year=${year}`}>{t("events.overview")}</Link>
      <Link to={`/open-month/themes?year=${year}`}>{t("events.themes.title")}</Link>
      <Link to="/my/registrations">{t("events.my.title")}</Link>
      <a href={`/open-month/feed.ics?year=${year}`}>{t("events.feed")}</a>
    </nav>
  );
}

/**
 * The rule by which seats are given (waitlist.ts), on every session page, in
 * the visitor's language; with the seats free now, what it means for a party.
 */
export function PartyRule({ maxSeats, left }: { maxSeats: number; left: number }) {
  const t = useT();
  return (
    <section className="notice" aria-labelledby="ev-rule">
      <h2 id="ev-rule">{t("events.rule.title")}</h2>
      <p>{t("events.rule.text", { max: maxSeats })}</p>
      {left > 0 && left < maxSeats ? <p>{t("events.rule.now", { n: left })}</p> : null}
      <p>{t("events.rule.mail")}</p>
    </section>
  );
}
