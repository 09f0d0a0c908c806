/** What the request forms accept, checked on the server; messages are keys in app/i18n/domains/requests.ts. */
import { z } from "zod";
import { applicantTypeEnum, remedyKindEnum, requestDeliveryEnum, requestFormEnum } from "#db/schema";
import { optionalText, text } from "../forms";
import { REPLY_OUTCOMES } from "./outcomes";

const day = z.string({ error: "requests.err.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: "requests.err.required" }).refine(isCalendarDay, { error: "requests.err.required" });

/** 2026-02-30 passes the pattern and Date.parse, but PostgreSQL refuses it: round-trip to be sure. */
function isCalendarDay(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

const optionalEmail = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim())
  .pipe(z.union([z.literal(""), z.email({ error: "err.email" }).max(200)]))
  .transform((s) => (s === "" ? null : s.toLowerCase()));

export const requestSchema = z
  .object({
    // Bounded: a number past PostgreSQL's integer range would be the database's error (a 500), not the user's.
    unitId: z.coerce.number({ error: "requests.err.unit" }).int({ error: "requests.err.unit" }).positive({ error: "requests.err.unit" }).max(2_147_483_647, { error: "requests.err.unit" }),
    applicantType: z.enum(applicantTypeEnum.enumValues, { error: "requests.err.required" }),
    applicantName: text(100, "requests.err.required"),
    contactEmail: optionalEmail,
    contactPhone: optionalText(40),
    contactAddress: optionalText(300),
    description: text(4000, "requests.err.required"),
    preferredForm: z.enum(requestFormEnum.enumValues, { error: "requests.err.required" }),
    delivery: z.enum(requestDeliveryEnum.enumValues, { error: "requests.err.required" }),
  })
  .superRefine((v, ctx) => {
    if (!v.contactEmail && !v.contactPhone && !v.contactAddress) ctx.addIssue({ code: "custom", path: ["contactEmail"], message: "requests.err.contact" });
  });

export const registerSchema = z.intersection(
  requestSchema,
  z.object({ channel: z.enum(["letter", "in_person", "fax"], { error: "requests.err.required" }), receivedOn: day }),
);

export const correctionSchema = z.object({ whatToAdd: text(2000, "requests.err.required"), dueOn: day });
export const noteSchema = z.object({ note: optionalText(2000) });
export const consultSchema = z.object({ thirdParty: text(200, "requests.err.required"), note: optionalText(2000) });
export const extendSchema = z.object({
  days: z.coerce.number({ error: "requests.err.required" }).int({ error: "requests.err.required" }).min(-1000).max(1000),
  reason: text(1000, "requests.err.required"),
  approver: text(100, "requests.err.required"),
});
export const replySchema = z.object({ outcome: z.enum(REPLY_OUTCOMES, { error: "requests.err.required" }), letter: text(20000, "requests.err.required") });
export const postingSchema = z.object({ carrier: text(60, "requests.err.required"), trackingNumber: text(60, "requests.err.required") });
export const remedySchema = z.object({ kind: z.enum(remedyKindEnum.enumValues, { error: "requests.err.required" }), filedOn: day });
export const decideRemedySchema = z.object({ remedyId: z.coerce.number().int().positive().max(2_147_483_647), outcome: z.enum(["upheld", "corrected", "other"], { error: "requests.err.required" }), decidedOn: day });

/** YS2026-ABCDEFGH; anything else is a 404 without a query. */
export const TRACKING_NO = /^YS\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/;
