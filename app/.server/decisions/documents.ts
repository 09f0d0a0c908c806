/**
 * Stage documents: an uploaded file (PDF, Word, image; type checked by its
 * first bytes, never by the name or the browser's claim) or a link.
 *
 * Files are stored in the database (bytea), not on disk: the document row,
 * its bytes and the audit entry commit together; every app instance sees the
 * same files without a shared volume; one backup holds everything. At a
 * 10 MB cap and a few documents per stage this costs little.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionCatalogues, decisionFiles, decisionStages, decisions, stageDocuments, type StageKind } from "#db/schema";
import { recordAudit } from "../audit/audit";
import type { Actor } from "../context";
import { NotFoundError, UserError } from "../errors";
import { loadDecision } from "./catalogue";
import { canSeeDraft } from "./public";
import { ensureStages } from "./stages";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const ascii = (b: Uint8Array, start: number, s: string) => [...s].every((ch, i) => b[start + i] === ch.charCodeAt(0));

/** The file's real type from its content, or null when it is not one we accept. */
export function sniffType(b: Uint8Array): { mime: string; ext: string } | null {
  if (b.length >= 5 && ascii(b, 0, "%PDF-")) return { mime: "application/pdf", ext: "pdf" };
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return { mime: "image/png", ext: "png" };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: "image/jpeg", ext: "jpg" };
  if (b.length >= 6 && (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a"))) return { mime: "image/gif", ext: "gif" };
  if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return { mime: "image/webp", ext: "webp" };
  // Legacy .doc: an OLE2 compound file.
  if (b.length >= 8 && [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((v, i) => b[i] === v)) return { mime: "application/msword", ext: "doc" };
  // .docx: a ZIP whose entries include word/… (entry names are stored in clear in local headers).
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    const head = Buffer.from(b.subarray(0, Math.min(b.length, 64 * 1024))).toString("latin1");
    if (head.includes("word/") || head.includes("[Content_Types].xml")) {
      if (head.includes("word/")) return { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" };
    }
  }
  return null;
}

// eslint-disable-next-line no-control-regex -- a file name keeps no control characters
const UNSAFE_IN_FILENAME = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g;

function safeFilename(name: string, ext: string): string {
  const base = (name.split(/[/\\]/).pop() ?? "").replace(/\.[^.]*$/, "").replace(UNSAFE_IN_FILENAME, "_").trim().slice(0, 80) || "document";
  return `${base}.${ext}`;
}

async function stageFor(tx: Db, actor: Actor, decisionId: number, kind: StageKind) {
  const d = await loadDecision(tx, actor, decisionId, true);
  await ensureStages(tx, d.id);
  const [s] = await tx
    .select()
    .from(decisionStages)
    .where(and(eq(decisionStages.decisionId, d.id), eq(decisionStages.kind, kind)));
  return { d, s };
}

export async function addFileDocument(
  db: Db,
  actor: Actor,
  decisionId: number,
  kind: StageKind,
  input: { title: string; documentOn: string; filename: string; bytes: Uint8Array },
  now: Date,
) {
  if (input.bytes.length > MAX_UPLOAD_BYTES) throw new UserError("decisions.err.fileSize", { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }, "file");
  const type = sniffType(input.bytes);
  if (!type || input.bytes.length === 0) throw new UserError("decisions.err.fileType", {}, "file");
  return db.transaction(async (tx) => {
    const { d, s } = await stageFor(tx, actor, decisionId, kind);
    const sha256 = createHash("sha256").update(input.bytes).digest("hex");
    const [f] = await tx
      .insert(decisionFiles)
      .values({ filename: safeFilename(input.filename, type.ext), mimeType: type.mime, size: input.bytes.length, sha256, content: input.bytes, createdAt: now })
      .returning({ id: decisionFiles.id, filename: decisionFiles.filename });
    const [doc] = await tx
      .insert(stageDocuments)
      .values({ stageId: s.id, decisionId: d.id, title: input.title, documentOn: input.documentOn, fileId: f.id, size: input.bytes.length, mimeType: type.mime, createdBy: actor.id, createdAt: now })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: "decision.document.upload", entityType: "decision", entityId: d.id, summary: { stage: kind, documentId: doc.id, title: input.title, filename: f.filename, size: input.bytes.length, mime: type.mime, sha256 } },
      now,
    );
    return doc;
  });
}

export async function addLinkDocument(
  db: Db,
  actor: Actor,
  decisionId: number,
  kind: StageKind,
  input: { title: string; documentOn: string; url: string },
  now: Date,
) {
  if (!/^https?:\/\/[^\s]+$/i.test(input.url) && !(input.url.startsWith("/") && !input.url.startsWith("//"))) {
    throw new UserError("decisions.err.url", {}, "url");
  }
  return db.transaction(async (tx) => {
    const { d, s } = await stageFor(tx, actor, decisionId, kind);
    const [doc] = await tx
      .insert(stageDocuments)
      .values({ stageId: s.id, decisionId: d.id, title: input.title, documentOn: input.documentOn, url: input.url, createdBy: actor.id, createdAt: now })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: "decision.document.link", entityType: "decision", entityId: d.id, summary: { stage: kind, documentId: doc.id, title: input.title, url: input.url } },
      now,
    );
    return doc;
  });
}

export async function removeDocument(db: Db, actor: Actor, documentId: number, now: Date) {
  await db.transaction(async (tx) => {
    const [doc] = await tx.select().from(stageDocuments).where(eq(stageDocuments.id, documentId));
    if (!doc) throw new NotFoundError();
    await loadDecision(tx, actor, doc.decisionId, true);
    await tx.delete(stageDocuments).where(eq(stageDocuments.id, doc.id));
    await recordAudit(tx, actor, { action: "decision.document.remove", entityType: "decision", entityId: doc.decisionId, summary: { documentId: doc.id, title: doc.title } }, now);
  });
}

/** A stored file, if the viewer may see it (public once its catalogue is published). */
export async function getFile(db: Db, fileId: number, viewer: Pick<Actor, "role" | "unitId"> | null) {
  const [row] = await db
    .select({ f: decisionFiles, unitId: decisions.unitId, publishedAt: decisionCatalogues.publishedAt })
    .from(decisionFiles)
    .innerJoin(stageDocuments, eq(stageDocuments.fileId, decisionFiles.id))
    .innerJoin(decisions, eq(decisions.id, stageDocuments.decisionId))
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .where(eq(decisionFiles.id, fileId))
    .limit(1);
  if (!row) throw new NotFoundError();
  if (!row.publishedAt && !canSeeDraft(viewer, row.unitId)) throw new NotFoundError();
  // A draft catalogue's file is for its unit's eyes: no shared cache may keep it.
  return { ...row.f, published: row.publishedAt != null };
}
