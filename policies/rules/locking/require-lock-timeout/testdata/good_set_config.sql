-- set_config('lock_timeout', ...) counts like SET lock_timeout (is_local
-- true like SET LOCAL: until the end of the transaction).
SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE users ADD COLUMN nickname text;
SELECT pg_catalog.set_config('lock_timeout', '1s', true);
ALTER TABLE users ADD COLUMN bio text;
