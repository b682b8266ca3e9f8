package migrations

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sumDir(t *testing.T, files map[string]string) (string, []Migration) {
	t.Helper()
	dir := t.TempDir()
	var ms []Migration
	for _, name := range []string{"0001_users.sql", "0002_email.sql", "0003_index.sql"} {
		src, ok := files[name]
		if !ok {
			continue
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, Migration{Path: path, Src: []byte(src)})
	}
	return dir, ms
}

var threeFiles = map[string]string{
	"0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
	"0002_email.sql": "ALTER TABLE users ADD COLUMN email text;\n",
	"0003_index.sql": "CREATE INDEX CONCURRENTLY users_email ON users (email);\n",
}

func TestWriteSumFormat(t *testing.T) {
	dir, ms := sumDir(t, threeFiles)
	if _, err := WriteSum(dir, ms); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, SumFileName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want list hash + 3 entries, got:\n%s", data)
	}
	if lines[0] != listHash([]SumEntry{
		{"0001_users.sql", FileHash([]byte(threeFiles["0001_users.sql"]))},
		{"0002_email.sql", FileHash([]byte(threeFiles["0002_email.sql"]))},
		{"0003_index.sql", FileHash([]byte(threeFiles["0003_index.sql"]))},
	}) {
		t.Errorf("first line %q is not the hash of the entry lines", lines[0])
	}
	if got, want := lines[1], "0001_users.sql "+FileHash([]byte(threeFiles["0001_users.sql"])); got != want {
		t.Errorf("entry line = %q, want %q", got, want)
	}
	s, err := ReadSum(dir)
	if err != nil {
		t.Fatal(err)
	}
	disk, _ := SumOf(dir, ms)
	if r := s.Verify(disk); !r.OK() {
		t.Errorf("freshly written sum does not verify: %+v", r)
	}
}

func TestVerifySumDetectsEveryKindOfDrift(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(dir string, ms []Migration) []Migration
		wants map[string]SumStatus
	}{
		{
			name: "edited without re-hashing",
			edit: func(dir string, ms []Migration) []Migration {
				ms[1].Src = []byte("ALTER TABLE users ADD COLUMN email varchar(10);\n")
				return ms
			},
			wants: map[string]SumStatus{"0001_users.sql": SumOK, "0002_email.sql": SumModified, "0003_index.sql": SumOK},
		},
		{
			name: "file added",
			edit: func(dir string, ms []Migration) []Migration {
				return append(ms, Migration{Path: filepath.Join(dir, "0004_more.sql"), Src: []byte("SELECT 1;")})
			},
			wants: map[string]SumStatus{"0004_more.sql": SumMissingFromSum},
		},
		{
			name: "file removed",
			edit: func(dir string, ms []Migration) []Migration {
				return append(ms[:1], ms[2:]...)
			},
			wants: map[string]SumStatus{"0002_email.sql": SumMissingOnDisk, "0001_users.sql": SumOK, "0003_index.sql": SumOK},
		},
		{
			name: "reordered",
			edit: func(dir string, ms []Migration) []Migration {
				return []Migration{ms[0], ms[2], ms[1]}
			},
			wants: map[string]SumStatus{"0001_users.sql": SumOK, "0002_email.sql": SumReordered, "0003_index.sql": SumReordered},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, ms := sumDir(t, threeFiles)
			if _, err := WriteSum(dir, ms); err != nil {
				t.Fatal(err)
			}
			r, err := VerifySum(dir, tt.edit(dir, ms))
			if err != nil {
				t.Fatal(err)
			}
			if !r.ListMismatch {
				t.Errorf("list mismatch not detected")
			}
			for path, want := range tt.wants {
				if got, _ := r.Status(path); got != want {
					t.Errorf("%s: status %q, want %q", path, got, want)
				}
			}
		})
	}
}

func TestSumEditedByHandBreaksListHash(t *testing.T) {
	dir, ms := sumDir(t, threeFiles)
	s, err := WriteSum(dir, ms)
	if err != nil {
		t.Fatal(err)
	}
	// Someone "fixes" a file's hash line by hand without recomputing line 1.
	s.Entries[1].Hash = FileHash([]byte("something else"))
	disk, _ := SumOf(dir, ms)
	if r := s.Verify(disk); !r.ListMismatch {
		t.Error("a hand-edited entry must break the list hash")
	}
}

func TestReadSumWithMergeConflict(t *testing.T) {
	dir := t.TempDir()
	conflict := "h1:abc=\n0001_users.sql h1:x=\n<<<<<<< HEAD\n0002_a.sql h1:y=\n=======\n0002_b.sql h1:z=\n>>>>>>> feature\n"
	if err := os.WriteFile(filepath.Join(dir, SumFileName), []byte(conflict), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadSum(dir)
	if !errors.Is(err, ErrSumConflict) {
		t.Fatalf("err = %v, want ErrSumConflict", err)
	}
	if !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error %q should name the line of the first marker", err)
	}
}

func TestReadSumAbsentAndMalformed(t *testing.T) {
	dir := t.TempDir()
	if s, err := ReadSum(dir); s != nil || err != nil {
		t.Fatalf("absent sum: got %v, %v; want nil, nil", s, err)
	}
	for _, bad := range []string{"", "0001.sql h1:x\n", "h1:x\n0001.sql deadbeef\n"} {
		if _, err := ParseSum([]byte(bad)); err == nil {
			t.Errorf("ParseSum(%q) accepted malformed input", bad)
		}
	}
}

func TestFileHashIsSHA256Base64(t *testing.T) {
	// sha256("") is e3b0c442...b855; base64 of its bytes:
	if got, want := FileHash(nil), "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; got != want {
		t.Errorf("FileHash(nil) = %q, want %q", got, want)
	}
}
