import type { Route } from "./+types/console.consultations.comment-attachment";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { getCommentAttachment } from "~/.server/consultations/comments";
import { refusalResponse, UserError } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  try {
    const f = await getCommentAttachment(context.db, actor(context, user), requireIdParam(params.cid));
    return new Response(f.bytes, {
      headers: {
        "Content-Type": f.type,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof UserError) return refusalResponse(e);
    throw e;
  }
}
