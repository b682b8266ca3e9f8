-- A schema created earlier in the same file holds nothing anyone uses.
CREATE SCHEMA scratch;
CREATE TABLE scratch.t (id int);
DROP SCHEMA scratch CASCADE;
DROP TABLE legacy.t;
