VACUUM orders;
VACUUM (ANALYZE, VERBOSE) orders;
ANALYZE orders;
-- A table created earlier in the same file is empty.
CREATE UNLOGGED TABLE staging (id bigint PRIMARY KEY);
ALTER TABLE staging SET LOGGED;
ALTER TABLE "public"."staging" SET TABLESPACE fast_disk;
VACUUM FULL staging;
