import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionHeaders } from "~/.server/auth/cookies";
import { invalidateSession } from "~/.server/auth/session";

export async function action({ context }: ActionFunctionArgs) {
  if (context.user) await invalidateSession(context.db, context.user.sessionId);
  throw redirect("/", { headers: clearSessionHeaders(context) });
}

export async function loader() {
  throw redirect("/");
}
