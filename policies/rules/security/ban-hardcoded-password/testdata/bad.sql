CREATE ROLE app_user WITH LOGIN PASSWORD 'correct horse battery staple'; -- want "CREATE ROLE app_user sets a literal password"
ALTER ROLE "Reporting" PASSWORD 'md5c4ca4238a0b923820dcc509a6f75849b'; -- want "ALTER ROLE Reporting sets a literal password"
CREATE USER ci_bot
  LOGIN
  ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a:b'; -- want "CREATE ROLE ci_bot sets a literal password"
