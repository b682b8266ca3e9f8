-- options: pg_version=11
ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();
ALTER TABLE users ADD COLUMN state text DEFAULT 'new';
ALTER TABLE users ADD COLUMN nickname text;
CREATE TABLE teams (id bigint PRIMARY KEY);
ALTER TABLE teams ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE teams ADD COLUMN seq bigserial;
