-- ddlgate:ignore ban-drop-column reason="replaced by tax_id in 0003, CHG-2210"
ALTER TABLE customers DROP COLUMN country_code;

ALTER TABLE payments ALTER COLUMN failure_reason TYPE varchar(500);
ALTER TABLE invoices ALTER COLUMN number SET NOT NULL;

UPDATE plans SET active = false WHERE created_at < '2023-01-01';

DROP INDEX IF EXISTS invoices_status_due_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_status_idx ON invoices (status);
