-- Speed up the dunning job.
CREATE INDEX invoices_due_open_idx ON invoices (due_at) WHERE status = 'open';

ALTER TABLE invoices ADD COLUMN voided_at timestamptz;
ALTER TABLE invoices ADD COLUMN void_reason text;

ALTER TABLE customers ADD COLUMN tax_id text;
ALTER TABLE customers ADD COLUMN tax_exempt boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN customers.tax_id IS 'VAT or sales tax identifier';
