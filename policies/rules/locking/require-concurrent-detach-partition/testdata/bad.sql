ALTER TABLE events DETACH PARTITION events_2020; -- want "DETACH PARTITION public.events_2020 takes an ACCESS EXCLUSIVE lock on public.events"
ALTER TABLE "app"."Events" DETACH PARTITION app."Events_2021"; -- want "on app.Events: reads and writes"
