-- options: db={"tables":{"public.small":{"estimated_rows":1200,"size_bytes":98304,"analyzed":true},"public.medium":{"estimated_rows":50000,"size_bytes":12582912,"analyzed":true},"public.large":{"estimated_rows":12000000,"size_bytes":1503238553,"analyzed":true},"public.fresh":{"analyzed":false}}}
-- history: CREATE TABLE customers (id bigint PRIMARY KEY, email text);
-- An earlier migration of the run creates customers, which the database
-- lacks: the table is new and empty when this file runs.
CREATE INDEX customers_email ON customers (email);
