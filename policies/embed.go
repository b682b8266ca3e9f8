// Package policies embeds ddlgate's built-in Rego policies: the library
// (lib/) and one directory per rule (rules/). The entry point that unions
// the enabled rules is generated per configuration (engine.enabledModule).
package policies

import "embed"

// FS holds the policy bundle. A directory pattern skips dot-files, so the
// bundle manifest is named explicitly; _test.rego files are embedded too and
// filtered out when the production bundle is read (the tests need them).
//
//go:embed .manifest lib rules
var FS embed.FS
