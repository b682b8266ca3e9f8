-- options: checksum=modified
ALTER TABLE users ADD COLUMN email text; -- want "differs from ddlgate.sum"
