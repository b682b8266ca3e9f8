-- options: pg_version=10
ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0; -- want "before PostgreSQL 11 the default 0 is written into every row"
ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now(); -- want "before PostgreSQL 11"
