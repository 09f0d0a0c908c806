ALTER TABLE "policies" ADD COLUMN "lapse_announced_at" timestamp with time zone;--> statement-breakpoint
-- Policies that lapsed before lapse notices existed: not news any more, so the first timer run mails nobody about them.
UPDATE "policies" SET "lapse_announced_at" = now() WHERE "change" = 'in_force' AND "valid_until" < (now() AT TIME ZONE 'Asia/Shanghai')::date;
