-- options: pg_version=11
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want "SET NOT NULL on public.users.email scans the whole table"
