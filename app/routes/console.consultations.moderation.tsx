import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import type { Route } from "./+types/console.consultations.moderation";
import { useEffect, useRef } from "react";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { answerComments, answerSchema, listQueue, moderateComments, moderateSchema, queueFilterSchema } from "~/.server/consultations/comments";
import { getManagedConsultation, listArticles, periodStatus } from "~/.server/consultations/periods";
import { formatDateTime } from "~/lib/dates";
import { httpError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import { TextArea } from "~/components/consultation-form";
import { FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

// Kept here (not imported from the schema) so the client bundle stays free of drizzle.
const COMMENT_STATUSES = ["pending", "published", "rejected", "abusive"] as const;
const ADOPTIONS = ["adopted", "partly", "not_adopted", "not_applicable"] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const a = actor(context, user);
  const url = new URL(request.url);
  const filter = queueFilterSchema.parse(Object.fromEntries(url.searchParams));
  try {
    const c = await getManagedConsultation(context.db, a, id);
    const { groups, total, page, pages } = await listQueue(context.db, a, id, filter);
    return {
      paging: { total, page, pages },
      c: { id: c.id, title: c.title, status: periodStatus(c, context.now()), reportPublished: c.reportPublishedAt != null },
      articles: (await listArticles(context.db, id)).map((x) => ({ id: x.id, label: x.label })),
      groups: groups.map((g) => ({ ...g, createdAt: formatDateTime(g.createdAt, context.lang) })),
      filter,
    };
  } catch (e) {
    httpError(e);
  }
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const a = actor(context, user);
  const intent = new URL(request.url).searchParams.get("intent");
  if (intent === "answer") {
    return runForm(request, context, answerSchema, async (input) => ({ ok: true as const, n: await answerComments(context.db, a, id, input, context.now()) }));
  }
  return runForm(request, context, moderateSchema, async (input) => ({ ok: true as const, n: await moderateComments(context.db, a, id, input, context.now()) }));
}

export default function Moderation() {
  const { c, articles, groups, filter, paging } = useLoaderData<typeof loader>();
  const pageLink = (p: number) => {
    const q = new URLSearchParams(params);
    q.set("page", String(p));
    return `?${q.toString()}`;
  };
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const listRef = useRef<HTMLOListElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // J/K move between comments, X toggles the focused one, Shift+P publishes the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && (target as HTMLInputElement).type !== "checkbox") return;
      const items = Array.from(listRef.current?.querySelectorAll<HTMLElement>("li.queue-item") ?? []);
      if (!items.length) return;
      const cur = items.findIndex((el) => el.contains(document.activeElement));
      if (e.key === "j" || e.key === "k") {
        const next = e.key === "j" ? Math.min(items.length - 1, cur + 1) : Math.max(0, cur - 1);
        items[next].querySelector<HTMLInputElement>("input[type=checkbox]")?.focus();
        e.preventDefault();
      } else if (e.key === "x" && cur >= 0) {
        const box = items[cur].querySelector<HTMLInputElement>("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        e.preventDefault();
      } else if (e.key === "P" && e.shiftKey) {
        const publish = formRef.current?.querySelector<HTMLInputElement>("input[name=decision][value=publish]");
        if (publish) publish.checked = true;
        formRef.current?.querySelector<HTMLButtonElement>("button[data-apply=moderation]")?.click();
        e.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const selectAll = (on: boolean) => listRef.current?.querySelectorAll<HTMLInputElement>("input[name=ids]").forEach((b) => (b.checked = on));
  const locked = c.reportPublished;

  return (
    <>
      <p>
        <Link to={`/console/consultations/${c.id}`}>{c.title}</Link>
      </p>
      <h1>{t("consultations.queue.title")}</h1>
      <p className="hint">{t("consultations.queue.keys")}</p>
      <Form method="get" className="queue-filter" aria-label={t("consultations.queue.filter")}>
        <div className="field">
          <label htmlFor="q-status">{t("consultations.queue.status")}</label>
          <select id="q-status" name="status" defaultValue={filter.status}>
            <option value="all">{t("consultations.queue.all")}</option>
            {COMMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`consultations.commentStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-article">{t("consultations.queue.article")}</label>
          <select id="q-article" name="articleId" defaultValue={params.get("articleId") ?? ""}>
            <option value="">{t("consultations.queue.all")}</option>
            <option value="whole">{t("consultations.comment.whole")}</option>
            {articles.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-adoption">{t("consultations.queue.adoption")}</label>
          <select id="q-adoption" name="adoption" defaultValue={filter.adoption}>
            <option value="all">{t("consultations.queue.all")}</option>
            <option value="none">{t("consultations.adoption.none")}</option>
            {ADOPTIONS.map((s) => (
              <option key={s} value={s}>
                {t(`consultations.adoption.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-q">{t("consultations.queue.search")}</label>
          <input id="q-q" name="q" defaultValue={filter.q ?? ""} />
        </div>
        <button className="button">{t("consultations.queue.apply")}</button>
      </Form>

      {result?.ok ? (
        <p className="notice ok" role="status">
          {t("consultations.queue.done", { n: result.n })}
        </p>
      ) : null}
      <Form method="post" ref={formRef} noValidate className="queue-form">
        <FormError message={err?.message} />
        {groups.length === 0 ? (
          <p className="hint">{t("consultations.queue.none")}</p>
        ) : (
          <label className="select-all">
            <input type="checkbox" onChange={(e) => selectAll(e.currentTarget.checked)} /> {t("consultations.queue.selectAll")}
          </label>
        )}
        {paging.total > 0 ? (
          <p className="hint">
            {t("consultations.queue.pageOf", { total: paging.total, page: paging.page, pages: paging.pages })}
          </p>
        ) : null}
        <ol className="queue" ref={listRef}>
          {groups.map((g) => (
            <li key={g.id} className="queue-item">
              <div className="queue-head">
                <input type="checkbox" name="ids" value={g.ids.join(",")} id={`sel-${g.id}`} aria-label={`${t("consultations.queue.select")} ${g.reference}`} />
                <label htmlFor={`sel-${g.id}`}>
                  <strong>{g.reference}</strong>
                </label>
                {Object.keys(g.statuses).length > 1 ? (
                  Object.entries(g.statuses).map(([st, n]) => (
                    <span key={st} className={`badge status-${st}`}>
                      {t(`consultations.commentStatus.${st as (typeof COMMENT_STATUSES)[number]}`)} {n}
                    </span>
                  ))
                ) : (
                  <span className={`badge status-${g.status}`}>{t(`consultations.commentStatus.${g.status}`)}</span>
                )}
                <span className="hint">{g.articleLabel ?? t("consultations.comment.whole")}</span>
                {g.groupSize > 1 ? <span className="badge group">{t("consultations.queue.groupOf", { n: g.groupSize })}</span> : null}
                {g.count > 1 ? <span className="hint">{t("consultations.queue.selected", { n: g.count })}</span> : null}
              </div>
              <p className="prewrap">{g.body}</p>
              <p className="hint">
                {t("consultations.queue.author")}{t("common.colon")}{g.authorName}
                {g.showName ? t("consultations.queue.nameShown") : ""} · {g.createdAt}
                {g.attachmentName ? (
                  <>
                    {" · "}
                    <a href={`/console/consultations/comments/${g.id}/attachment`}>
                      {t("consultations.queue.attachment")}{t("common.colon")}{g.attachmentName}
                    </a>
                  </>
                ) : null}
              </p>
              {g.moderationReason ? (
                <p className="hint">
                  {t("consultations.queue.internal")}{t("common.colon")}{g.moderationReason}
                </p>
              ) : null}
              <p>
                <span className={`badge adoption-${g.adoption ?? "none"}`}>{t(`consultations.adoption.${g.adoption ?? "none"}`)}</span>
                {g.theme ? ` · ${g.theme}` : ""}
                {g.adoptionReason ? ` · ${g.adoptionReason}` : ""}
              </p>
              {g.answer ? (
                <p className="answer prewrap">
                  <strong>{t("consultations.comments.answer")}{t("common.colon")}</strong>
                  {g.answer}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
        {paging.pages > 1 ? (
          <nav aria-label={t("consultations.queue.pages")} className="queue-pages">
            {paging.page > 1 ? <Link to={pageLink(paging.page - 1)}>← {t("consultations.queue.prev")}</Link> : null}
            {paging.page < paging.pages ? <Link to={pageLink(paging.page + 1)}>{t("consultations.queue.next")} →</Link> : null}
          </nav>
        ) : null}
        {groups.length && !locked ? (
          <div className="queue-actions">
            <fieldset>
              <legend>{t("consultations.queue.moderation")}</legend>
              <div className="radios">
                {(["publish", "reject", "abusive"] as const).map((d) => (
                  <label key={d}>
                    <input type="radio" name="decision" value={d} defaultChecked={d === "publish"} /> {t(`consultations.queue.${d}`)}
                  </label>
                ))}
              </div>
              <TextArea name="reason" label={t("consultations.queue.reason")} rows={2} error={err?.errors.reason} />
              <button className="button primary" formAction="?intent=moderate" data-apply="moderation">
                {t("consultations.queue.apply.moderation")}
              </button>
            </fieldset>
            <fieldset>
              <legend>{t("consultations.queue.answering")}</legend>
              <div className="field">
                <label htmlFor="f-adoption">{t("consultations.queue.adoption")}</label>
                <select id="f-adoption" name="adoption" defaultValue="">
                  <option value="" disabled>
                    —
                  </option>
                  {ADOPTIONS.map((s) => (
                    <option key={s} value={s}>
                      {t(`consultations.adoption.${s}`)}
                    </option>
                  ))}
                </select>
                {err?.errors.adoption ? <p className="error">{err.errors.adoption}</p> : null}
              </div>
              <TextArea name="adoptionReason" label={t("consultations.queue.adoptionReason")} rows={2} error={err?.errors.adoptionReason} />
              <TextArea name="answer" label={t("consultations.queue.answer")} rows={3} />
              <div className="field">
                <label htmlFor="f-theme">{t("consultations.queue.theme")}</label>
                <input id="f-theme" name="theme" maxLength={60} />
              </div>
              <button className="button primary" formAction="?intent=answer">
                {t("consultations.queue.apply.answer")}
              </button>
            </fieldset>
          </div>
        ) : null}
      </Form>
    </>
  );
}
