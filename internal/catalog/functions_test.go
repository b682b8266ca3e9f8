package catalog

import (
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// A column default calling a user function rewrites the table only when the
// function is volatile, as its CREATE FUNCTION in the history declares
// (VOLATILE when it declares nothing, as the server does).
func TestUserFunctionVolatilityDecidesTheRewrite(t *testing.T) {
	const table = "CREATE TABLE t (id bigint PRIMARY KEY);"
	for _, tc := range []struct {
		name    string
		history []string
		sql     string
		want    string
		rewrite bool
	}{
		{"immutable", []string{table, "CREATE FUNCTION code(n int) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lpad(n::text, 3, '0') $$;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT code(7);", "immutable", false},
		{"stable", []string{table, "CREATE FUNCTION tenant() RETURNS text STABLE LANGUAGE sql AS $$ SELECT current_setting('app.tenant') $$;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT tenant();", "stable", false},
		{"undeclared is volatile", []string{table, "CREATE FUNCTION tenant() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT tenant();", "volatile", true},
		{"unknown is volatile", []string{table},
			"ALTER TABLE t ADD COLUMN c text DEFAULT tenant();", "volatile", true},
		{"altered to immutable", []string{table, "CREATE FUNCTION tenant() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;", "ALTER FUNCTION tenant() IMMUTABLE;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT tenant();", "immutable", false},
		{"dropped", []string{table, "CREATE FUNCTION tenant() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;", "DROP FUNCTION tenant();"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT tenant();", "volatile", true},
		{"qualified", []string{table, "CREATE FUNCTION app.code() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT app.code();", "immutable", false},
		{"other schema", []string{table, "CREATE FUNCTION app.code() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT code();", "volatile", true},
		{"overload by argument count", []string{table,
			"CREATE FUNCTION code() RETURNS text VOLATILE LANGUAGE sql AS $$ SELECT 'x' $$;",
			"CREATE FUNCTION code(n int, pad int DEFAULT 3) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;"},
			"ALTER TABLE t ADD COLUMN c text DEFAULT code(1);", "immutable", false},
		{"same file", []string{table},
			"CREATE FUNCTION code() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;\nALTER TABLE t ADD COLUMN c text DEFAULT upper(code());", "immutable", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := history(t, tc.history...)
			f := lint(t, c, tc.sql, parser.Options{})
			last := len(f.Statements) - 1
			a := action(t, f, last, "add_column")
			if got := deref(a.Column.DefaultVolatility); got != tc.want {
				t.Errorf("default_volatility = %s, want %s", got, tc.want)
			}
			if a.Effects.RewritesTable != tc.rewrite || f.Statements[last].Effects.RewritesTable != tc.rewrite {
				t.Errorf("rewrites_table = %v (statement %v), want %v", a.Effects.RewritesTable, f.Statements[last].Effects.RewritesTable, tc.rewrite)
			}
		})
	}
}

func TestUserFunctionVolatilityOfSetDefault(t *testing.T) {
	c := history(t, "CREATE TABLE t (id bigint);", "CREATE FUNCTION code() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;")
	f := lint(t, c, "ALTER TABLE t ALTER COLUMN id SET DEFAULT code();", parser.Options{})
	if got := deref(action(t, f, 0, "set_default").DefaultVolatility); got != "immutable" {
		t.Errorf("default_volatility = %s, want immutable", got)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
