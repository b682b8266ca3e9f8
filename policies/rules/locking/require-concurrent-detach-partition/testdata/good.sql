-- ddlgate:no-transaction
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;
-- A partitioned table created earlier in the same file has no readers yet.
CREATE TABLE logs (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE logs_2020 PARTITION OF logs FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
ALTER TABLE logs DETACH PARTITION logs_2020;
