import { useLoaderData } from "react-router";
import type { Route } from "./+types/console.index";
import { requireConsoleUser } from "~/.server/auth/guards";
import { listUnits } from "~/.server/units/units";
import { useLang, useT } from "~/i18n/use-t";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const all = await listUnits(context.db);
  return { units: user.role === "admin" ? all : all.filter((u) => u.id === user.unitId) };
}

export default function ConsoleHome() {
  const { units } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("console.title")}</h1>
      <p className="lead">{t("console.lead")}</p>
      <ul className="unit-list">
        {units.map((u) => (
          <li key={u.id}>
            <a href={`/console/units/${u.slug}`}>{lang === "en" ? u.nameEn : u.nameZh}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
