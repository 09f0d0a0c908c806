/** Policy enums shared by the schema and the UI (kept out of db/ so the browser bundle stays free of drizzle). */
export const POLICY_KINDS = ["normative", "other"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** What staff record; 已失效 by a passed valid-until date is derived at read time. */
export const POLICY_CHANGES = ["in_force", "amended", "repealed", "lapsed"] as const;
export type PolicyChange = (typeof POLICY_CHANGES)[number];

export const POLICY_SORTS = ["issued", "issued_asc", "title"] as const;
export type PolicySort = (typeof POLICY_SORTS)[number];

/** The library list shows the start of a summary; the rest never leaves the database. */
export const SUMMARY_CHARS = 120;
