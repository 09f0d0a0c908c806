import { z } from "zod";

/** `datetime-local` values are Shanghai wall-clock times, to the minute or (with step=1) the second. */
export const shanghaiDateTime = z
  .string({ error: "observers.err.required" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: "observers.err.required" })
  .transform((s) => new Date(`${s.length === 16 ? `${s}:00` : s}+08:00`));
