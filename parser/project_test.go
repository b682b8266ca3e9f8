package parser

import "testing"

func TestProjectFileFindsPushCommands(t *testing.T) {
	src := []byte("{\n  \"scripts\": {\n    \"db:push\": \"drizzle-kit push\",\n    \"db:sync\": \"npx prisma db push --accept-data-loss\",\n    \"db:generate\": \"drizzle-kit generate\"\n  }\n}\n")
	f := ProjectFile("package.json", src, Options{})
	if len(f.Statements) != 0 || f.File.Path != "package.json" {
		t.Fatalf("statements %d, path %q", len(f.Statements), f.File.Path)
	}
	want := []struct {
		text      string
		line, col int
	}{{"drizzle-kit push", 3, 17}, {"prisma db push", 4, 21}}
	if len(f.PushCommands) != len(want) {
		t.Fatalf("push commands = %+v, want %d", f.PushCommands, len(want))
	}
	for i, w := range want {
		c := f.PushCommands[i]
		if c.Text != w.text || c.Span.Line != w.line || c.Span.Col != w.col {
			t.Errorf("command %d = %q at %d:%d, want %q at %d:%d", i, c.Text, c.Span.Line, c.Span.Col, w.text, w.line, w.col)
		}
	}
}
