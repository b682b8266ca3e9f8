-- options: runner=drizzle transaction_mode=wrapped
CREATE INDEX CONCURRENTLY "idx_orders_user" ON "orders" USING btree ("user_id"); -- want "drizzle-kit migrate runs all pending files in one transaction" help "^drizzle-kit migrate runs every pending file in one transaction and has no opt-out: run it outside drizzle-kit.*`ddlgate apply`"
