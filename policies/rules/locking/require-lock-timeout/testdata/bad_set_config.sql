-- options: runner=psql
-- A transaction-local set_config outside a transaction block sets nothing.
SELECT set_config('lock_timeout', '2s', true);
ALTER TABLE users ADD COLUMN nickname text; -- want "no lock_timeout"
