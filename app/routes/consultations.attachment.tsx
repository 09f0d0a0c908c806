import type { Route } from "./+types/consultations.attachment";
import { getAttachment } from "~/.server/consultations/periods";
import { actorOf } from "~/.server/context";
import { httpError } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";

export async function loader({ context, params }: Route.LoaderArgs) {
  const a = await getAttachment(context.db, requireIdParam(params.id), requireIdParam(params.aid), context.user ? actorOf(context.user) : null).catch(httpError);
  return new Response(Buffer.from(a.content, "base64"), {
    headers: {
      "Content-Type": a.contentType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
