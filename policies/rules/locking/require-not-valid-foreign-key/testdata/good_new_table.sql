-- A new table is empty: its foreign keys scan nothing, even to an existing table.
CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), carrier_id bigint);
ALTER TABLE shipments ADD CONSTRAINT fk_shipments_carrier FOREIGN KEY (carrier_id) REFERENCES carriers (id);
ALTER TABLE public.shipments ADD COLUMN warehouse_id bigint REFERENCES warehouses (id);
