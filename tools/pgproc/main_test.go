package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/parser"
)

// The committed volatility table must agree with the pg_proc of the test
// server: a call of each pg_catalog function, with as many arguments as it
// takes, is classified at least as volatile as the server declares it, and
// exactly so when every overload of the name agrees.
func TestFunctionsTableAgreesWithTheServer(t *testing.T) {
	url := dbtest.Scratch(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT p.proname, p.pronargs, p.provolatile::text,
		       (SELECT count(DISTINCT q.provolatile) FROM pg_proc q
		        WHERE q.proname = p.proname AND q.pronamespace = p.pronamespace) = 1 AS agree
		FROM pg_proc p
		WHERE p.prokind = 'f' AND p.pronamespace = 'pg_catalog'::regnamespace AND p.provariadic = 0
		  AND p.proname ~ '^[a-z_][a-z0-9_]*$'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	rank := map[string]int{"immutable": 0, "stable": 1, "volatile": 2}
	names := map[byte]string{'i': "immutable", 's': "stable", 'v': "volatile"}
	checked := 0
	for rows.Next() {
		var name, vol string
		var nargs int16
		var agree bool
		if err := rows.Scan(&name, &nargs, &vol, &agree); err != nil {
			t.Fatal(err)
		}
		args := strings.TrimSuffix(strings.Repeat("NULL, ", int(nargs)), ", ")
		got, ok := parser.ExprVolatility(fmt.Sprintf("pg_catalog.%s(%s)", name, args), nil)
		if !ok {
			// A name the expression grammar reserves (left, right...)
			// cannot be called plainly; skip it.
			continue
		}
		checked++
		want := names[vol[0]]
		if rank[got] < rank[want] || (agree && got != want) {
			t.Errorf("%s/%d: table says %s, the server %s", name, nargs, got, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 2000 {
		t.Errorf("checked %d functions, want the whole of pg_catalog", checked)
	}
}
