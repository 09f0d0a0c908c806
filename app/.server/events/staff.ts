/** Shared loading for staff routes: the session and event, refusing other units (403). */
import type { AppLoadContext } from "react-router";
import { actor, canManageUnit, forbidden, requireConsoleUser } from "../auth/guards";
import { httpError } from "../errors";
import { requireIdParam } from "../http";
import { getEventRow, getSession } from "./events";

export async function loadStaffSession(request: Request, context: AppLoadContext, id: string | undefined) {
  const user = requireConsoleUser(request, context);
  const s = await getSession(context.db, requireIdParam(id)).catch(httpError);
  const e = await getEventRow(context.db, s.eventId);
  if (!canManageUnit(user, e.unitId)) throw forbidden();
  return { user, a: actor(context, user), s, e };
}
