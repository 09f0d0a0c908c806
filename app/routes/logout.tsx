import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { clearSessionHeaders } from "~/.server/auth/cookies";
import { invalidateSession } from "~/.server/auth/session";

export async function action({ context }: Route.ActionArgs) {
  if (context.user) await invalidateSession(context.db, context.user.sessionId);
  throw redirect("/", { headers: clearSessionHeaders(context) });
}

export async function loader() {
  throw redirect("/");
}
