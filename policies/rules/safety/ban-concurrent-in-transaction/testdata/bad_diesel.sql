-- options: runner=diesel transaction_mode=wrapped
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "diesel runs the file in a transaction" help "^Move it to its own migration, whose metadata\\.toml sets `run_in_transaction = false`\\.$"
