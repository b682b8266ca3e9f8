-- options: path=migrations/0003_orders.sql duplicate_versions=migrations/0003_invoices.sql
CREATE TABLE orders (id bigint PRIMARY KEY); -- want "is also used by migrations/0003_invoices.sql"
