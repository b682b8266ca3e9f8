CREATE TABLE a (id int, note text DEFAULT 'semi;colon');
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
ALTER TABLE a ADD COLUMN;
INSERT INTO a (id, note) VALUES (1, E'it\'s; fine');
CREATE TABLE "weird;name" (x int);
DROP TABLE a
