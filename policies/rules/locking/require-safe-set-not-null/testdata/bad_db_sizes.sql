-- options: db={"tables":{"public.small":{"estimated_rows":1200,"size_bytes":98304,"analyzed":true},"public.medium":{"estimated_rows":50000,"size_bytes":12582912,"analyzed":true},"public.large":{"estimated_rows":12000000,"size_bytes":1503238553,"analyzed":true},"public.fresh":{"analyzed":false}}}
-- With the target database's sizes: a small table's finding is info and says its size,
-- a large one's says it is large, a table never analyzed keeps the rule's severity.
ALTER TABLE small ALTER COLUMN x SET NOT NULL; -- want "reads and writes wait until the scan ends \\(public\\.small has ~1,200 rows, 96 kB: the lock lasts milliseconds\\)$" severity info
ALTER TABLE large ALTER COLUMN x SET NOT NULL; -- want "\\(public\\.large is large: ~12,000,000 rows, 1434 MB\\)$" severity error
ALTER TABLE fresh ALTER COLUMN x SET NOT NULL; -- want "\\(public\\.fresh has never been analyzed, so its size is unknown: ANALYZE it to judge by size\\)$" severity error
