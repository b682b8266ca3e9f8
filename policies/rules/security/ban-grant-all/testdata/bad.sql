GRANT ALL ON app.orders TO app_rw; -- want "GRANT ALL ON table app.orders to app_rw"
GRANT ALL PRIVILEGES ON SCHEMA app TO "Reporting"; -- want "GRANT ALL ON schema app to Reporting"
GRANT ALL ON ALL SEQUENCES IN SCHEMA app TO app_rw; -- want "GRANT ALL ON sequence app to app_rw"
