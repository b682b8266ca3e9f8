package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// placeholder is what --help may show after a flag: a type or an
// upper-case word (FILE, DIR), never words lifted from the usage text.
var placeholder = regexp.MustCompile(`^([a-z]+[A-Za-z0-9]*|[A-Z][A-Z_]*)?$`)

// TestHelpPlaceholders: pflag turns the first `quoted` word of a flag's
// usage into its placeholder, so "--baseline ddlgate baseline" appeared in
// lint --help.
func TestHelpPlaceholders(t *testing.T) {
	a := &app{getenv: func(string) string { return "" }}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			name, _ := pflag.UnquoteUsage(f)
			if !placeholder.MatchString(name) {
				t.Errorf("%s --%s shows the placeholder %q", c.CommandPath(), f.Name, name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.newRootCommand())

	r := ddlgate(t, t.TempDir(), "", "lint", "--help")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "--baseline FILE") {
		t.Errorf("lint --help should show --baseline FILE:\n%s", r.stdout)
	}
}

// TestVersionFlag: ddlgate --version says what ddlgate version does.
func TestVersionFlag(t *testing.T) {
	flag := ddlgate(t, t.TempDir(), "", "--version")
	flag.expect(t, 0)
	cmd := ddlgate(t, t.TempDir(), "", "version")
	if flag.stdout != cmd.stdout || !strings.HasPrefix(flag.stdout, "ddlgate ") {
		t.Errorf("--version printed %q, version printed %q", flag.stdout, cmd.stdout)
	}
}
