import { redirect } from "react-router";
import type { Route } from "./+types/console.decisions.documents";
import { STAGE_KINDS, type StageKind } from "~/decisions-constants";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { addFileDocument, addLinkDocument, MAX_UPLOAD_BYTES } from "~/.server/decisions/documents";
import { refusalResponse, UserError } from "~/.server/errors";
import { readForm, requireIdParam } from "~/.server/http";

/**
 * Document upload (multipart, up to 10 MB — beyond the 2 MB bound of ordinary
 * forms). Errors come back to the item page as a message key.
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const back = (kind: string, key?: string) =>
    redirect(`/console/decisions/items/${id}?${new URLSearchParams({ stage: kind, ...(key ? { docError: key } : {}) })}#stage-${kind}`);
  // Bounded while reading (a chunked body has no Content-Length); a body that is not a form is bad input, not a 500.
  const form = await readForm(request, MAX_UPLOAD_BYTES + 64 * 1024);
  if (form === "tooLarge") return redirect(`/console/decisions/items/${id}?docError=${encodeURIComponent("decisions.err.fileSize")}`);
  if (form === "malformed") return back("draft", "err.form");
  const kind = String(form.get("kind") ?? "");
  if (!(STAGE_KINDS as readonly string[]).includes(kind)) return back("draft", "err.form");
  const title = String(form.get("title") ?? "").trim().slice(0, 200);
  const documentOn = String(form.get("documentOn") ?? "");
  const url = String(form.get("url") ?? "").trim();
  const file = form.get("file");
  const hasFile = file instanceof File && file.size > 0;
  if (!title) return back(kind, "err.required");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(documentOn)) return back(kind, "decisions.err.date");
  if (hasFile === !!url) return back(kind, "decisions.err.fileOrUrl");
  try {
    const a = actor(context, user);
    if (hasFile) {
      const bytes = new Uint8Array(await (file as File).arrayBuffer());
      await addFileDocument(context.db, a, id, kind as StageKind, { title, documentOn, filename: (file as File).name, bytes }, context.now());
    } else {
      await addLinkDocument(context.db, a, id, kind as StageKind, { title, documentOn, url }, context.now());
    }
  } catch (e) {
    if (e instanceof UserError) {
      if (e.status === 403 || e.status === 404) return refusalResponse(e);
      return back(kind, e.key);
    }
    throw e;
  }
  return back(kind);
}
