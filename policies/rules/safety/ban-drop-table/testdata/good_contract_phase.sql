-- options: phase_history={"change":"c","phase":"contract","earlier":[{"phase":"expand","file":"1_expand.sql"}],"tables":["public.legacy_orders"]}
-- ddlgate:phase contract change=remove-legacy-orders
DROP TABLE legacy_orders;
