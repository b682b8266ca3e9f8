REFRESH MATERIALIZED VIEW CONCURRENTLY mv_orders_daily;
-- WITH NO DATA only empties the view.
REFRESH MATERIALIZED VIEW mv_orders_daily WITH NO DATA;
-- A view created earlier in the same file has no readers yet.
CREATE MATERIALIZED VIEW mv_totals AS SELECT 1 AS id WITH NO DATA;
REFRESH MATERIALIZED VIEW "public"."mv_totals";
