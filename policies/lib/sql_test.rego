package ddlgate.lib.sql_test

import data.ddlgate.lib.sql

test_plain_names_stay_bare if {
	sql.ident("users") == "users"
	sql.ident("user_id2") == "user_id2"
	sql.ident("a$b") == "a$b"
}

test_names_postgresql_would_fold_are_quoted if {
	sql.ident("Users") == `"Users"`
	sql.ident("2fa") == `"2fa"`
	sql.ident("with space") == `"with space"`
	sql.ident(`say "hi"`) == `"say ""hi"""`
}

# Keywords that are not unreserved cannot stand as names unquoted.
test_keywords_are_quoted if {
	sql.ident("user") == `"user"`
	sql.ident("order") == `"order"`
	sql.ident("select") == `"select"`
	sql.ident("int") == `"int"`
	sql.ident("authorization") == `"authorization"`
}

# Unreserved keywords are fine as names.
test_unreserved_keywords_stay_bare if {
	sql.ident("name") == "name"
	sql.ident("comment") == "comment"
	sql.ident("data") == "data"
}

test_name_keeps_the_qualification_as_written if {
	sql.name({"schema": "Users", "name": "Score", "qualified": true}) == `"Users"."Score"`
	sql.name({"schema": "public", "name": "order", "qualified": false}) == `"order"`
	sql.qualified({"schema": "public", "name": "order", "qualified": false}) == `public."order"`
}

test_columns if {
	sql.columns(["id", "User"]) == `id, "User"`
}
