package gate

import (
	"testing"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func TestDecide(t *testing.T) {
	warning := []finding.Finding{{Rule: "ban-drop-not-null", Severity: finding.Warning}}
	tests := []struct {
		name      string
		findings  []finding.Finding
		failLevel finding.Severity
		want      int
	}{
		{"no findings pass", nil, finding.Info, Pass},
		{"warning below error passes", warning, finding.Error, Pass},
		{"warning at warning fails", warning, finding.Warning, Fail},
		{"warning above info fails", warning, finding.Info, Fail},
		{"zero fail level means error", warning, 0, Pass},
		{"error fails by default", []finding.Finding{{Severity: finding.Error}}, 0, Fail},
	}
	for _, tt := range tests {
		if got := Decide(tt.findings, tt.failLevel); got != tt.want {
			t.Errorf("%s: Decide = %d, want %d", tt.name, got, tt.want)
		}
	}
}
