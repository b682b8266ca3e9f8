-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY accounts_id_idx ON accounts (id);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY accounts_id_idx;
