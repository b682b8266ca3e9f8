-- Declared with the table: the table is empty.
CREATE TABLE reservations (
  room_id bigint NOT NULL,
  during tstzrange NOT NULL,
  CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
-- Added to a table created earlier in the same file.
CREATE TABLE public."Bookings" (during tstzrange);
ALTER TABLE "Bookings" ADD EXCLUDE USING gist (during WITH &&);
