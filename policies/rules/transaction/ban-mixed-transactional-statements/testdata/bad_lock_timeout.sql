-- options: runner=flyway
-- A SET runs in a transaction too: Flyway refuses the script.
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY orders_old_idx; -- want "the DROP INDEX must run outside a transaction, the SET at line 3 inside one"
