-- options: phase_history={"change":"c","phase":"contract","earlier":[{"phase":"expand","file":"1_expand.sql"}],"tables":["public.users"]}
-- ddlgate:phase contract change=rename-users
ALTER TABLE users RENAME TO accounts;
