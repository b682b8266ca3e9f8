-- Without a database the age of the expand is unknown: silent.
-- options: phase_history={"change":"orders-status-enum","phase":"contract","live":false,"earlier":[{"phase":"expand","file":"0007_expand.sql","applied":null}],"tables":["public.orders"]}
-- ddlgate:phase contract change=orders-status-enum
ALTER TABLE orders DROP COLUMN status;
