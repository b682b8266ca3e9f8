DROP INDEX accounts_name_idx;
