DROP SCHEMA legacy CASCADE; -- want "DROP SCHEMA legacy deletes the schema and every table, view and function in it"
DROP SCHEMA IF EXISTS "Old", archive; -- want "DROP SCHEMA Old deletes the schema" -- want "DROP SCHEMA archive"
-- "Scratch" is another schema than scratch.
CREATE SCHEMA "Scratch";
DROP SCHEMA scratch; -- want "DROP SCHEMA scratch"
