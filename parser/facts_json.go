package parser

import (
	"encoding/json"
	"reflect"
)

// MarshalJSON writes the action with the fields of its set detail structs
// flattened next to type, span, table, lock and effects. encoding/json's own
// rules for embedded structs drop every key that two of them declare
// (if_exists, columns, cascade...) even when only one is set, which would hide
// facts from `ddlgate facts` and the goldens. The engine converts facts with
// its own encoder and the same flattening, so both views agree.
func (a Action) MarshalJSON() ([]byte, error) {
	fields := map[string]json.RawMessage{}
	v := reflect.ValueOf(a)
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous {
			raw, err := json.Marshal(v.Field(i).Interface())
			if err != nil {
				return nil, err
			}
			fields[f.Tag.Get("json")] = raw
			continue
		}
		detail := v.Field(i)
		if detail.IsNil() {
			continue
		}
		raw, err := json.Marshal(detail.Interface())
		if err != nil {
			return nil, err
		}
		var inner map[string]json.RawMessage
		if err := json.Unmarshal(raw, &inner); err != nil {
			return nil, err
		}
		for k, val := range inner {
			fields[k] = val
		}
	}
	return json.Marshal(fields)
}
