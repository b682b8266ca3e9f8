-- options: path=drizzle/0007_backfill.sql format=drizzle in_journal=true
UPDATE users SET active = true WHERE active IS NULL;
