-- options: runner=prisma transaction_mode=implicit
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "prisma sends a file of several statements as one query" help "^Move it alone to its own migration file: prisma runs a single-statement file outside a transaction"
CREATE INDEX CONCURRENTLY idx_orders_state ON orders (state); -- want "implicit transaction"
