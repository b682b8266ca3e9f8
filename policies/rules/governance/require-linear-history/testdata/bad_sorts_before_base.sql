-- options: path=migrations/0002_orders.sql version=0002 format=golang-migrate next_version=0004 ordered_before=[{"version":"0003","path":"migrations/0003_invoices.up.sql","where":"base-branch","ref":"origin/main"}]
CREATE TABLE orders (id bigint PRIMARY KEY); -- want "sorts before migrations/0003_invoices.up.sql on origin/main"
