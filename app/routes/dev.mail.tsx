import { useLoaderData } from "react-router";
import type { Route } from "./+types/dev.mail";
import { listOutbox } from "~/.server/notify/outbox";
import { useT } from "~/i18n/use-t";

/** Only while no SMTP server is configured: the mail Canyu would have sent. */
export async function loader({ context, request }: Route.LoaderArgs) {
  if (!context.config.devMail) throw new Response("Not Found", { status: 404 });
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
