package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSendPostsTheEventAndWarnsOnFailure(t *testing.T) {
	var got Event
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("got %s with %q", r.Method, r.Header.Get("Content-Type"))
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &got); err != nil {
			t.Errorf("body %s: %v", body, err)
		}
	}))
	defer ok.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer broken.Close()

	ev := Event{Kind: "drift", Database: "postgres://app@db/app", Verdict: "drift", Text: "1 difference",
		Drift: &Drift{Differences: 1, Objects: []string{"column public.t.x: in database, not in migrations"}}}
	warnings := Send(context.Background(), nil, []string{ok.URL, broken.URL, "http://user:s3cr3t@127.0.0.1:1/hook"}, ev)
	if got.Kind != "drift" || got.Drift == nil || got.Drift.Differences != 1 || got.Text != "1 difference" || got.Time == "" {
		t.Errorf("received %+v", got)
	}
	if len(warnings) != 2 {
		t.Fatalf("warnings = %v, want one for the 500 and one for the unreachable receiver", warnings)
	}
	if !strings.Contains(warnings[0].Error(), "500") {
		t.Errorf("warning %v does not give the status", warnings[0])
	}
	if strings.Contains(warnings[1].Error(), "s3cr3t") {
		t.Errorf("warning leaks the password: %v", warnings[1])
	}
}
