// Package policies embeds ddlgate's built-in Rego policies: the library
// (lib/) and one directory per rule (rules/<category>/<id>/), which also
// holds the rule's Rego tests and its SQL testdata (testdata/*.sql). The
// entry point that unions the enabled rules is generated per configuration
// (engine.enabledModule).
package policies

import "embed"

// FS holds the policy bundle. A directory pattern skips dot-files, so the
// bundle manifest is named explicitly; _test.rego files are embedded too and
// filtered out when the production bundle is read (the tests need them). The
// rules' SQL testdata is read from the source tree by the tests, never
// embedded.
//
//go:embed .manifest lib/*.rego rules/*/*/*.rego
var FS embed.FS
