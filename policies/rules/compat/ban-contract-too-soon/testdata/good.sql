-- options: phase_history={"change":"orders-status-enum","phase":"contract","live":true,"database":"production","earlier":[{"phase":"expand","file":"0007_expand.sql","applied":true,"applied_at":"2026-02-20T09:00:00Z","age_seconds":864000}],"tables":["public.orders"]}
-- ddlgate:phase contract change=orders-status-enum
ALTER TABLE orders DROP COLUMN status;
