package audit

import (
	"reflect"

	"github.com/ddlgate/ddlgate/internal/jsonschema"
)

// Schema returns the JSON Schema of the JSON report, derived from Report:
// the field names and types are the ones encoding/json writes, and each
// field's desc tag is its description. docs/audit.schema.json is this
// schema; a test keeps it current.
func Schema() map[string]any {
	return jsonschema.Published(reflect.TypeFor[Report](), "audit.schema.json", "ddlgate audit report",
		"Evidence of schema change management: controls, workflow, migrations with their git evidence and verdicts, and each database's applied history (ddlgate audit --format json).")
}
