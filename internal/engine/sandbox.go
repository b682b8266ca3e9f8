package engine

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// deniedBuiltins are the builtins a policy could use to leak a migration or
// read the environment it runs in. Pure helpers such as net.cidr_contains
// stay: they do no I/O.
var deniedBuiltins = map[string]bool{
	"http.send":          true,
	"net.lookup_ip_addr": true,
	"opa.runtime":        true,
}

// capabilities returns OPA's capabilities without the denied builtins and
// with no host reachable, plus extra (test-only builtins).
func capabilities(extra ...*ast.Builtin) *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if deniedBuiltins[b.Name] || strings.HasPrefix(b.Name, "net.lookup") {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = append(kept, extra...)
	caps.AllowNet = []string{}
	return caps
}
