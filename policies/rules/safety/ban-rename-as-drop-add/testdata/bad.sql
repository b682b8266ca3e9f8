-- The test harness has no schema history: the old types come from an earlier
-- ALTER COLUMN ... TYPE in this file (see rule_test.rego for the catalog).
ALTER TABLE users ALTER COLUMN full_name TYPE text;
ALTER TABLE users DROP COLUMN full_name;
ALTER TABLE users ADD COLUMN name text; -- want "public.users drops column full_name .line 4. and adds column name of the same type text"
ALTER TABLE "app"."People" ALTER COLUMN "Nick" TYPE varchar(40);
ALTER TABLE "app"."People" ADD COLUMN "Display" varchar(40), DROP COLUMN "Nick"; -- want "app.People drops column Nick"
