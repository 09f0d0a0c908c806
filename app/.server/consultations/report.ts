import ExcelJS from "exceljs";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { consultationArticles, consultationComments, consultationEvents, consultations } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { optionalText } from "../forms";
import { linkDecisionStage } from "./decision-link";
import { periodStatus, reportPath } from "./periods";
import { maskPersonalData } from "./text";
import { formatPeriodEnd, inBoth } from "~/lib/dates";
import { isoShanghai } from "~/lib/shanghai";
import { csvDocument } from "../csv";

/** How many comments were received, published and adopted: one row of the feedback report. */
export interface Counts {
  received: number;
  published: number;
  adopted: number;
  partly: number;
  notAdopted: number;
  notApplicable: number;
}

interface ReportItem {
  articleLabel: string | null;
  theme: string | null;
  count: number;
  /** Masked text of the representative, only when it was published. */
  text: string | null;
  adoption: string | null;
  reason: string | null;
  answer: string | null;
}

/**
 * The report as published (stored frozen in consultations.report_data).
 * The counts reconcile: totals.received = Σ byArticle (each article, then the
 * whole draft as its own row, label null) + totals.abusive (removed as abusive:
 * neither published nor counted by article or theme); and
 * totals.received = published + notPublished (不予公开) + abusive.
 * Reports published before #17 name the whole draft "整体意见" and the
 * unthemed "其他"; the page reads both.
 */
export interface FeedbackReport {
  totals: Counts & { notPublished: number; abusive: number; commenters: number };
  byArticle: (Counts & { label: string | null })[];
  byTheme: (Counts & { theme: string | null })[];
  items: ReportItem[];
}

const zero = (): Counts => ({ received: 0, published: 0, adopted: 0, partly: 0, notAdopted: 0, notApplicable: 0 });

function add(c: Counts, r: { status: string; adoption: string | null }) {
  c.received++;
  if (r.status === "published") c.published++;
  if (r.adoption === "adopted") c.adopted++;
  else if (r.adoption === "partly") c.partly++;
  else if (r.adoption === "not_adopted") c.notAdopted++;
  else if (r.adoption === "not_applicable") c.notApplicable++;
}

/** 公众参与情况: counts received / published / adopted, by article and by theme, with the answers and reasons. */
export async function computeReport(db: Db, consultationId: number): Promise<FeedbackReport> {
  const list = await db
    .select({
      id: consultationComments.id,
      groupId: consultationComments.groupId,
      userId: consultationComments.userId,
      articleLabel: consultationArticles.label,
      position: consultationArticles.position,
      body: consultationComments.body,
      status: consultationComments.status,
      adoption: consultationComments.adoption,
      adoptionReason: consultationComments.adoptionReason,
      answer: consultationComments.answer,
      theme: consultationComments.theme,
    })
    .from(consultationComments)
    .leftJoin(consultationArticles, eq(consultationArticles.id, consultationComments.articleId))
    .where(eq(consultationComments.consultationId, consultationId))
    .orderBy(asc(consultationComments.id));
  const totals = { ...zero(), notPublished: 0, abusive: 0, commenters: new Set(list.map((r) => r.userId)).size };
  const byArticle = new Map<string, Counts & { label: string | null; pos: number }>();
  const byTheme = new Map<string, Counts & { theme: string | null }>();
  const groups = new Map<number, ReportItem>();
  for (const r of list) {
    add(totals, r);
    if (r.status === "rejected") totals.notPublished++;
    if (r.status === "abusive") {
      totals.abusive++;
      continue;
    }
    // The whole draft is its own row, after the articles.
    const label = r.articleLabel;
    const a = byArticle.get(label ?? "") ?? { ...zero(), label, pos: label == null ? Number.MAX_SAFE_INTEGER : (r.position ?? 0) };
    add(a, r);
    byArticle.set(label ?? "", a);
    const theme = r.theme;
    const t = byTheme.get(theme ?? "") ?? { ...zero(), theme };
    add(t, r);
    byTheme.set(theme ?? "", t);
    const key = r.groupId ?? r.id;
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (!g.text && r.status === "published") g.text = maskPersonalData(r.body);
    } else {
      groups.set(key, {
        articleLabel: r.articleLabel,
        theme: r.theme,
        count: 1,
        text: r.status === "published" ? maskPersonalData(r.body) : null,
        adoption: r.adoption,
        reason: r.adoptionReason ? maskPersonalData(r.adoptionReason) : null,
        answer: r.answer ? maskPersonalData(r.answer) : null,
      });
    }
  }
  // The whole draft always has its row, even empty: the table then names every place a comment can go.
  if (!byArticle.has("")) byArticle.set("", { ...zero(), label: null, pos: Number.MAX_SAFE_INTEGER });
  return {
    totals,
    byArticle: [...byArticle.values()].sort((x, y) => x.pos - y.pos).map(({ pos: _p, ...rest }) => rest),
    // Unthemed last, the rest by how many comments they drew.
    byTheme: [...byTheme.values()].sort((x, y) => Number(x.theme == null) - Number(y.theme == null) || y.received - x.received),
    items: [...groups.values()],
  };
}

export const reportSchema = z.object({ summary: optionalText(10_000) });

/**
 * Publishes the feedback report once the period has closed and every comment
 * is moderated and (unless abusive) has an adoption decision. The report is
 * frozen as published; the decision's participation stage is completed and
 * links to it.
 */
export async function publishReport(db: Db, actor: Actor, consultationId: number, input: z.output<typeof reportSchema>, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("update");
    if (!c) throw new NotFoundError();
    assertCanManageUnit(actor, c.unitId);
    if (c.reportPublishedAt) throw new UserError("consultations.err.reportFinal", {}, undefined, 409);
    if (periodStatus(c, now) !== "closed") throw new UserError("consultations.err.notClosed", { closesAt: inBoth((l) => formatPeriodEnd(c.closesAt, l)) }, undefined, 409);
    const [{ pending, unanswered }] = await tx
      .select({
        pending: sql<number>`count(*) filter (where ${consultationComments.status} = 'pending')::int`,
        unanswered: sql<number>`count(*) filter (where ${consultationComments.status} <> 'abusive' and ${consultationComments.adoption} is null)::int`,
      })
      .from(consultationComments)
      .where(eq(consultationComments.consultationId, consultationId));
    if (Number(pending) > 0) throw new UserError("consultations.err.pendingLeft", { n: Number(pending) }, undefined, 409);
    if (Number(unanswered) > 0) throw new UserError("consultations.err.unanswered", { n: Number(unanswered) }, undefined, 409);
    const report = await computeReport(tx, consultationId);
    await tx
      .update(consultations)
      .set({ reportSummary: input.summary, reportData: report as unknown as Record<string, unknown>, reportPublishedAt: now, updatedAt: now })
      .where(eq(consultations.id, consultationId));
    await tx.insert(consultationEvents).values({ consultationId, kind: "report_published", at: now });
    if (c.decisionId != null) {
      await linkDecisionStage(tx, actor, c.decisionId, "participation", { state: "completed", linkPath: reportPath(consultationId), summary: `${c.title} 公众参与情况` }, now);
    }
    await recordAudit(tx, actor, { action: "consultation.report.publish", entityType: "consultation", entityId: consultationId, summary: { totals: report.totals, decisionId: c.decisionId } }, now);
  });
}

// ---------------------------------------------------------------- exports

/** Only the platform admin (区政务公开办) may take personal data out of the system; everyone else's export is masked. */
export function canExportOriginals(actor: Actor): boolean {
  return actor.role === "admin";
}

const HEADERS = ["编号", "条款", "意见内容", "署名", "状态", "采纳情况", "不采纳理由", "答复", "主题", "提交时间", "重复组"] as const;
const STATUS_ZH: Record<string, string> = { pending: "待审", published: "已公开", rejected: "不予公开", abusive: "不当言论" };
const ADOPTION_ZH: Record<string, string> = { adopted: "采纳", partly: "部分采纳", not_adopted: "不予采纳", not_applicable: "不适用" };

export async function exportComments(db: Db, actor: Actor, consultationId: number, wantOriginals: boolean, format: "csv" | "xlsx", now: Date) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError();
  assertCanManageUnit(actor, c.unitId);
  if (wantOriginals && !canExportOriginals(actor)) throw new ForbiddenError();
  const masked = !wantOriginals;
  const m = (s: string | null) => (s == null ? "" : masked ? maskPersonalData(s) : s);
  const list = await db
    .select({
      id: consultationComments.id,
      groupId: consultationComments.groupId,
      reference: consultationComments.reference,
      articleLabel: consultationArticles.label,
      body: consultationComments.body,
      authorName: consultationComments.authorName,
      showName: consultationComments.showName,
      status: consultationComments.status,
      adoption: consultationComments.adoption,
      adoptionReason: consultationComments.adoptionReason,
      answer: consultationComments.answer,
      theme: consultationComments.theme,
      createdAt: consultationComments.createdAt,
    })
    .from(consultationComments)
    .leftJoin(consultationArticles, eq(consultationArticles.id, consultationComments.articleId))
    .where(and(eq(consultationComments.consultationId, consultationId)))
    .orderBy(asc(consultationComments.id));
  const table = list.map((r) => [
    r.reference,
    r.articleLabel ?? "整体意见",
    m(r.body),
    masked ? (r.showName ? maskPersonalData(r.authorName) : "匿名") : r.authorName,
    STATUS_ZH[r.status],
    r.adoption ? ADOPTION_ZH[r.adoption] : "",
    m(r.adoptionReason),
    m(r.answer),
    r.theme ?? "",
    isoShanghai(r.createdAt) ?? "",
    String(r.groupId ?? r.id),
  ]);
  // Every export leaves a trace, committed before the file is handed out.
  await db.transaction(async (tx) => {
    await recordAudit(tx, actor, { action: "consultation.export", entityType: "consultation", entityId: consultationId, summary: { format, masked, rows: table.length } }, now);
  });
  const base = `consultation-${consultationId}-comments${masked ? "" : "-originals"}`;
  if (format === "csv") {
    const body = csvDocument([[...HEADERS], ...table]);
    return { filename: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: Buffer.from(body, "utf8") };
  }
  const wb = new ExcelJS.Workbook();
  wb.created = now;
  const ws = wb.addWorksheet("意见");
  ws.addRow([...HEADERS]).font = { bold: true };
  for (const row of table) ws.addRow(row);
  ws.columns.forEach((col, i) => (col.width = i === 2 || i === 7 ? 60 : 16));
  const buf = await wb.xlsx.writeBuffer();
  return { filename: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: Buffer.from(buf as ArrayBuffer) };
}
