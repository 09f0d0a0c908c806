import { Form, Link, redirect, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/decisions.$id";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { httpError } from "~/.server/errors";
import { setFollow } from "~/.server/decisions/follows";
import { getDecisionPage, publicOverdue } from "~/.server/decisions/public";
import { requireIdParam, runForm } from "~/.server/http";
import { remarksForDecision } from "~/.server/observers/public";
import { formatBytes, OverdueNote, StageName, StateBadge, StatusBadge, TagLinks } from "~/components/decisions-ui";
import { formatDate, formatDateTime, formatDaysIn } from "~/lib/dates";
import { Msg } from "~/components/msg";
import { useLang, useT } from "~/i18n/use-t";
import { feedLinks } from "~/lib/feeds";

export const meta: Route.MetaFunction = ({ data, matches }) => [
  ...pageTitle(matches, "title.decision", data?.decision.title, undefined, data?.decision.summary),
  ...feedLinks(matches, data?.unit),
];

export async function loader({ context, params }: Route.LoaderArgs) {
  const id = requireIdParam(params.id);
  const page = await getDecisionPage(context.db, id, context.user).catch(httpError);
  const overdue = (await publicOverdue(context.db, [id], context.now()))[id] ?? [];
  return { ...page, overdue, remarks: await remarksForDecision(context.db, id), loggedIn: !!context.user };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser(request, context);
  const id = requireIdParam(params.id);
  return runForm(request, context, z.object({ follow: z.enum(["1", "0"]) }), async (input) => {
    await setFollow(context.db, user.id, id, input.follow === "1", context.now());
    return redirect(`/decisions/${id}#follow`);
  });
}

export default function DecisionPage() {
  const { decision: d, unit, catalogue, stages, milestones, changes, remarks, following, loggedIn, violations, overdue } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="page decision">
      <nav aria-label="breadcrumb" className="dc-crumbs">
        <Link to={`/decisions?year=${d.year}`}>{t("decisions.title")}</Link> ›{" "}
        <Link to={`/units/${unit.slug}/catalogue/${d.year}`}>
          {lang === "en" ? unit.nameEn : unit.nameZh} {d.year}
        </Link>
      </nav>
      {!catalogue.publishedAt ? <p className="notice">{t("decisions.draftNotice")}</p> : null}
      <h1>{d.title}</h1>
      <dl className="facts dc-facts">
        <dt>{t("decisions.unit")}</dt>
        <dd>{lang === "en" ? unit.nameEn : unit.nameZh}</dd>
        <dt>{t("decisions.status")}</dt>
        <dd>
          <StatusBadge status={d.status} />
        </dd>
        {d.status === "withdrawn" && d.withdrawnReason ? (
          <>
            <dt>{t("decisions.withdrawnReason")}</dt>
            <dd>{d.withdrawnReason}</dd>
          </>
        ) : null}
        <dt>{t("decisions.legalBasis")}</dt>
        <dd>{d.legalBasis || "—"}</dd>
        <dt>{t("decisions.schedule")}</dt>
        <dd>
          {d.plannedSchedule || "—"}
          {d.plannedDecisionOn ? ` ${t("common.paren", { x: `${t("decisions.plannedDecisionOn")}${t("common.colon")}${formatDate(d.plannedDecisionOn, lang)}` })}` : ""}
        </dd>
        {d.decidedOn ? (
          <>
            <dt>{t("decisions.decidedOn")}</dt>
            <dd>{formatDate(d.decidedOn, lang)}</dd>
          </>
        ) : null}
        <dt>{t("decisions.tags")}</dt>
        <dd>
          {d.tags.length ? (
            <TagLinks tags={d.tags.map((tag) => ({ tag, href: `/decisions?tag=${encodeURIComponent(tag)}&year=all` }))} />
          ) : (
            "—"
          )}
        </dd>
      </dl>
      <h2>{t("decisions.summary")}</h2>
      <p className="dc-pre">{d.summary || "—"}</p>

      <section id="follow" className="dc-follow" aria-label={t("decisions.follow")}>
        {loggedIn ? (
          <Form method="post">
            {following ? <p>{t("decisions.following")}</p> : null}
            <input type="hidden" name="follow" value={following ? "0" : "1"} />
            <button className={following ? "button" : "button primary"}>{following ? t("decisions.unfollow") : t("decisions.follow")}</button>
          </Form>
        ) : (
          <p>
            {t("decisions.followHint")} <Link to={`/login?redirectTo=${encodeURIComponent(`/decisions/${d.id}`)}`}>{t("decisions.loginToFollow")}</Link>
          </p>
        )}
      </section>

      <h2 id="process">{t("decisions.process")}</h2>
      <ol className="dc-timeline">
        {stages.map((s) => (
          <li key={s.kind} className={`dc-stage dc-stage-${s.state}`} id={`stage-${s.kind}`}>
            <h3>
              <StageName kind={s.kind} /> <StateBadge state={s.state} />
            </h3>
            {overdue
              .filter((o) => o.stage === s.kind)
              .map((o) => (
                <p key={o.rule} className="notice warn">
                  <OverdueNote o={o} />
                </p>
              ))}
            {violations
              .filter((v) => v.stage === s.kind && v.key !== "decisions.err.legalityScheduleMissing")
              .map((v) => (
                // Recorded before the rules held: shown as it is, with the rule it breaks.
                <p key={v.key} className="notice warn">
                  {t("decisions.stage.breaksRule", { rule: t(v.key, formatDaysIn(v.params, lang)) })}
                </p>
              ))}
            <ul className="dc-stage-facts">
              {s.state === "not_applicable" && s.reason ? <li>
                  <Msg k="decisions.stage.reason" user={{ r: s.reason }} />
                </li> : null}
              {s.plannedStartOn || s.plannedEndOn ? <li>{t("decisions.stage.planned", { from: formatDate(s.plannedStartOn, lang) || "—", to: formatDate(s.plannedEndOn, lang) || "—" })}</li> : null}
              {s.startedOn ? <li>{t("decisions.stage.started", { d: formatDate(s.startedOn, lang) })}</li> : null}
              {s.completedOn ? <li>{t("decisions.stage.completed", { d: formatDate(s.completedOn, lang) })}</li> : null}
              {s.hearingOn ? <li>{t("decisions.stage.hearingOn", { d: formatDate(s.hearingOn, lang) })}</li> : null}
              {s.materialsSentOn ? <li>{t("decisions.stage.materialsSentOn", { d: formatDate(s.materialsSentOn, lang) })}</li> : null}
              {s.note ? <li>{s.note}</li> : null}
              {s.linkPath ? (
                <li>
                  <Link to={s.linkPath}>{t("decisions.stage.onPlatform")}</Link>
                </li>
              ) : null}
            </ul>
            {s.state !== "not_applicable" ? (
              s.documents.length ? (
                <ul className="dc-docs">
                  {s.documents.map((doc) => (
                    <li key={doc.id}>
                      <a href={doc.fileId ? `/decisions/files/${doc.fileId}` : doc.url!} rel={doc.fileId ? undefined : "noopener noreferrer"}>
                        {doc.title}
                      </a>{" "}
                      <span className="hint">
                        {formatDate(doc.documentOn, lang)} · {doc.fileId ? t("decisions.doc.file") : t("decisions.doc.link")}
                        {doc.size ? ` · ${formatBytes(doc.size)}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="hint">{t("decisions.stage.noDocs")}</p>
              )
            ) : null}
          </li>
        ))}
      </ol>

      <h2>{t("decisions.milestones")}</h2>
      {milestones.length === 0 ? (
        <p>{t("decisions.noMilestones")}</p>
      ) : (
        <ol className="dc-milestones">
          {milestones.map((m) => (
            <li key={m.id} id={`milestone-${m.id}`}>
              <strong>{formatDate(m.happenedOn, lang)}</strong> {m.stageKind ? <span className="hint">[<StageName kind={m.stageKind} />]</span> : null} {m.title}
              {m.body ? <p className="dc-pre">{m.body}</p> : null}
              {m.linkPath ? (
                <p>
                  <Link to={m.linkPath}>{t("decisions.stage.onPlatform")}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {remarks.length ? (
        <section aria-labelledby="observer-remarks">
          <h2 id="observer-remarks">{t("observers.remarks")}</h2>
          <ul className="dc-remarks">
            {remarks.map((r) => (
              <li key={r.id}>
                <p>
                  <Link to={`/observers/meetings/${r.meetingId}`}>{r.meetingTitle}</Link>
                </p>
                <p className="dc-pre">
                  <strong>
                    {t("observers.remark")}
                    {t("common.colon")}
                  </strong>
                  {r.remark}
                </p>
                <p className="dc-pre">
                  <strong>
                    {t("observers.response")}
                    {t("common.colon")}
                  </strong>
                  {r.response}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {changes.length ? (
        <>
          <h2>{t("decisions.changes")}</h2>
          <ul>
            {changes.map((c) => (
              <li key={c.id}>
                {formatDateTime(c.at, lang)} · {t(`decisions.change.${c.kind}`)}
                {t("common.colon")}
                {c.description} {t("common.paren", { x: `${t("decisions.change.reason")}${t("common.colon")}${c.reason}` })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="hint">
        <a href={`/api/v1/decisions/${d.id}`}>JSON</a> · {catalogue.publishedAt ? t("decisions.publishedOn", { d: formatDate(catalogue.publishedAt, lang) }) : null}
      </p>
    </div>
  );
}
