/** Every CSV export goes through here, so none can carry a spreadsheet formula. */
import { stringify } from "csv-stringify/sync";

type Cell = string | number | null | undefined;

// OWASP CSV injection: a cell that starts with one of these is run as a formula by Excel, LibreOffice and Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A user's text as a cell that a spreadsheet shows as text: a leading
 * apostrophe for anything that would start a formula (OWASP's guidance).
 * Applied after masking, so a masked `=***` is neutralised too.
 */
export function csvCell(v: Cell): string | number {
  if (v == null) return "";
  if (typeof v === "number") return v;
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** UTF-8 with a BOM so Excel opens the Chinese correctly; every string cell neutralised. */
export function csvDocument(rows: readonly (readonly Cell[])[]): string {
  return "\uFEFF" + stringify(rows.map((r) => r.map(csvCell)));
}
