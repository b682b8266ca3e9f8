COMMENT ON TABLE users IS 'Benutzer – café ☕';
/* ünïcödé */ CREATE TABL orders (id bigint);
SELECT 'ü' AS ok;
