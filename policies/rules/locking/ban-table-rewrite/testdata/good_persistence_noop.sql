-- history: CREATE TABLE events (id bigint); CREATE UNLOGGED TABLE staging (id bigint);
-- Already logged (unlogged): nothing to rewrite.
ALTER TABLE events SET LOGGED;
ALTER TABLE staging SET UNLOGGED;
