import type { Route } from "./+types/decisions.files.$id";
import { idParam } from "~/.server/http";
import { getFile } from "~/.server/decisions/documents";
import { UserError } from "~/.server/errors";

/** An attached document, served with its sniffed type; never rendered inline unless it is an image or PDF. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const id = idParam(params.id);
  if (id == null) return new Response("Not Found", { status: 404 });
  try {
    const f = await getFile(context.db, id, context.user);
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
    if (e instanceof UserError) return new Response("Not Found", { status: 404 });
    throw e;
  }
}
