-- options: runner=ddlgate format=flyway path=db/migration/V7__cleanup.sql
-- ddlgate apply runs a Flyway script as Flyway does.
DELETE FROM events WHERE created_at < '2020-01-01';
VACUUM events; -- want "Flyway refuses this migration: the VACUUM must run outside a transaction, the DELETE at line 3 inside one" help "`V7__cleanup\\.sql\\.conf`"
