import { z } from "zod";

/** `datetime-local` values are Shanghai wall-clock times. */
export const shanghaiDateTime = z
  .string({ error: "observers.err.required" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "observers.err.required" })
  .transform((s) => new Date(`${s}:00+08:00`));
