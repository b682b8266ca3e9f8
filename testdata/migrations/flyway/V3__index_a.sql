-- flyway:executeInTransaction=false
CREATE INDEX CONCURRENTLY accounts_a_idx ON accounts (a);
