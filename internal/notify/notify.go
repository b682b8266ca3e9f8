// Package notify posts a JSON event about a run (apply, drift) to webhook
// URLs. A notification that fails is reported to the caller as a warning:
// it never changes the outcome of the run it describes.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ddlgate/ddlgate/internal/connstr"
)

// The kinds of run an Event describes.
const (
	KindApply = "apply"
	KindDrift = "drift"
)

// Event is the body of a notification. Slack-style incoming webhooks show
// Text; other receivers read the fields.
type Event struct {
	// Kind is KindApply or KindDrift.
	Kind string `json:"kind"`
	// Database is the connection string with its password removed.
	Database string `json:"database"`
	// Verdict is, for apply: applied, up-to-date, refused, failed or error;
	// for drift: no-drift, drift or error.
	Verdict string `json:"verdict"`
	// Versions are the migrations applied (apply).
	Versions []string `json:"versions"`
	// Drift summarises the differences found (drift); null for apply.
	Drift *Drift `json:"drift"`
	// Error is the failure, "" when none.
	Error string `json:"error"`
	Text  string `json:"text"`
	Time  string `json:"time"`
}

// Drift is the drift summary of an event.
type Drift struct {
	Differences int `json:"differences"`
	// Objects are one line per difference ("column public.orders.note: in
	// database, not in migrations").
	Objects []string `json:"objects"`
}

// Timeout bounds each notification.
const Timeout = 10 * time.Second

// Send posts ev to every URL and returns one warning per URL that failed
// (unreachable, or a status other than 2xx), with the URL's credentials
// removed.
func Send(ctx context.Context, client *http.Client, urls []string, ev Event) []error {
	if ev.Time == "" {
		ev.Time = time.Now().UTC().Format(time.RFC3339)
	}
	if ev.Versions == nil {
		ev.Versions = []string{}
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return []error{fmt.Errorf("encode notification: %w", err)}
	}
	if client == nil {
		client = &http.Client{Timeout: Timeout}
	}
	var warnings []error
	for _, u := range urls {
		if err := post(ctx, client, u, body); err != nil {
			warnings = append(warnings, fmt.Errorf("notify %s: %w", connstr.Redact(u), connstr.Scrub(u, err)))
		}
	}
	return warnings
}

func post(ctx context.Context, client *http.Client, url string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ddlgate")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return nil
}
