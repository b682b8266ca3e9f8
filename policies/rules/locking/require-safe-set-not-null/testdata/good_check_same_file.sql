-- options: runner=psql
-- A CHECK (col IS NOT NULL) validated earlier in the same file spares SET
-- NOT NULL its scan (12+), as one from an earlier file does, even when the
-- history does not know the table.
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;
