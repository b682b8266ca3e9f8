-- options: pg_version=15
SELECT JSON_OBJECT('version': 2); -- want "SQL/JSON constructors .* needs PostgreSQL 16, and the target is PostgreSQL 15"
