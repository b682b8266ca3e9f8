package catalog

import (
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

func typ(name string, mods ...int) parser.TypeName {
	if mods == nil {
		mods = []int{}
	}
	return parser.TypeName{Name: name, Mods: mods}
}

func TestClassifyTypeChange(t *testing.T) {
	cases := []struct {
		name      string
		old, next parser.TypeName
		pg12      bool
		want      typeChange
	}{
		{"varchar widening", typ("varchar", 50), typ("varchar", 100), true, coercible},
		{"varchar same length", typ("varchar", 50), typ("varchar", 50), true, coercible},
		{"varchar narrowing", typ("varchar", 100), typ("varchar", 50), true, rewrites},
		{"varchar limit removed", typ("varchar", 100), typ("varchar"), true, coercible},
		{"unbounded varchar gets a limit", typ("varchar"), typ("varchar", 10), true, rewrites},
		{"varchar to text", typ("varchar", 255), typ("text"), true, coercible},
		{"text to unbounded varchar", typ("text"), typ("varchar"), true, coercible},
		{"text to varchar(n)", typ("text"), typ("varchar", 10), true, rewrites},
		{"numeric precision up, same scale", typ("numeric", 10, 2), typ("numeric", 12, 2), true, coercible},
		{"numeric scale change", typ("numeric", 10, 2), typ("numeric", 12, 4), true, rewrites},
		{"numeric precision down", typ("numeric", 10, 2), typ("numeric", 8, 2), true, rewrites},
		{"numeric(p) is scale 0", typ("numeric", 10), typ("numeric", 12, 0), true, coercible},
		{"numeric to unconstrained", typ("numeric", 10, 2), typ("numeric"), true, coercible},
		{"unconstrained numeric gets a limit", typ("numeric"), typ("numeric", 10, 2), true, rewrites},
		{"cidr to inet", typ("cidr"), typ("inet"), true, coercible},
		{"inet to cidr", typ("inet"), typ("cidr"), true, rewrites},
		{"varbit widening", typ("varbit", 8), typ("varbit", 16), true, coercible},
		{"int to bigint", typ("int4"), typ("int8"), true, rewrites},
		{"int to text", typ("int4"), typ("text"), true, rewrites},
		{"json to jsonb", typ("json"), typ("jsonb"), true, rewrites},
		{"char widening rewrites", typ("bpchar", 2), typ("bpchar", 4), true, rewrites},
		{"same type is a no-op", typ("int8"), typ("int8"), true, coercible},
		{"timestamp to timestamptz on 12+", typ("timestamp"), typ("timestamptz"), true, dependsOnTimezone},
		{"timestamp to timestamptz before 12", typ("timestamp"), typ("timestamptz"), false, rewrites},
		{"timestamp precision widening", typ("timestamp", 3), typ("timestamp", 6), true, coercible},
		{"array of varchar widening", parser.TypeName{Name: "varchar", Mods: []int{10}, Array: true},
			parser.TypeName{Name: "varchar", Mods: []int{20}, Array: true}, true, rewrites},
		{"array to element type", parser.TypeName{Name: "text", Mods: []int{}, Array: true}, typ("text"), true, rewrites},
		{"same user type", parser.TypeName{Schema: "app", Name: "mood", Mods: []int{}},
			parser.TypeName{Schema: "app", Name: "mood", Mods: []int{}}, true, coercible},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := classifyTypeChange(tc.old, tc.next, tc.pg12); got != tc.want {
				t.Errorf("classifyTypeChange(%v, %v) = %d, want %d", tc.old, tc.next, got, tc.want)
			}
		})
	}
}

func TestCheckImpliesNotNull(t *testing.T) {
	cases := []struct {
		expr, column string
		want         bool
	}{
		{"status IS NOT NULL", "status", true},
		{"(status IS NOT NULL)", "status", true},
		{"((status is not null))", "status", true},
		{"Status   IS\n NOT NULL", "status", true},
		{`"Status" IS NOT NULL`, "Status", true},
		{`"Status" IS NOT NULL`, "status", false},
		{"status IS NOT NULL AND amount > 0", "status", true},
		{"(amount > 0) AND (status IS NOT NULL)", "status", true},
		{"status IS NOT NULL OR amount > 0", "status", false},
		{"status IS NULL", "status", false},
		{"other IS NOT NULL", "status", false},
		{"lower(status) IS NOT NULL", "status", false},
		{"brand IS NOT NULL", "bran", false},
		{"candy_status IS NOT NULL", "status", false},
	}
	for _, tc := range cases {
		if got := checkImpliesNotNull(tc.expr, tc.column); got != tc.want {
			t.Errorf("checkImpliesNotNull(%q, %q) = %v, want %v", tc.expr, tc.column, got, tc.want)
		}
	}
}

func TestDefaultConstraintNames(t *testing.T) {
	long := "a_table_name_that_is_much_longer_than_anyone_should_ever_write"
	cases := []struct {
		table string
		con   parser.Constraint
		want  string
	}{
		{"orders", parser.Constraint{Type: "primary_key", Columns: []string{"id"}}, "orders_pkey"},
		{"orders", parser.Constraint{Type: "unique", Columns: []string{"tenant", "code"}}, "orders_tenant_code_key"},
		{"orders", parser.Constraint{Type: "foreign_key", Columns: []string{"user_id"}}, "orders_user_id_fkey"},
		{"orders", parser.Constraint{Type: "check", Columns: []string{"amount", "status"}}, "orders_amount_check"},
		{"orders", parser.Constraint{Type: "check"}, "orders_check"},
		{long, parser.Constraint{Type: "foreign_key", Columns: []string{"user_id"}},
			"a_table_name_that_is_much_longer_than_anyone_shoul_user_id_fkey"},
	}
	for _, tc := range cases {
		got := defaultConstraintName(tc.table, &tc.con)
		if got != tc.want {
			t.Errorf("defaultConstraintName(%s, %s %v) = %q, want %q", tc.table, tc.con.Type, tc.con.Columns, got, tc.want)
		}
		if len(got) > maxIdentifierBytes {
			t.Errorf("name %q is longer than %d bytes", got, maxIdentifierBytes)
		}
	}
	if got := defaultName("orders", []string{"lower(email)"}, "idx"); got != "orders_expr_idx" {
		t.Errorf("expression index name = %q, want orders_expr_idx", got)
	}
}
