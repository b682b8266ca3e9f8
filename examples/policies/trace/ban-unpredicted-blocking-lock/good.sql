-- Not traced: no observation, no finding.
SELECT app.migrate_orders();
