-- flyway:executeInTransaction=false
-- Flyway reads no setting from a script's comments: the line above changes
-- nothing. Flyway runs this script outside a transaction because its one
-- statement cannot run in one (ddlgate's parser decides so too).
CREATE INDEX CONCURRENTLY accounts_a_idx ON accounts (a);
