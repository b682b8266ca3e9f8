package parser

import (
	"slices"
	"strings"
	"testing"
)

// dynamicSQLOf parses sql and returns the dynamic queries of its first
// create_function or do action.
func dynamicSQLOf(t *testing.T, sql string) (*FunctionAction, []DynamicSQL) {
	t.Helper()
	f := Parse([]byte(sql), Options{Runner: "psql"})
	if len(f.ParseErrors) > 0 {
		t.Fatalf("parse errors: %+v", f.ParseErrors)
	}
	for _, s := range f.Statements {
		for _, a := range s.Actions {
			if (a.Type == "create_function" || a.Type == "do") && a.FunctionAction != nil {
				return a.FunctionAction, a.DynamicSQL
			}
		}
	}
	t.Fatalf("no create_function or do action in %q", sql)
	return nil, nil
}

func TestDynamicSQL(t *testing.T) {
	tests := []struct {
		name, sql string
		// span is the source text the finding should underline.
		span         string
		concatenated bool
		quoting      bool
		unquoted     []string
		via          string
	}{
		{
			name:         "concatenated variable",
			sql:          "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'DROP TABLE ' || t; END$$;",
			span:         "EXECUTE 'DROP TABLE ' || t",
			concatenated: true, unquoted: []string{"t"},
		},
		{
			name:    "format with %I and %L",
			sql:     "CREATE FUNCTION f(t text, v text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE format('DELETE FROM %I WHERE k = %L', t, v); END$$;",
			span:    "EXECUTE format('DELETE FROM %I WHERE k = %L', t, v)",
			quoting: true, unquoted: []string{},
		},
		{
			name:         "format with %s",
			sql:          "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE format('DROP TABLE %s', t); END$$;",
			span:         "EXECUTE format('DROP TABLE %s', t)",
			concatenated: true, unquoted: []string{"t"},
		},
		{
			name:         "positional format arguments",
			sql:          "CREATE FUNCTION f(a text, b text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE format('SELECT %2$I, %1$s', a, b); END$$;",
			span:         "EXECUTE format('SELECT %2$I, %1$s', a, b)",
			concatenated: true, quoting: true, unquoted: []string{"a"},
		},
		{
			name:         "quote_ident and quote_literal",
			sql:          "CREATE FUNCTION f(t text, v text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'DELETE FROM ' || quote_ident(t) || ' WHERE k = ' || quote_literal(v); END$$;",
			span:         "EXECUTE 'DELETE FROM ' || quote_ident(t) || ' WHERE k = ' || quote_literal(v)",
			concatenated: true, quoting: true, unquoted: []string{},
		},
		{
			name:         "numeric parameter and regclass cast are safe",
			sql:          "CREATE FUNCTION f(t text, n bigint) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'DELETE FROM ' || t::regclass || ' WHERE id = ' || n; END$$;",
			span:         "EXECUTE 'DELETE FROM ' || t::regclass || ' WHERE id = ' || n",
			concatenated: true, quoting: true, unquoted: []string{},
		},
		{
			name:         "declared text variable concatenated",
			sql:          "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$DECLARE s text := 'x'; i int := 1; BEGIN EXECUTE 'SELECT ' || i || s; END$$;",
			span:         "EXECUTE 'SELECT ' || i || s",
			concatenated: true, unquoted: []string{"s"},
		},
		{
			name:         "query built in a variable",
			sql:          "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$\nDECLARE q text;\nBEGIN\n  q := 'DROP TABLE ';\n  q := q || t;\n  EXECUTE q;\nEND$$;",
			span:         "EXECUTE q",
			concatenated: true, unquoted: []string{"t"}, via: "q",
		},
		{
			name:     "constant query with USING",
			sql:      "CREATE FUNCTION f(v text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'DELETE FROM t WHERE k = $1' USING v; END$$;",
			span:     "EXECUTE 'DELETE FROM t WHERE k = $1'",
			unquoted: []string{},
		},
		{
			name:         "FOR IN EXECUTE over lines",
			sql:          "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$DECLARE r record; BEGIN FOR r IN\n  EXECUTE 'SELECT * FROM ' || t LOOP END LOOP; END$$;",
			span:         "EXECUTE 'SELECT * FROM ' || t",
			concatenated: true, unquoted: []string{"t"},
		},
		{
			name:         "quoted body with doubled quotes",
			sql:          "CREATE FUNCTION f(r text) RETURNS void AS 'BEGIN EXECUTE ''GRANT x TO '' || r; END' LANGUAGE plpgsql;",
			span:         "EXECUTE ''GRANT x TO '' || r",
			concatenated: true, unquoted: []string{"r"},
		},
		{
			name:         "DO block with concat()",
			sql:          "DO $$BEGIN EXECUTE concat('DROP TABLE ', current_setting('x.t')); END$$;",
			span:         "EXECUTE concat('DROP TABLE ', current_setting('x.t'))",
			concatenated: true, unquoted: []string{"current_setting(...)"},
		},
		{
			name:         "E string body falls back to the statement span",
			sql:          "DO E'BEGIN EXECUTE \\'DROP \\' || x; END';",
			span:         "DO E'BEGIN EXECUTE \\'DROP \\' || x; END'",
			concatenated: true, unquoted: []string{"x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa, dyn := dynamicSQLOf(t, tt.sql)
			if fa.BodyError != "" {
				t.Fatalf("body error: %s", fa.BodyError)
			}
			if len(dyn) != 1 {
				t.Fatalf("got %d dynamic queries, want 1: %+v", len(dyn), dyn)
			}
			d := dyn[0]
			if got := tt.sql[d.Span.Start:d.Span.End]; got != tt.span {
				t.Errorf("span text = %q, want %q", got, tt.span)
			}
			if d.Concatenated != tt.concatenated || d.UsesQuoting != tt.quoting || d.Via != tt.via {
				t.Errorf("concatenated, uses_quoting, via = %v, %v, %q; want %v, %v, %q",
					d.Concatenated, d.UsesQuoting, d.Via, tt.concatenated, tt.quoting, tt.via)
			}
			if !slices.Equal(d.Unquoted, tt.unquoted) {
				t.Errorf("unquoted = %q, want %q", d.Unquoted, tt.unquoted)
			}
		})
	}
}

func TestBodiesWithoutDynamicSQL(t *testing.T) {
	for _, sql := range []string{
		"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN 1; END$$;",
		"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$SELECT a + 1 -- execute 'x' || a$$;",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;",
		"DO LANGUAGE plpython3u $$plpy.execute('DROP TABLE ' + t)$$;",
	} {
		fa, dyn := dynamicSQLOf(t, sql)
		if dyn == nil || len(dyn) != 0 || fa.BodyError != "" {
			t.Errorf("%s: dynamic_sql = %+v, body_error = %q; want [] and none", sql, dyn, fa.BodyError)
		}
	}
}

func TestUnreadableBodyIsReportedNotFatal(t *testing.T) {
	fa, dyn := dynamicSQLOf(t, "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN RETURN QUERY EXECUTE 'SELECT 1'; END$$;")
	if fa.BodyError != "cannot use RETURN QUERY in a non-SETOF function" || len(dyn) != 0 {
		t.Errorf("body_error = %q, dynamic_sql = %+v", fa.BodyError, dyn)
	}
}

func TestFormatConversions(t *testing.T) {
	for in, want := range map[string]string{
		"%s and %I":        "sI",
		"100%% %L":         "L",
		"%2$s %1$I":        "Is",
		"%-10s|%3$L":       "s\x00L",
		"%1$s %s %I":       "ssI",
		"no conversions %": "",
	} {
		if got := string(formatConversions(in)); got != want {
			t.Errorf("formatConversions(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestContainsFoldMatchesEqualFold: the first-letter shortcut finds what
// strings.EqualFold at every offset finds, in any case, and nothing a
// Unicode fold of a longer rune would have matched.
func TestContainsFoldMatchesEqualFold(t *testing.T) {
	naive := func(s, word string) bool {
		for i := 0; i+len(word) <= len(s); i++ {
			if strings.EqualFold(s[i:i+len(word)], word) {
				return true
			}
		}
		return false
	}
	texts := []string{"", "j", "JSON", "select jSoN_build_object(1)", "EXECUTE format('x')", "perform ex",
		"SYSTEM_USER", "\u212Aelvin json", "ſystem_user", "xjsox", "exec ute", "jsonjson"}
	for _, s := range texts {
		for _, word := range []string{"json", "execute", "system_user"} {
			if got, want := containsFold(s, word), naive(s, word); got != want {
				t.Errorf("containsFold(%q, %q) = %v, strings.EqualFold at every offset says %v", s, word, got, want)
			}
		}
	}
	if !containsFold("SELECT Json '{}'", "json") || containsFold("SELECT jso", "json") {
		t.Error("containsFold misses a match or finds a cut one")
	}
}
