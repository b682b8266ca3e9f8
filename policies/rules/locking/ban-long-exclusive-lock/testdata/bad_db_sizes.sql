-- options: db={"tables":{"public.small":{"estimated_rows":1200,"size_bytes":98304,"analyzed":true},"public.medium":{"estimated_rows":50000,"size_bytes":12582912,"analyzed":true},"public.large":{"estimated_rows":12000000,"size_bytes":1503238553,"analyzed":true},"public.fresh":{"analyzed":false}}}
-- With the target database's sizes: the lock lasts as long as the work
-- after it; DDL on small tables is quick, DML may read any table.
BEGIN;
ALTER TABLE medium ADD COLUMN note text; -- want "waits until COMMIT \\(public\\.small has ~1,200 rows, 96 kB: the lock lasts milliseconds\\)$" severity info
CREATE INDEX small_note ON small (note);
ALTER TABLE small ADD CONSTRAINT small_note_check CHECK (note <> '');
COMMIT;
BEGIN;
ALTER TABLE small ADD COLUMN note text; -- want "\\(public\\.large is large: ~12,000,000 rows, 1434 MB\\)$" severity warning
CREATE INDEX large_x ON large (x);
COMMIT;
BEGIN;
ALTER TABLE fresh ADD COLUMN flag boolean; -- want "waits until COMMIT$" severity warning
UPDATE small SET flag = true FROM large WHERE large.id = small.id;
COMMIT;
