import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "react-router";
import type { Route } from "./+types/root";
import { SiteFooter, SiteHeader } from "~/components/site-chrome";
import { useT } from "~/i18n/use-t";
import { useRootData, type RootData } from "~/lib/root-data";
import styles from "./styles.css?url";
import { devMailAccess } from "~/.server/notify/outbox";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: Route.LoaderArgs): Promise<RootData> {
  const u = context.user;
  return {
    lang: context.lang,
    care: context.care,
    nonce: context.nonce,
    // Only whether this visitor may open /dev/mail, never the configuration itself.
    devMail: devMailAccess(context.config.devMail, u) === 200,
    user: u ? { id: u.id, displayName: u.displayName, role: u.role, unitId: u.unitId } : null,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const lang = data?.lang ?? "zh";
  return (
    <html lang={lang === "en" ? "en" : "zh-CN"} className={data?.care ? "care" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={data?.nonce} />
        <Scripts nonce={data?.nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = status === 403 ? t("err.forbidden") : status === 404 ? t("err.notFound") : t("err.server");
  return (
    <>
      {/* No route's meta runs under the root boundary; React 19 hoists this into <head>. */}
      <title>{`${status} · ${t("title.site")}`}</title>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <div className="page narrow">
          <h1>{status}</h1>
          <p role="alert">{message}</p>
          <p>
            <a href="/">{t("nav.home")}</a>
          </p>
        </div>
      </main>
    </>
  );
}
