-- options: pg_version=14
ALTER TABLE events DETACH PARTITION events_2020; -- want "ACCESS EXCLUSIVE lock on public.events"
