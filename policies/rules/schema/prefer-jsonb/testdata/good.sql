CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payload jsonb NOT NULL,
  "json" text
);
ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
-- A type of the same name in another schema is not the built-in json.
ALTER TABLE events ADD COLUMN doc app.json;
