ALTER TABLE customers ADD COLUMN email text;
COMMENT ON COLUMN customers.email IS 'PII: contact address for receipts';
