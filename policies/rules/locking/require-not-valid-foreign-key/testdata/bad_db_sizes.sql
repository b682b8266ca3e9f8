-- options: db={"tables":{"public.small":{"estimated_rows":1200,"size_bytes":98304,"analyzed":true},"public.medium":{"estimated_rows":50000,"size_bytes":12582912,"analyzed":true},"public.large":{"estimated_rows":12000000,"size_bytes":1503238553,"analyzed":true},"public.fresh":{"analyzed":false}}}
-- With the target database's sizes: a small table's finding is info and says its size,
-- a large one's says it is large, a table never analyzed keeps the rule's severity.
ALTER TABLE small ADD CONSTRAINT small_parent_fk FOREIGN KEY (parent_id) REFERENCES small (id); -- want "SHARE ROW EXCLUSIVE locks on public.small: writes wait until the scan ends \\(public\\.small has ~1,200 rows, 96 kB: the lock lasts milliseconds\\)$" severity info
ALTER TABLE small ADD CONSTRAINT small_large_fk FOREIGN KEY (large_id) REFERENCES large (id); -- want "\\(public\\.large is large: ~12,000,000 rows, 1434 MB\\)$" severity error
ALTER TABLE small ADD COLUMN medium_id bigint REFERENCES medium (id); -- want "\\(public\\.medium has ~50,000 rows, 12 MB; public\\.small has ~1,200 rows, 96 kB\\)$" severity error
BEGIN;
ALTER TABLE small ADD CONSTRAINT small_large_fk2 FOREIGN KEY (large_id) REFERENCES large (id) NOT VALID;
ALTER TABLE small VALIDATE CONSTRAINT small_large_fk2; -- want "NOT VALID bought nothing \\(public\\.large is large: ~12,000,000 rows, 1434 MB\\)$" severity error
COMMIT;
