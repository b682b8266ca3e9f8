-- golden: runner=golang-migrate
CREATE INDEX CONCURRENTLY t_v_idx ON t (v);
