CREATE INDEX CONCURRENTLY accounts_b_idx ON accounts (b);
