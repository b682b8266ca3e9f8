REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION app.f(int) FROM public;
GRANT SELECT ON app.orders TO reporting;
-- A role whose name contains public is a named role.
GRANT SELECT ON app.orders TO "public_readers";
