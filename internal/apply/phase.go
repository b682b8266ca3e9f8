package apply

import (
	"time"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
)

// phaseRefusals lists the pending contract-phase files that may not run in
// this database: their change's expand is missing, not applied here, or
// applied less than its minimum age ago. An expand pending earlier in the
// same run only satisfies a zero minimum age.
func phaseRefusals(o Options, pending []Entry, verdicts []Verdict, rows map[string]Row) []string {
	ledger := phase.NewLedger()
	files := make([]phase.File, len(o.Migrations))
	for i, m := range o.Migrations {
		path := m.Path
		if rel, err := migrations.SumPath(o.Dir, m.Path); err == nil {
			path = rel
		}
		files[i] = phase.File{Path: path, Version: VersionOf(o.Dir, m), Phase: verdicts[i].Phase, Index: i}
		if verdicts[i].Change != "" {
			ledger.Add(verdicts[i].Change, files[i])
		}
	}
	applied := phase.NewApplied(connstr.Redact(o.DatabaseURL))
	for _, r := range rows {
		if r.Success && !r.Dirty {
			applied.Add(r.Version, "", r.AppliedAt)
		}
	}
	pendingAt := map[int]bool{}
	for _, e := range pending {
		pendingAt[e.index] = true
	}
	minAge := phase.MinAge{Default: phase.DefaultMinAge}
	if o.PhaseMinAge != nil {
		minAge = *o.PhaseMinAge
	}
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	var out []string
	for _, e := range pending {
		v := verdicts[e.index]
		if v.Phase != phase.Contract || v.Change == "" || ruleRefuses(v, o.FailLevel) {
			continue
		}
		f := &files[e.index]
		earlierPending := func(x *phase.File) bool { return pendingAt[x.Index] && x.Index < f.Index }
		if err := ledger.CheckContract(v.Change, f, applied, now, minAge.For(v.Change), earlierPending); err != nil {
			out = append(out, err.Error())
		}
	}
	return out
}

// ruleRefuses tells whether the phase rules already refuse the file, so the
// gate does not say the same thing twice in other words.
func ruleRefuses(v Verdict, failLevel finding.Severity) bool {
	for _, f := range v.Findings {
		if (f.Rule == "require-expand-before-contract" || f.Rule == "ban-contract-too-soon") && f.Severity >= failLevel {
			return true
		}
	}
	return false
}
