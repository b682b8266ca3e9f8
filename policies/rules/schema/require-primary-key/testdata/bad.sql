CREATE TABLE events (payload jsonb NOT NULL); -- want "table public.events has no primary key"
CREATE TABLE audit.log (id bigint NOT NULL, entry text); -- want "table audit.log has no primary key"
CREATE TABLE orders_backup AS SELECT * FROM orders; -- want "table public.orders_backup has no primary key"
CREATE TABLE tags (id bigint NOT NULL); -- want "table public.tags has no primary key"
-- A key on another schema's table of the same name does not count.
ALTER TABLE archive.tags ADD PRIMARY KEY (id);
