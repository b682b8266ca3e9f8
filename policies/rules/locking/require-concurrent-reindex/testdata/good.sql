-- ddlgate:no-transaction
REINDEX INDEX CONCURRENTLY idx_orders_user;
REINDEX TABLE CONCURRENTLY orders;
REINDEX (VERBOSE) SCHEMA CONCURRENTLY app;
-- System catalogs cannot be rebuilt concurrently.
REINDEX SYSTEM app;
