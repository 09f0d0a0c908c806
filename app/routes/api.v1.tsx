import type { Route } from "./+types/api.v1";
import { apiAnswer } from "~/.server/opendata/api";

/**
 * Open data API v1 and everything else under /api/: every answer is JSON
 * described by /api/v1/schema.json, errors and preflights included.
 */
export const loader = ({ request, context }: Route.LoaderArgs) => apiAnswer(context.db, request, context.now());
export const action = ({ request, context }: Route.ActionArgs) => apiAnswer(context.db, request, context.now());
