CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  seen timestamp with time zone,
  day date,
  opens time
);
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamptz USING placed_at AT TIME ZONE 'UTC';
-- A column named timestamp is not a timestamp column.
ALTER TABLE orders ADD COLUMN "timestamp" text;
