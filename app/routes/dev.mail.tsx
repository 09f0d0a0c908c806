import { useLoaderData } from "react-router";
import type { Route } from "./+types/dev.mail";
import { ForbiddenError, NotFoundError, refusalResponse } from "~/.server/errors";
import { devMailAccess, listOutbox } from "~/.server/notify/outbox";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "dev.mail.title");

/**
 * The mail Canyu would have sent while no SMTP server is configured. It holds
 * every resident's mail (door codes, offers), so in production it exists only
 * with CANYU_DEV_MAIL=1, and then for the admin alone.
 */
export async function loader({ context, request }: Route.LoaderArgs) {
  const access = devMailAccess(context.config.devMail, context.user);
  if (access === 404) throw refusalResponse(new NotFoundError());
  if (access === 403) throw refusalResponse(new ForbiddenError());
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  return { mails: await listOutbox(context.db, { to, limit: 100 }) };
}

export default function DevMail() {
  const { mails } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("dev.mail.title")}</h1>
      {mails.length === 0 ? <p>{t("common.none")}</p> : null}
      {mails.map((m) => (
        <article key={m.id} className="mail">
          <h2>{m.subject}</h2>
          <p>
            {t("dev.mail.to")}: <span data-testid="mail-to">{m.to}</span> · {m.status}
          </p>
          <pre>{m.text}</pre>
        </article>
      ))}
    </div>
  );
}
