ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0); -- want "CHECK on domain public.amount checks every column of the type while holding a SHARE lock"
ALTER DOMAIN app.amount ADD CHECK (VALUE < 1000000) NOT VALID; -- want "NOT VALID on domain app.amount defers the check, but VALIDATE CONSTRAINT will hold a SHARE lock"
CREATE DOMAIN positive_amount AS numeric(12, 2) CHECK (VALUE > 0); -- want "domain public.positive_amount carries a CHECK constraint"
