-- ddlgate:no-transaction
CREATE INDEX CONCURRENTLY t_v_idx ON t (v);
DROP INDEX CONCURRENTLY t_old_idx;
