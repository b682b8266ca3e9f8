-- options: runner=prisma transaction_mode=implicit
-- ban-concurrent-in-transaction reports these (two statements: an implicit transaction).
DROP INDEX CONCURRENTLY idx_orders_user;
DROP INDEX CONCURRENTLY idx_orders_state;
