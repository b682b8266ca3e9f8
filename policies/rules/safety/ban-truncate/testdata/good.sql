DELETE FROM import_rows WHERE imported_at < now() - interval '30 days';
-- A table created earlier in the same file holds only this file's rows.
CREATE TABLE staging (id bigint);
INSERT INTO staging SELECT 1;
TRUNCATE "public"."staging";
