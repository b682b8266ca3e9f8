-- options: phase_history={"change":"remove-nickname","phase":"contract","earlier":[{"phase":"expand","file":"1_expand.sql"}],"tables":["public.orders"]}
-- The change's expand touched orders, not users: users.nickname is no part of it.
-- ddlgate:phase contract change=remove-nickname
ALTER TABLE users DROP COLUMN nickname; -- want "DROP COLUMN nickname deletes public.users.nickname"
ALTER TABLE orders DROP COLUMN legacy_status;
