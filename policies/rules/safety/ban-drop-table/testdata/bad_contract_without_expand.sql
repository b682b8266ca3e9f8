-- A contract phase whose change has no expand is no plan: still reported.
-- ddlgate:phase contract change=remove-legacy-orders
DROP TABLE legacy_orders; -- want "DROP TABLE public.legacy_orders deletes the table"
