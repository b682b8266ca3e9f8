CREATE TABLE ref.countries (
  code char(2) PRIMARY KEY, -- want "column ref.countries.code is char.2."
  iso3 character(3) NOT NULL -- want "column ref.countries.iso3 is character.3."
);
ALTER TABLE "Orders" ADD COLUMN currency char(3); -- want "column public.Orders.currency is char.3."
ALTER TABLE orders ALTER COLUMN status TYPE char(1); -- want "column public.orders.status is char.1."
