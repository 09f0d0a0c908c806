CREATE TABLE "audit_anchors" (
	"day" date PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"last_id" bigint NOT NULL,
	"head_hash" text NOT NULL
);
