REFRESH MATERIALIZED VIEW mv_orders_daily; -- want "REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on public.mv_orders_daily"
refresh materialized view "app"."Daily" with data; -- want "on app.Daily: every read"

-- A view of the same name in another schema does not make public.mv_totals new.
CREATE MATERIALIZED VIEW reports.mv_totals AS SELECT 1 AS id;
REFRESH MATERIALIZED VIEW mv_totals; -- want "on public.mv_totals"
