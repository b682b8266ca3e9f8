package cli

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// sarifLocations reads the artifact URIs and %SRCROOT% of a SARIF log.
func sarifLocations(t *testing.T, out string) (uris []string, root string) {
	t.Helper()
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("decode sarif: %v\n%s", err, out)
	}
	for _, r := range log.Runs[0].Results {
		a := r.Locations[0].PhysicalLocation.ArtifactLocation
		if a.URIBaseID != "%SRCROOT%" {
			t.Errorf("uri %s has base %q, want %%SRCROOT%%", a.URI, a.URIBaseID)
		}
		uris = append(uris, a.URI)
	}
	return uris, log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI
}

// TestCIPathsAreRelativeToTheRepositoryRoot: cd backend && ddlgate ci in a
// monorepo; code scanning and annotations look for files from the root.
func TestCIPathsAreRelativeToTheRepositoryRoot(t *testing.T) {
	p := newGitProject(t)
	p.Write("backend/migrations/0001_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	p.Commit("init")
	p.Git("checkout", "--quiet", "-b", "feature")
	p.Write("backend/migrations/0002_drop.sql", "DROP TABLE users;\n")
	backend := filepath.Join(p.Dir, "backend")

	r := ddlgate(t, backend, "", "ci", "--format", "sarif")
	r.expect(t, 1)
	uris, root := sarifLocations(t, r.stdout)
	for _, u := range uris {
		if u != "backend/migrations/0002_drop.sql" {
			t.Errorf("sarif uri %q, want backend/migrations/0002_drop.sql", u)
		}
	}
	top, err := filepath.EvalSymlinks(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&url.URL{Scheme: "file", Path: filepath.ToSlash(top) + "/"}).String(); root != want {
		t.Errorf("%%SRCROOT%% = %q, want %q", root, want)
	}

	r = ddlgate(t, backend, "", "ci", "--format", "github")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, "::error file=backend/migrations/0002_drop.sql,line=1,") {
		t.Errorf("github annotations should name the file from the root:\n%s", r.stdout)
	}
	r = ddlgate(t, backend, "", "lint", "--format", "gitlab", "migrations")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, `"path": "backend/migrations/0002_drop.sql"`) {
		t.Errorf("gitlab code quality should name the file from the root:\n%s", r.stdout)
	}
	// Text and JSON stay relative to where the user is.
	r = ddlgate(t, backend, "", "lint", "--format", "json", "migrations")
	if !strings.Contains(r.stdout, `"file": "migrations/0002_drop.sql"`) {
		t.Errorf("json should keep working-directory paths:\n%s", r.stdout)
	}
}

// TestSARIFOutsideGitIsRelativeToTheWorkingDirectory.
func TestSARIFOutsideGitIsRelativeToTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_drop.sql"), []byte("DROP TABLE users;\n"))
	r := ddlgate(t, dir, "", "lint", "--format", "sarif", "migrations")
	r.expect(t, 1)
	uris, root := sarifLocations(t, r.stdout)
	if len(uris) == 0 || uris[0] != "migrations/0001_drop.sql" {
		t.Errorf("uris %v, want migrations/0001_drop.sql", uris)
	}
	if want := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String(); root != want {
		t.Errorf("%%SRCROOT%% = %q, want %q", root, want)
	}
}
