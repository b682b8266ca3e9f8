-- options: runner=golang-migrate transaction_mode=implicit
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "golang-migrate sends a file of several statements as one query" help "^Move it alone to its own migration file: golang-migrate sends a file as one query.*x-multi-statement=true"
CREATE INDEX CONCURRENTLY idx_orders_state ON orders (state); -- want "implicit transaction"
