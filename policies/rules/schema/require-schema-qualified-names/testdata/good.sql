CREATE TABLE public.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
ALTER TABLE "public"."Orders" ADD COLUMN note text;
CREATE INDEX orders_note_idx ON public.orders (note);
SET lock_timeout = '2s';
BEGIN;
COMMIT;
