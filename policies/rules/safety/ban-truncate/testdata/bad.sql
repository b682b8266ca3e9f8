TRUNCATE import_rows; -- want "TRUNCATE deletes every row of public.import_rows under an ACCESS EXCLUSIVE lock"
TRUNCATE TABLE "public"."Events", audit.log CASCADE; -- want "every row of public.Events" -- want "every row of audit.log"
-- A table of the same name in another schema does not make public.jobs new.
CREATE TABLE queue.jobs (id bigint);
TRUNCATE jobs; -- want "public.jobs"
