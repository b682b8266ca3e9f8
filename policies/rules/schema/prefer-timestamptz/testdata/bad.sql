CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamp NOT NULL DEFAULT now(), -- want "column public.events.created_at is timestamp without time zone"
  "Seen" timestamp without time zone -- want "column public.events.Seen is timestamp"
);
ALTER TABLE audit.log ADD COLUMN logged_at timestamp(3); -- want "column audit.log.logged_at is timestamp"
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamp; -- want "column public.orders.placed_at"
