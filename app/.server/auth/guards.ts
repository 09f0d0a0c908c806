import type { AppLoadContext } from "react-router";
import { redirect } from "react-router";
import type { Actor, CurrentUser } from "../context";
import { actorOf } from "../context";
import { ForbiddenError, refusalResponse } from "../errors";

/** Anonymous users go to the login page and come back afterwards. */
export function requireUser(request: Request, context: AppLoadContext): CurrentUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Staff of any unit or the admin: the console. */
export function requireConsoleUser(request: Request, context: AppLoadContext): CurrentUser {
  const user = requireUser(request, context);
  if (user.role === "citizen") throw forbidden();
  return user;
}

export function requireAdmin(request: Request, context: AppLoadContext): CurrentUser {
  const user = requireUser(request, context);
  if (user.role !== "admin") throw forbidden();
  return user;
}

export function actor(context: AppLoadContext, user: CurrentUser): Actor {
  return actorOf(user, context.ip);
}

/** Staff act only on their own unit's records; the admin on every unit's. */
export function canManageUnit(a: Pick<Actor, "role" | "unitId">, unitId: number): boolean {
  return a.role === "admin" || (a.role === "staff" && a.unitId === unitId);
}

export function assertCanManageUnit(a: Pick<Actor, "role" | "unitId">, unitId: number): void {
  if (!canManageUnit(a, unitId)) throw new ForbiddenError();
}

export function forbidden(): Response {
  return refusalResponse(new ForbiddenError());
}
