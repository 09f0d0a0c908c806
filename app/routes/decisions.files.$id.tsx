import type { Route } from "./+types/decisions.files.$id";
import { requireIdParam } from "~/.server/http";
import { getFile } from "~/.server/decisions/documents";
import { notFound, UserError } from "~/.server/errors";

/** An attached document, served with its sniffed type; never rendered inline unless it is an image or PDF. */
export async function loader({ context, params }: Route.LoaderArgs) {
  try {
    const f = await getFile(context.db, requireIdParam(params.id), context.user);
    const inline = f.mimeType.startsWith("image/") || f.mimeType === "application/pdf";
    return new Response(Buffer.from(f.content), {
      headers: {
        "Content-Type": f.mimeType,
        "Content-Length": String(f.size),
        "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": f.published ? "public, max-age=3600" : "private, no-store",
      },
    });
  } catch (e) {
    // Forbidden too: an unpublished file's existence is not told.
    if (e instanceof UserError) return notFound();
    throw e;
  }
}
