UPDATE users SET email_lower = lower(email) WHERE id IN (SELECT id FROM users WHERE email_lower IS NULL LIMIT 10000);
DELETE FROM sessions WHERE expires_at < now();
INSERT INTO audit (what) SELECT 'x';
-- DML inside a function body is not a statement of the migration (a DO
-- block's is: it runs right away).
CREATE FUNCTION purge_sessions() RETURNS void LANGUAGE sql AS $$ DELETE FROM sessions $$;
-- A table created earlier in the same file.
CREATE TABLE staging (id bigint, a int);
UPDATE staging SET a = 2;
DELETE FROM public.staging;
