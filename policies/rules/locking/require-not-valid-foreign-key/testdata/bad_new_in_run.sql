-- options: db={"tables":{"public.small":{"estimated_rows":1200,"size_bytes":98304,"analyzed":true},"public.medium":{"estimated_rows":50000,"size_bytes":12582912,"analyzed":true},"public.large":{"estimated_rows":12000000,"size_bytes":1503238553,"analyzed":true},"public.fresh":{"analyzed":false}}}
-- history: CREATE TABLE customers (id bigint PRIMARY KEY);
-- customers is created by an earlier migration of the run (the database
-- lacks it): empty, it costs the scan nothing.
ALTER TABLE small ADD CONSTRAINT small_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id); -- want "\\(public\\.small has ~1,200 rows, 96 kB: the lock lasts milliseconds\\)$" severity info
