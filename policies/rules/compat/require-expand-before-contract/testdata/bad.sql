-- ddlgate:phase contract change=orders-status-enum
ALTER TABLE orders DROP COLUMN status; -- want "contract phase of change orders-status-enum has no expand phase before it"
