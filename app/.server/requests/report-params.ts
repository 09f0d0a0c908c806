/** The report's year and unit from the query string, shared by the page and its exports. */
import type { AppLoadContext } from "react-router";
import { httpError } from "../errors";
import { actor, requireConsoleUser } from "../auth/guards";
import { idParam } from "../http";
import { annualReport } from "./report";
import { shanghaiDay } from "./working-days";

export async function loadReport(request: Request, context: AppLoadContext) {
  const user = requireConsoleUser(request, context);
  const q = new URL(request.url).searchParams;
  const y = q.get("year");
  const year = y && /^\d{4}$/.test(y) && Number(y) >= 2008 && Number(y) <= 2100 ? Number(y) : Number(shanghaiDay(context.now()).slice(0, 4));
  // Staff see their own unit; the admin picks one, or none for the whole district.
  const unitId = user.role === "admin" ? idParam(q.get("unit") ?? undefined) : user.unitId;
  const report = await annualReport(context.db, actor(context, user), year, unitId).catch(httpError);
  return { user, year, unitId, report };
}
