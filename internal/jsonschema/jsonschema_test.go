package jsonschema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

type sample struct {
	At    time.Time         `json:"at" desc:"when"`
	Count int64             `json:"count"`
	Ratio float64           `json:"ratio"`
	Maybe *string           `json:"maybe"`
	List  []string          `json:"list"`
	Map   map[string]bool   `json:"map"`
	Skip  string            `json:"-"`
	Inner struct{ N int }   `json:"inner"`
	Tags  map[string][]byte `json:"tags"`
}

func TestOfDescribesWhatEncodingJSONWrites(t *testing.T) {
	s := Of(reflect.TypeFor[sample]())
	props := s["properties"].(map[string]any)
	if at := props["at"].(map[string]any); at["type"] != "string" || at["format"] != "date-time" || at["description"] != "when" {
		t.Errorf("time.Time = %v", at)
	}
	if props["count"].(map[string]any)["type"] != "integer" || props["ratio"].(map[string]any)["type"] != "number" {
		t.Errorf("numbers: %v %v", props["count"], props["ratio"])
	}
	if _, ok := props["Skip"]; ok {
		t.Error(`a json:"-" field is described`)
	}
	v := sample{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), List: []string{}, Map: map[string]bool{}, Tags: map[string][]byte{}}
	b, _ := json.Marshal(v)
	var doc any
	_ = json.Unmarshal(b, &doc)
	if p := Problems(s, doc); len(p) > 0 {
		t.Errorf("a value of the type breaks its schema: %v", p)
	}
}

func TestProblemsNameTheKey(t *testing.T) {
	s := Of(reflect.TypeFor[struct {
		A []int  `json:"a"`
		B string `json:"b"`
	}]())
	var doc any
	_ = json.Unmarshal([]byte(`{"a": null, "c": 1}`), &doc)
	got := strings.Join(Problems(s, doc), "\n")
	for _, want := range []string{`$: no "b"`, `$: "c" is not in the schema`, `$.a: <nil>, want an array (never null)`} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}
