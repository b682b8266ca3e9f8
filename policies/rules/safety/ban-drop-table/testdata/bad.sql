DROP TABLE legacy_orders; -- want "DROP TABLE public.legacy_orders deletes the table and all its rows"
DROP TABLE IF EXISTS audit.legacy_events CASCADE; -- want "DROP TABLE audit.legacy_events"
CREATE TABLE "Scratch" (id int);
DROP TABLE scratch; -- want "public.scratch"
