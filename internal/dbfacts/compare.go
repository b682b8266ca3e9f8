package dbfacts

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/parser"
)

// Compare lists where the observation of a statement contradicts its
// static prediction (its locks and effects). The rules:
//
//   - Every relation the prediction locks must be locked by the statement in
//     exactly the predicted mode: the strongest mode the statement newly took
//     on it, or, when it took nothing new there, a mode already held from an
//     earlier statement of the transaction (asking again for a held mode
//     leaves no trace). A statement watched while it ran (Observed.Watched)
//     may hold its strongest lock too briefly to be seen: a weaker lock
//     seen on the relation is then no contradiction, a stronger one is.
//   - A lock of SHARE or stronger (one that blocks writes) that the statement
//     took on a table, partitioned table or materialized view that existed
//     before it, and that the prediction does not name, is a difference.
//     A partition locked in a mode no stronger than the prediction for its
//     partitioned root is covered by it. Locks on indexes, TOAST tables and
//     sequences, and weaker locks, are observed and shown but never
//     differences: the server takes many the
//     lock table does not name (index rebuilds, catalog bookkeeping).
//   - "an action rewrites a table that existed before the file" (the
//     rewrites_table effect of its actions) must equal "a table or
//     materialized view that existed before the file got a new file node".
//   - "an action scans a table that existed before the file" must equal "a
//     table that existed before the file was read by a sequential scan
//     under SHARE UPDATE EXCLUSIVE or stronger, and not rewritten". Tables
//     created in the same file are empty: neither side counts them.
//   - A statement that failed on the server is a difference of kind
//     failure; its locks and effects are not compared.
func Compare(st *parser.Statement, obs *parser.Observed) []parser.Difference {
	diffs := []parser.Difference{}
	if obs == nil {
		return diffs
	}
	if obs.Error != nil {
		return append(diffs, parser.Difference{Kind: "failure", Observed: obs.Error.Code,
			Message: fmt.Sprintf("the statement failed on the server: %s (SQLSTATE %s)", obs.Error.Message, obs.Error.Code)})
	}
	predicted := map[string]string{}
	for _, l := range st.Locks {
		name := l.Relation.QualifiedName()
		if LockStrength(l.Mode) > LockStrength(predicted[name]) {
			predicted[name] = l.Mode
		}
	}
	newest, held := map[string]string{}, map[string][]string{}
	tables, roots := map[string]bool{}, map[string]string{}
	for _, l := range obs.Locks {
		name := l.Relation.QualifiedName()
		roots[name] = l.PartitionOf
		if l.New {
			if LockStrength(l.Mode) > LockStrength(newest[name]) {
				newest[name] = l.Mode
			}
		} else {
			held[name] = append(held[name], l.Mode)
		}
		if isTable(l.Kind) && l.Relation.ExistsBefore {
			tables[name] = true
		}
	}
	absent := ifExistsDrops(st)
	for _, name := range slices.Sorted(maps.Keys(predicted)) {
		want := predicted[name]
		if _, seen := newest[name]; !seen && len(held[name]) == 0 {
			// A temporary table: the parser resolved it in the default
			// schema, the server holds it in the session's pg_temp.
			if temp := "pg_temp." + name[strings.IndexByte(name, '.')+1:]; newest[temp] != "" || len(held[temp]) > 0 {
				name = temp
			}
		}
		got := newest[name]
		if got == "" && absent[name] {
			continue // DROP ... IF EXISTS of an object the server does not have
		}
		weaker := got != "" && LockStrength(got) < LockStrength(want)
		if got == want || (weaker && obs.Watched) || (LockStrength(got) < LockStrength(want) && slices.Contains(held[name], want)) {
			continue
		}
		diffs = append(diffs, parser.Difference{Kind: "lock", Relation: name, Predicted: want, Observed: got,
			Message: lockMessage(name, want, got)})
	}
	for _, name := range slices.Sorted(maps.Keys(newest)) {
		mode := newest[name]
		if _, ok := predicted[name]; ok || !tables[name] || LockStrength(mode) < LockStrength("SHARE") {
			continue
		}
		// A statement on a partitioned table takes its lock on every
		// partition too: the prediction on the root covers them.
		if root := roots[name]; root != "" && LockStrength(predicted[root]) >= LockStrength(mode) {
			continue
		}
		diffs = append(diffs, parser.Difference{Kind: "lock", Relation: name, Observed: mode,
			Message: fmt.Sprintf("%s lock on %s, which the prediction does not name", mode, name)})
	}
	rewrites := predictedOnExisting(st, func(e parser.Effects) bool { return e.RewritesTable }, nil)
	if rw := existingTables(obs.Rewrites); rewrites != (len(rw) > 0) {
		diffs = append(diffs, effectDifference("rewrite", "rewrites", rewrites, rw))
	}
	// A table the statement rewrites is read by the rewrite: its scans
	// (an index build, a validation) are folded into it on both sides.
	rewritten := map[string]bool{}
	for _, a := range st.Actions {
		if a.Effects.RewritesTable && a.Table != nil {
			rewritten[a.Table.QualifiedName()] = true
		}
	}
	scans := predictedOnExisting(st, func(e parser.Effects) bool { return e.ScansTable }, rewritten)
	if sc := existingTables(obs.Scans); scans != (len(sc) > 0) {
		diffs = append(diffs, effectDifference("scan", "scans", scans, sc))
	}
	return diffs
}

// ifExistsDrops names the objects the statement drops with IF EXISTS: the
// server locks none of them when they do not exist.
func ifExistsDrops(st *parser.Statement) map[string]bool {
	out := map[string]bool{}
	for _, a := range st.Actions {
		if a.DropAction == nil || !a.DropAction.IfExists {
			continue
		}
		if a.DropAction.Object != nil {
			out[a.DropAction.Object.QualifiedName()] = true
		}
		if a.Table != nil {
			out[a.Table.QualifiedName()] = true
		}
	}
	return out
}

// predictedOnExisting tells whether an action of the statement has the
// effect on a table that existed before the file (or on no named table): a
// table created in the same file is empty, and the observation does not
// count it either.
func predictedOnExisting(st *parser.Statement, effect func(parser.Effects) bool, except map[string]bool) bool {
	for _, a := range st.Actions {
		if !effect(a.Effects) {
			continue
		}
		if a.Table == nil {
			return true
		}
		// An action that rewrites its table and also scans reads another
		// one (the re-validated foreign key of a type change): it counts.
		folded := except[a.Table.QualifiedName()] && !a.Effects.RewritesTable
		if !a.Table.CreatedInFile && !folded {
			return true
		}
	}
	return false
}

func lockMessage(name, want, got string) string {
	if got == "" {
		return fmt.Sprintf("predicted %s on %s, observed no lock on it", want, name)
	}
	return fmt.Sprintf("predicted %s on %s, observed %s", want, name, got)
}

func effectDifference(kind, verb string, predicted bool, observed []string) parser.Difference {
	d := parser.Difference{Kind: kind, Predicted: yesNo(predicted), Observed: yesNo(!predicted)}
	if predicted {
		d.Message = fmt.Sprintf("predicted that the statement %s a table, observed none", verb)
	} else {
		d.Relation = strings.Join(observed, ", ")
		d.Message = fmt.Sprintf("observed that the statement %s %s, not predicted", verb, d.Relation)
	}
	return d
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// isTable holds for the relation kinds that hold rows the application reads
// and writes.
func isTable(kind string) bool {
	return kind == "table" || kind == "partitioned_table" || kind == "materialized_view"
}

func existingTables(rs []parser.ObservedRelation) []string {
	var out []string
	for _, r := range rs {
		if isTable(r.Kind) && r.Relation.ExistsBefore {
			out = append(out, r.Relation.QualifiedName())
		}
	}
	return out
}

// Predicted is what statement i of f is predicted to do when it runs on a
// server, for Compare: its own facts, plus those of the statements it runs
// itself (a DO block's body, and what that body runs in turn), which the
// parser lists after it with their parent's index. A statement nested in
// another is never run on its own: Executes tells which ones run.
func Predicted(f *parser.File, i int) *parser.Statement {
	st := f.Statements[i]
	nested := false
	for j := i + 1; j < len(f.Statements); j++ {
		if !nestedIn(f, j, i) {
			continue
		}
		if !nested {
			// Copy before appending: the facts of the file stay as they are.
			st.Locks = slices.Clone(st.Locks)
			st.Actions = slices.Clone(st.Actions)
			nested = true
		}
		n := &f.Statements[j]
		st.Locks = append(st.Locks, n.Locks...)
		st.Actions = append(st.Actions, n.Actions...)
		st.Effects.RewritesTable = st.Effects.RewritesTable || n.Effects.RewritesTable
		st.Effects.ScansTable = st.Effects.ScansTable || n.Effects.ScansTable
	}
	return &st
}

// Executes tells whether statement i of f runs on its own: statements a DO
// block runs are executed by their DO.
func Executes(f *parser.File, i int) bool { return f.Statements[i].Parent < 0 }

// nestedIn tells whether statement j runs inside statement i, directly or
// through another nested statement.
func nestedIn(f *parser.File, j, i int) bool {
	for p := f.Statements[j].Parent; p >= 0; p = f.Statements[p].Parent {
		if p == i {
			return true
		}
		if p < i {
			return false
		}
	}
	return false
}
