CREATE TABLE orders (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL,
  total numeric NOT NULL
);
