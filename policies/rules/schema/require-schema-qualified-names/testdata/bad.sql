CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY); -- want "orders is not schema-qualified"
ALTER TABLE "Orders" ADD COLUMN note text; -- want "Orders is not schema-qualified"
CREATE INDEX orders_note_idx ON public.orders (note);
UPDATE orders SET note = '' WHERE note IS NULL; -- want "orders is not schema-qualified"
