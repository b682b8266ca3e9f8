-- options: runner=psql
-- psql commits each statement on its own: the concurrent form can stay here.
CREATE INDEX idx_orders_user ON orders (user_id); -- want "writes wait until the index is built" help "^CREATE INDEX CONCURRENTLY idx_orders_user ON orders \\(user_id\\);$"
