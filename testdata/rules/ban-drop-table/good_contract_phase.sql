-- ddlgate:phase contract change=remove-legacy-orders
DROP TABLE legacy_orders;
