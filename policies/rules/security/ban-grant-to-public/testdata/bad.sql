GRANT SELECT ON app.orders TO PUBLIC; -- want "GRANT SELECT ON table app.orders TO PUBLIC"
GRANT USAGE ON SCHEMA app TO reporting, public; -- want "GRANT USAGE ON schema app TO PUBLIC"
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA app TO PUBLIC; -- want "ON all tables in schema"
