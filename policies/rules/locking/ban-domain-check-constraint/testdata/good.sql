CREATE DOMAIN amount AS numeric(12, 2) NOT NULL;
-- A domain created in this file is not used by any existing column yet.
ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);
ALTER DOMAIN email SET NOT NULL;
ALTER DOMAIN email DROP CONSTRAINT email_check;
ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0) NOT VALID;
