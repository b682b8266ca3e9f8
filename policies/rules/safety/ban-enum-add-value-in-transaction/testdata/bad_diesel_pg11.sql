-- options: pg_version=11 runner=diesel
ALTER TYPE order_state ADD VALUE 'refunded'; -- want "diesel runs the file in a transaction" help "^Move it to its own migration, whose metadata\\.toml sets `run_in_transaction = false`\\.$"
