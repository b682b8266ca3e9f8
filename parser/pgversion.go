package parser

import "fmt"

// The PostgreSQL major versions ddlgate judges migrations for. Rules that
// depend on the version (lock modes, rewrites, syntax) know every major in
// [MinPGVersion, MaxPGVersion]; the flag, the config key and live database
// versions are all checked against this one range.
const (
	MinPGVersion = 10
	MaxPGVersion = 18
	// DefaultPGVersion is the target when none is configured.
	DefaultPGVersion = 16
	// GrammarPGVersion is the grammar the parser knows: pg_query_go v5
	// embeds PostgreSQL 16's. A newer target accepts syntax it cannot read.
	GrammarPGVersion = 16
)

// SupportedPGVersions describes the supported range for messages: "10 to 18".
func SupportedPGVersions() string {
	return fmt.Sprintf("%d to %d", MinPGVersion, MaxPGVersion)
}

// ClampPGVersion maps a server's major version into the supported range, so
// a live database newer or older than the range is judged as its nearest
// supported neighbour.
func ClampPGVersion(major int) int {
	return min(max(major, MinPGVersion), MaxPGVersion)
}
