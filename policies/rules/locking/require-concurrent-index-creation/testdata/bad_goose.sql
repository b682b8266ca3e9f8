-- options: runner=goose
CREATE INDEX idx_orders_user ON orders (user_id); -- want "writes wait until the index is built" help "^CREATE INDEX CONCURRENTLY idx_orders_user ON orders \\(user_id\\);\n-- Move it to its own migration file that starts with `-- \\+goose NO TRANSACTION`\\.$"
