CREATE TABLE shop.orders (
  id bigserial PRIMARY KEY, -- want "column shop.orders.id is bigserial"
  number serial NOT NULL -- want "column shop.orders.number is serial"
);
ALTER TABLE "Tickets" ADD COLUMN seq smallserial; -- want "column public.Tickets.seq is smallserial"
