-- options: phase_history={"change":"orders-status-enum","phase":"contract","live":true,"database":"production","earlier":[{"phase":"expand","file":"0007_expand.sql","applied":false}],"tables":["public.orders"]}
-- ddlgate:phase contract change=orders-status-enum
ALTER TABLE orders DROP COLUMN status; -- want "before its expand phase 0007_expand.sql is applied in production"
