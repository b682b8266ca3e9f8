-- options: runner=psql transaction_mode=none
BEGIN;
ALTER TYPE "app"."State" ADD VALUE 'Done';
INSERT INTO app.tasks (state) VALUES ('Done'); -- want "'Done' was added to enum app.State at line 3"
COMMIT;
