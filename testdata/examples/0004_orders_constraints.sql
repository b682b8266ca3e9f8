-- Validating a foreign key scans the whole table while holding a lock that
-- blocks writes on both tables; NOT VALID + VALIDATE CONSTRAINT does not.
ALTER TABLE orders
    ADD CONSTRAINT orders_total_positive CHECK (total >= 0),
    ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);

ALTER TABLE accounts ALTER COLUMN name SET NOT NULL;
