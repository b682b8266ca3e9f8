ALTER TABLE reservations ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&); -- want "ADD CONSTRAINT no_overlap EXCLUDE builds an index on public.reservations while holding an ACCESS EXCLUSIVE lock"
ALTER TABLE "app"."Bookings"
  ADD EXCLUDE USING gist (during WITH &&); -- want "ADD EXCLUDE builds an index on app.Bookings"
