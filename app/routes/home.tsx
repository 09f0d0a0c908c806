import { useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/home";
import { listUnits } from "~/.server/units/units";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.home");

export async function loader({ context }: Route.LoaderArgs) {
  return { units: await listUnits(context.db) };
}

export default function Home() {
  const { units } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const areas = [
    { href: "/decisions", title: t("home.catalogue.title"), text: t("home.catalogue.text") },
    { href: "/consultations", title: t("home.consultations.title"), text: t("home.consultations.text") },
    { href: "/open-month", title: t("home.openMonth.title"), text: t("home.openMonth.text") },
    { href: "/observers", title: t("home.observers.title"), text: t("home.observers.text") },
  ];
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </section>
      <ul className="cards">
        {areas.map((a) => (
          <li key={a.href} className="card">
            <h2>
              <a href={a.href}>{a.title}</a>
            </h2>
            <p>{a.text}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="units-h">
        <h2 id="units-h">{t("home.units")}</h2>
        <ul className="unit-list">
          {units.map((u) => (
            <li key={u.id}>{lang === "en" ? u.nameEn : u.nameZh}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
