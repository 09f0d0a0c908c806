/**
 * Following a request without an account: someone whose request staff
 * registered from a letter, a visit or a fax has its tracking number (in the
 * registration mail or letter) and gave an e-mail address or a phone number.
 * The number and either of them open the applicant's view of the request —
 * the same view an online filer has, nothing internal.
 *
 * A wrong contact and a number that does not exist get the same answer, after
 * the same work; attempts are rate-limited per address and per tracking number
 * (counted before the check, so parallel guesses cannot slip past), and a
 * successful lookup takes its attempts back, as a correct password does.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { informationRequests } from "#db/schema";
import { UserError } from "../errors";
import { text } from "../forms";
import { hitRateLimit, refundRateLimit } from "../security/rate-limit";
import { TRACKING_NO } from "./forms";
import { detail, type RequestDetail } from "./requests";

export const lookupSchema = z.object({
  trackingNo: z
    .string({ error: "requests.err.required" })
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.string().min(1, { error: "requests.err.required" }).max(40, { error: "requests.err.required" })),
  contact: text(200, "requests.err.required"),
});

/** A phone number by its digits alone, the country code 86 dropped: "+86 021-5000 0001" and "02150000001" are one number. */
function phoneDigits(s: string): string {
  const d = s.replace(/\D/g, "");
  return d.length > 11 && d.startsWith("86") ? d.slice(2) : d;
}

function contactMatches(r: { contactEmail: string | null; contactPhone: string | null }, given: string): boolean {
  const g = given.trim().toLowerCase();
  if (r.contactEmail && g === r.contactEmail.trim().toLowerCase()) return true;
  const digits = phoneDigits(g);
  // At least 7 digits: a phone number, not a fragment of one.
  return !!r.contactPhone && digits.length >= 7 && digits === phoneDigits(r.contactPhone);
}

export interface LookupLimits {
  perIp: number;
  perNumber: number;
  windowSeconds: number;
}

export async function lookupRequest(db: Db, input: z.output<typeof lookupSchema>, ip: string, now: Date, limits: LookupLimits): Promise<RequestDetail> {
  const keys: [string, number][] = [
    [`request-lookup:ip:${ip}`, limits.perIp],
    [`request-lookup:no:${input.trackingNo}`, limits.perNumber],
  ];
  let wait = 0;
  for (const [key, max] of keys) {
    const r = await hitRateLimit(db, key, max, limits.windowSeconds, now);
    if (!r.allowed) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) throw new UserError("err.rateLimited", { minutes: Math.ceil(wait / 60) }, undefined, 429);
  const [r] = TRACKING_NO.test(input.trackingNo) ? await db.select().from(informationRequests).where(eq(informationRequests.trackingNo, input.trackingNo)) : [];
  if (!r || !contactMatches(r, input.contact)) throw new UserError("requests.err.lookup", {}, undefined, 404);
  for (const [key] of keys) await refundRateLimit(db, key);
  return detail(db, r, now, true, {});
}
