-- options: runner=supabase transaction_mode=wrapped
CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id); -- want "supabase runs the file in a transaction" help "outside the supabase CLI's migration transaction: from a file that starts with `-- ddlgate:no-transaction`, applied with `ddlgate apply`"
