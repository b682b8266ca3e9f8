-- atlas:txmode none

CREATE INDEX CONCURRENTLY accounts_id_idx ON accounts (id);
