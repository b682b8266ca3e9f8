-- ddlgate:phase contract change=remove-legacy-schema
DROP SCHEMA legacy RESTRICT;
