/** Decision enums shared by the schema, the server and the browser (no imports, so the client bundle stays small). */
export const STAGE_KINDS = [
  "draft",
  "consultation",
  "hearing",
  "participation",
  "expert_review",
  "risk_assessment",
  "legality_review",
  "deliberation",
  "result",
  "implementation",
  "other",
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const STAGE_STATES = ["not_started", "in_progress", "completed", "not_applicable"] as const;
export type StageState = (typeof STAGE_STATES)[number];

export const DECISION_STATUSES = ["planned", "in_progress", "decided", "implementing", "withdrawn"] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const SORTS = ["catalogue", "updated", "planned", "title"] as const;
export type Sort = (typeof SORTS)[number];
