package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

// An ignore directive above a DO block covers the statements its body runs:
// those are statements of the file (the parser adds them after the DO), and
// users waive the block, not its lines.
func TestIgnoreAboveDoCoversItsBody(t *testing.T) {
	sql := `-- ddlgate:ignore require-not-valid-foreign-key reason="orders is empty in every environment"
DO $$ BEGIN
 ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
EXCEPTION WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
END $$;
`
	res, err := RunMigrations(context.Background(), []migrations.Migration{plain("0001.sql", sql)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "require-not-valid-foreign-key" || f.Rule == "unused-ignore" {
			got = append(got, fmt.Sprintf("%d:%s", f.Line, f.Rule))
		}
	}
	if want := "7:require-not-valid-foreign-key"; strings.Join(got, " ") != want {
		t.Errorf("findings = %v, want %s", got, want)
	}
}
