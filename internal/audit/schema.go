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
	s := jsonschema.Of(reflect.TypeFor[Report]())
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://github.com/ddlgate/ddlgate/blob/main/docs/audit.schema.json"
	s["title"] = "ddlgate audit report"
	s["description"] = "Evidence of schema change management: controls, workflow, migrations with their git evidence and verdicts, and each database's applied history (ddlgate audit --format json)."
	return s
}
