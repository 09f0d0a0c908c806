import type { Route } from "./+types/api.v1";
import { NotFoundError } from "~/.server/errors";
import { apiCatalogue, apiCatalogueList, apiDecision, apiSchema, API_VERSION } from "~/.server/decisions/opendata";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body, null, 2), {
    status,
    headers: {
      "Content-Type": status === 200 && (body as { $schema?: string }).$schema ? "application/schema+json; charset=utf-8" : "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=300",
    },
  });

/**
 * Open data API v1 (one resource route, dispatched on the splat):
 *   /api/v1                         index
 *   /api/v1/schema.json             JSON Schema of every response
 *   /api/v1/catalogues?year=YYYY    published catalogues
 *   /api/v1/catalogues/:unit/:year  one catalogue with its decisions, stages, documents, changes
 *   /api/v1/decisions/:id           one decision
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const parts = (params["*"] ?? "").split("/").filter(Boolean);
  const url = new URL(request.url);
  try {
    if (parts.length === 0) {
      return json({
        apiVersion: API_VERSION,
        description: "浦东新区重大行政决策事项目录开放数据接口。Dates are ISO 8601 in +08:00.",
        schema: "/api/v1/schema.json",
        endpoints: ["/api/v1/catalogues?year=YYYY", "/api/v1/catalogues/{unit}/{year}", "/api/v1/decisions/{id}", "/feeds/milestones.atom", "/feeds/units/{unit}/milestones.atom", "/sitemap.xml"],
      });
    }
    if (parts.length === 1 && parts[0] === "schema.json") return json(apiSchema);
    if (parts[0] === "catalogues" && parts.length === 1) {
      const y = url.searchParams.get("year");
      if (y && !/^\d{4}$/.test(y)) return json({ error: "bad year" }, 400);
      return json(await apiCatalogueList(context.db, y ? Number(y) : null));
    }
    if (parts[0] === "catalogues" && parts.length === 3 && /^\d{4}$/.test(parts[2])) {
      return json(await apiCatalogue(context.db, parts[1], Number(parts[2])));
    }
    if (parts[0] === "decisions" && parts.length === 2 && /^\d{1,9}$/.test(parts[1])) {
      return json(await apiDecision(context.db, Number(parts[1])));
    }
  } catch (e) {
    if (e instanceof NotFoundError) return json({ error: "not found" }, 404);
    throw e;
  }
  return json({ error: "not found" }, 404);
}
