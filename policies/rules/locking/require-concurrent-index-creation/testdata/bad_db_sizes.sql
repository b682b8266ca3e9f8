-- options: db={"tables":{"public.small":{"estimated_rows":1200,"size_bytes":98304,"analyzed":true},"public.medium":{"estimated_rows":50000,"size_bytes":12582912,"analyzed":true},"public.large":{"estimated_rows":12000000,"size_bytes":1503238553,"analyzed":true},"public.fresh":{"analyzed":false}}}
-- With the target database's sizes: a small table's finding is info and says its size,
-- a large one's says it is large, a table never analyzed keeps the rule's severity.
CREATE INDEX small_x ON small (x); -- want "lock on public.small: writes wait until the index is built \\(public\\.small has ~1,200 rows, 96 kB: the lock lasts milliseconds\\)$" severity info
CREATE INDEX medium_x ON medium (x); -- want "\\(public\\.medium has ~50,000 rows, 12 MB\\)$" severity error
CREATE INDEX large_x ON large (x); -- want "\\(public\\.large is large: ~12,000,000 rows, 1434 MB\\)$" severity error
CREATE INDEX fresh_x ON fresh (x); -- want "\\(public\\.fresh has never been analyzed, so its size is unknown: ANALYZE it to judge by size\\)$" severity error
CREATE INDEX other_x ON other (x); -- want "lock on public.other: writes wait until the index is built$" severity error
