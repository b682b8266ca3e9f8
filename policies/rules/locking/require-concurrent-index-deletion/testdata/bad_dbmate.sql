-- options: runner=dbmate
DROP INDEX idx_orders_user; -- want "reads and writes wait until it is dropped" help "^DROP INDEX CONCURRENTLY idx_orders_user;\n-- Move it to its own migration file whose up section starts with `-- migrate:up transaction:false`\\.$"
