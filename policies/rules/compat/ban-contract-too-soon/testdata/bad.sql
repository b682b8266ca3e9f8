-- options: phase_history={"change":"orders-status-enum","phase":"contract","live":true,"database":"production","earlier":[{"phase":"expand","file":"0007_expand.sql","applied":true,"applied_at":"2026-03-02T09:00:00Z","age_seconds":7200}],"tables":["public.orders"]}
-- ddlgate:phase contract change=orders-status-enum
ALTER TABLE orders DROP COLUMN status; -- want "expand phase 0007_expand.sql was applied 2.0h ago in production .at 2026-03-02T09:00:00Z.; min_age is 24h"
