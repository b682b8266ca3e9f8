-- options: runner=drizzle
CREATE INDEX "idx_orders_user" ON "orders" USING btree ("user_id"); -- want "writes wait until the index is built" help "(?s)^CREATE INDEX CONCURRENTLY \"idx_orders_user\" ON \"orders\" USING btree \\(\"user_id\"\\);\n-- drizzle-kit migrate runs every pending file in one transaction and has no opt-out"
