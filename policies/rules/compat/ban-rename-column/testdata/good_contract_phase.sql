-- options: phase_history={"change":"c","phase":"contract","earlier":[{"phase":"expand","file":"1_expand.sql"}],"tables":["public.users"]}
-- ddlgate:phase contract change=rename-users-email
ALTER TABLE users RENAME COLUMN email TO email_address;
