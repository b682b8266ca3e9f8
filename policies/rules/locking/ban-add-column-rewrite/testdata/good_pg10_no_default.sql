-- options: pg_version=10
ALTER TABLE users ADD COLUMN nickname text;
