CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payload json NOT NULL, -- want "column public.events.payload is json"
  "Meta" json -- want "column public.events.Meta is json"
);
ALTER TABLE audit.log ADD COLUMN details json; -- want "column audit.log.details is json"
ALTER TABLE events ALTER COLUMN payload TYPE json USING payload::json; -- want "column public.events.payload is json"
