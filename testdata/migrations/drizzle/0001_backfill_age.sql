-- written by hand, never added to the journal
UPDATE "users" SET "age" = 0;
