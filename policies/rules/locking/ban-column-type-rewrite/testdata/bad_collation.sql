-- history: CREATE TABLE users (id bigint PRIMARY KEY, name text, email text); CREATE INDEX users_name ON users (name); CREATE INDEX users_lower_name ON users (lower(name));
-- Only the collation changes: no rewrite, but both indexes on name are rebuilt.
ALTER TABLE users ALTER COLUMN name TYPE text COLLATE "C"; -- want "changes the collation: it does not rewrite public.users, but rebuilds users_name, users_lower_name"
