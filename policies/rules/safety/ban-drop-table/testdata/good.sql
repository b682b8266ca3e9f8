-- Dropping a table created earlier in the same file is harmless.
CREATE TABLE scratch (id int);
INSERT INTO scratch SELECT 1;
DROP TABLE scratch;
CREATE TABLE public."Tmp" (id int);
DROP TABLE "public"."Tmp";
DROP VIEW legacy_orders_view;
