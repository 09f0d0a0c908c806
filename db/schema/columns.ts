/** Column options shared by every schema file (not a table: not exported from the schema index). */

/** An instant, stored as timestamptz and read as a Date. */
export const tz = { withTimezone: true, mode: "date" } as const;
