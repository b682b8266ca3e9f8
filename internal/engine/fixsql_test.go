package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/ddlgate/ddlgate/parser"
)

// TestSuggestedSQLNamesTheSameObjects parses the SQL that rules suggest in
// their help back with the real parser, for names that need quoting (mixed
// case, reserved words, schema-qualified): the fix must run as written and
// act on the same relations and columns. A mutation test showed that a
// broken quoting helper passed every other test.
func TestSuggestedSQLNamesTheSameObjects(t *testing.T) {
	const history = `-- history: CREATE SCHEMA "Users"; CREATE TABLE "Users"."Account" ("Id" bigint PRIMARY KEY); CREATE TABLE "Users"."Score" ("Points" int, "user" bigint, "Email" text); CREATE INDEX "Score_Idx" ON "Users"."Score" ("Email"); CREATE TABLE "Users"."Events" (id bigint, "at" int) PARTITION BY RANGE ("at"); CREATE TABLE "Users"."Events_2024" PARTITION OF "Users"."Events" FOR VALUES FROM (0) TO (10);
`
	_, e := everyRuleEnabled(t)
	for _, tc := range []struct {
		rule, sql string
		// names must all appear in the parsed help: "Schema.Table" for
		// relations, bare names for columns and constraints.
		names []string
	}{
		{"require-safe-set-not-null", `ALTER TABLE "Users"."Score" ALTER COLUMN "user" SET NOT NULL;`,
			[]string{"Users.Score", "user"}},
		{"ban-add-column-rewrite", `ALTER TABLE "Users"."Score" ADD COLUMN "order" uuid DEFAULT gen_random_uuid();`,
			[]string{"Users.Score", "order"}},
		{"require-not-valid-check", `ALTER TABLE "Users"."Score" ADD CONSTRAINT "Positive" CHECK ("Points" > 0);`,
			[]string{"Users.Score", "Positive"}},
		{"require-not-valid-foreign-key", `ALTER TABLE "Users"."Score" ADD CONSTRAINT "Score_User" FOREIGN KEY ("user") REFERENCES "Users"."Account" ("Id");`,
			[]string{"Users.Score", "Users.Account", "Score_User", "user", "Id"}},
		{"require-not-valid-foreign-key", `ALTER TABLE "Users"."Score" ADD COLUMN "Owner" bigint REFERENCES "Users"."Account" ("Id");`,
			[]string{"Users.Score", "Users.Account", "Owner", "Id"}},
		{"ban-column-type-rewrite", `ALTER TABLE "Users"."Score" ALTER COLUMN "Points" TYPE bigint;`,
			[]string{"Users.Score", "Points", "Points_new"}},
		{"ban-unique-constraint-build", `ALTER TABLE "Users"."Score" ADD CONSTRAINT "Score_Email" UNIQUE ("Email");`,
			[]string{"Users.Score", "Score_Email", "Email"}},
		{"require-concurrent-index-deletion", `DROP INDEX "Users"."Score_Idx";`,
			[]string{"Users.Score_Idx"}},
		{"require-concurrent-index-creation", `CREATE INDEX "Score_User" ON "Users"."Score" ("user");`,
			[]string{"Users.Score", "Score_User", "user"}},
		{"require-concurrent-detach-partition", `ALTER TABLE "Users"."Events" DETACH PARTITION "Users"."Events_2024";`,
			[]string{"Users.Events", "Users.Events_2024"}},
		{"require-default-for-not-null-column", `ALTER TABLE "Users"."Score" ADD COLUMN "select" int NOT NULL;`,
			[]string{"Users.Score", "select"}},
		{"ban-rename-table", `ALTER TABLE "Users"."Score" RENAME TO "Scores";`,
			[]string{"Users.Score", "Scores"}},
		{"require-index-for-foreign-key", `ALTER TABLE "Users"."Score" ADD CONSTRAINT "Score_User" FOREIGN KEY ("user") REFERENCES "Users"."Account" ("Id") NOT VALID;`,
			[]string{"Users.Score", "user"}},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			f, err := parseWithHeader(history+tc.sql, "fix.sql")
			if err != nil {
				t.Fatal(err)
			}
			all, err := e.Eval(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			got := findingsOf(all, tc.rule)
			if len(got) == 0 {
				t.Fatalf("no %s finding on %s", tc.rule, tc.sql)
			}
			// Placeholders the user fills in (DEFAULT <value>) stand for a
			// constant.
			help := placeholder.ReplaceAllString(got[0].Help, "NULL")
			fixed := parser.Parse([]byte(help), parser.Options{})
			if len(fixed.ParseErrors) > 0 {
				t.Fatalf("help does not parse (%s):\n%s", fixed.ParseErrors[0].Message, help)
			}
			names := namesIn(t, fixed)
			for _, want := range tc.names {
				if !slices.Contains(names, want) {
					t.Errorf("help does not name %s; it names %v:\n%s", want, names, help)
				}
			}
		})
	}
}

var placeholder = regexp.MustCompile(`<[a-z_ ]+>`)

// namesIn collects what the statements of f name: "schema.name" of every
// relation and the bare column, constraint and index names.
func namesIn(t *testing.T, f *parser.File) []string {
	raw, err := json.Marshal(f.Statements)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch x := v.(type) {
		case map[string]any:
			schema, hasSchema := x["schema"].(string)
			name, hasName := x["name"].(string)
			if _, isRelation := x["qualified"]; isRelation && hasSchema && hasName {
				out = append(out, schema+"."+name)
			}
			for k, val := range x {
				walk(val, k)
			}
		case []any:
			for _, val := range x {
				walk(val, key)
			}
		case string:
			switch key {
			case "column_name", "columns", "constraint_name", "new_name", "old_name":
				out = append(out, x)
			case "name":
				out = append(out, x)
			}
		}
	}
	walk(doc, "")
	slices.Sort(out)
	return slices.Compact(out)
}

// The keywords lib/sql.rego quotes must be the ones the parser cannot read
// as bare names: each is a keyword that is not unreserved in the
// PostgreSQL 16 grammar, except those PostgreSQL 17 added (quoted ahead of
// the grammar, harmlessly).
func TestSQLLibKeywordsAreTheParsersReservedOnes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "policies", "lib", "sql.rego"))
	if err != nil {
		t.Fatal(err)
	}
	_, set, ok := strings.Cut(string(src), "keywords := {")
	if !ok {
		t.Fatal("no keywords set in sql.rego")
	}
	set, _, _ = strings.Cut(set, "}")
	newer := map[string]bool{"json_exists": true, "json_query": true, "json_scalar": true, "json_serialize": true,
		"json_table": true, "json_value": true, "merge_action": true}
	n := 0
	for _, w := range regexp.MustCompile(`"([a-z_]+)"`).FindAllStringSubmatch(set, -1) {
		n++
		res, err := pg_query.Scan(w[1])
		if err != nil || len(res.Tokens) != 1 {
			t.Fatalf("scan %s: %v", w[1], err)
		}
		k := res.Tokens[0].KeywordKind
		if !newer[w[1]] && (k == pg_query.KeywordKind_NO_KEYWORD || k == pg_query.KeywordKind_UNRESERVED_KEYWORD) {
			t.Errorf("%s is %s: it needs no quoting", w[1], k)
		}
	}
	if n < 150 {
		t.Errorf("only %d keywords", n)
	}
}
