-- ddlgate:no-transaction
DROP INDEX CONCURRENTLY idx_orders_user;
DROP INDEX CONCURRENTLY IF EXISTS billing.idx_payments_user;
