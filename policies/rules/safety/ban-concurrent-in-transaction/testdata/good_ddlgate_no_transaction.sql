-- options: runner=ddlgate transaction_mode=wrapped
-- ddlgate:no-transaction
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
REINDEX INDEX CONCURRENTLY idx_orders_state;
