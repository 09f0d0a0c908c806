import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/consultations";
import { listPublicConsultations } from "~/.server/consultations/periods";
import { formatDateTime, formatPeriodEnd } from "~/lib/dates";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consultations");

const DAY = 86_400_000;

export async function loader({ context }: Route.LoaderArgs) {
  const now = context.now();
  const lists = await listPublicConsultations(context.db, now);
  const shape = (c: (typeof lists.open)[number]) => ({
    id: c.id,
    title: c.title,
    summary: c.summary,
    unitZh: c.unitZh,
    unitEn: c.unitEn,
    opensAt: formatDateTime(c.opensAt, context.lang),
    closesAt: formatPeriodEnd(c.closesAt, context.lang),
    daysLeft: Math.ceil((c.closesAt.getTime() - now.getTime()) / DAY),
    published: c.published,
    report: c.reportPublishedAt != null,
  });
  return { open: lists.open.map(shape), upcoming: lists.upcoming.map(shape), closed: lists.closed.map(shape) };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["open"][number];

function List({ items, kind }: { items: Item[]; kind: "open" | "upcoming" | "closed" }) {
  const t = useT();
  const lang = useLang();
  if (!items.length) return <p className="hint">{t("consultations.none")}</p>;
  return (
    <ul className="consult-list">
      {items.map((c) => (
        <li key={c.id} className="card">
          <h3>
            <Link to={`/consultations/${c.id}`}>{c.title}</Link>
          </h3>
          <p className="hint">{lang === "en" ? c.unitEn : c.unitZh}</p>
          {c.summary ? <p>{c.summary}</p> : null}
          <p className="consult-when">
            {kind === "open" ? (
              <>
                <strong className="countdown">{c.daysLeft <= 1 ? t("consultations.lastDay") : t("consultations.daysLeft", { days: c.daysLeft })}</strong>{" "}
                {t("consultations.closesAt", { closesAt: c.closesAt })}
              </>
            ) : kind === "upcoming" ? (
              t("consultations.opensAt", { opensAt: c.opensAt })
            ) : (
              t("consultations.closesAt", { closesAt: c.closesAt })
            )}
          </p>
          <p className="hint">
            {t("consultations.commentsPublished", { n: c.published })}
            {c.report ? ` · ${t("consultations.reportPublished")}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function Consultations() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("consultations.title")}</h1>
      <p className="lead">{t("consultations.lead")}</p>
      <p>
        <Link to="/consultations/mine">{t("consultations.mine.title")}</Link>
      </p>
      <section aria-labelledby="c-open">
        <h2 id="c-open">{t("consultations.open")}</h2>
        <List items={data.open} kind="open" />
      </section>
      <section aria-labelledby="c-upcoming">
        <h2 id="c-upcoming">{t("consultations.upcoming")}</h2>
        <List items={data.upcoming} kind="upcoming" />
      </section>
      <section aria-labelledby="c-closed">
        <h2 id="c-closed">{t("consultations.closed")}</h2>
        <List items={data.closed} kind="closed" />
      </section>
    </div>
  );
}
