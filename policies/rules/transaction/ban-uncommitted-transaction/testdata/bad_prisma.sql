-- options: runner=prisma transaction_mode=implicit
ALTER TABLE orders ADD COLUMN note text;
BEGIN; -- want "BEGIN opens a transaction that the file never commits"
ALTER TABLE orders ADD COLUMN tag text;
