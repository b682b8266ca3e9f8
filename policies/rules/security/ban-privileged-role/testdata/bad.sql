CREATE ROLE app_admin WITH LOGIN SUPERUSER; -- want "CREATE ROLE app_admin gives it SUPERUSER"
ALTER ROLE "Reporting" BYPASSRLS; -- want "ALTER ROLE Reporting gives it BYPASSRLS"
CREATE USER ops CREATEROLE; -- want "CREATE ROLE ops gives it CREATEROLE"
