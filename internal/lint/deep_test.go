package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

// A statement too deep for libpg_query crashed the whole run (SIGSEGV in
// pg_query_parse_protobuf, exit 2) before the parser's depth guard: it must
// be a finding on its file while every other file is still judged.
func TestDeepStatementIsAFindingAndOtherFilesAreJudged(t *testing.T) {
	deep := "SELECT 1" + strings.Repeat("+1", 25000) + ";\n"
	ms := []migrations.Migration{
		plain("0001_deep.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n"+deep),
		plain("0002_drop.sql", "DROP TABLE t;\n"),
	}
	res, err := RunMigrations(context.Background(), ms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range errorFindings(res.Findings) {
		got = append(got, fmt.Sprintf("%s:%d:%s", f.File, f.Line, f.Rule))
		if f.Rule == "syntax-error" && !strings.Contains(f.Message, "too deeply nested for the parser") {
			t.Errorf("syntax-error message = %q", f.Message)
		}
	}
	want := "0001_deep.sql:2:syntax-error 0002_drop.sql:1:ban-drop-table"
	if strings.Join(got, " ") != want {
		t.Errorf("findings = %v, want %s", got, want)
	}
}
