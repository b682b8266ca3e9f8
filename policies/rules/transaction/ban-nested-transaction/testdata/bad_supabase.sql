-- options: runner=supabase
BEGIN; -- want "BEGIN inside the transaction supabase runs the file in" help "^Remove BEGIN and COMMIT from the file: supabase already runs it in a transaction\\.$"
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
