CREATE ROLE app_user WITH LOGIN;
ALTER ROLE app_user PASSWORD NULL;
ALTER ROLE app_user SET search_path = app, public;
-- A password mentioned in a comment or a string is not a role's password.
COMMENT ON ROLE app_user IS 'password rotated by vault';
