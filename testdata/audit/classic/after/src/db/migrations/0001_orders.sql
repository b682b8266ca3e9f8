CREATE TABLE "orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"user_id" bigint NOT NULL REFERENCES "users" ("id"),
	"created_at" timestamptz DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "orders_user_id_idx" ON "orders" ("user_id");
--> statement-breakpoint
-- ddlgate:ignore require-concurrent-index-creation reason="users is empty until launch" until=2027-06-30 owner=@db-team
CREATE UNIQUE INDEX "users_email_idx" ON "users" ("email");
