-- options: runner=prisma pg_version=14
SET lock_timeout = '2s';
ALTER TABLE events DETACH PARTITION events_2020; -- want "wait until it is detached" help "\n-- Move it alone to its own migration file: prisma runs a single-statement file outside a transaction\\.$"
