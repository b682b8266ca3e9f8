package engine

import (
	"errors"
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

// explainCompileError returns the compiler's own errors (file:line: message)
// without OPA's wrapping, and says why a denied builtin is undefined: to its
// author, "undefined function http.send" reads like a typo, not a sandbox.
func explainCompileError(err error) error {
	var errs ast.Errors
	if !errors.As(err, &errs) {
		return err
	}
	for _, e := range errs {
		name, ok := strings.CutPrefix(e.Message, "undefined function ")
		if ok && (deniedBuiltins[name] || strings.HasPrefix(name, "net.lookup")) {
			e.Message = name + " is not allowed: ddlgate policies run sandboxed, without network, environment or runtime access"
		}
	}
	return errs
}
