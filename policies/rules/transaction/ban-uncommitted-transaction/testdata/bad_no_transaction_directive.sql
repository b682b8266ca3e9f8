-- options: runner=ddlgate transaction_mode=wrapped
-- ddlgate:no-transaction
BEGIN; -- want "BEGIN opens a transaction that the file never commits"
