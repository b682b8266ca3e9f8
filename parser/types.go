package parser

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// typeAliases maps the names PostgreSQL accepts for built-in types to their
// canonical catalog names. The grammar already rewrites the SQL-standard
// spellings (integer -> pg_catalog.int4, char -> pg_catalog.bpchar); this
// table covers the serial pseudo-types and keeps the canonical names stable
// if a spelling reaches it unrewritten. "char" is absent on purpose: quoted,
// it is PostgreSQL's one-byte internal type, not bpchar.
var typeAliases = map[string]string{
	"int":                         "int4",
	"integer":                     "int4",
	"smallint":                    "int2",
	"bigint":                      "int8",
	"serial":                      "int4",
	"serial4":                     "int4",
	"bigserial":                   "int8",
	"serial8":                     "int8",
	"smallserial":                 "int2",
	"serial2":                     "int2",
	"character varying":           "varchar",
	"character":                   "bpchar",
	"boolean":                     "bool",
	"real":                        "float4",
	"float":                       "float8",
	"double precision":            "float8",
	"decimal":                     "numeric",
	"dec":                         "numeric",
	"timestamp without time zone": "timestamp",
	"timestamp with time zone":    "timestamptz",
	"time without time zone":      "time",
	"time with time zone":         "timetz",
	"bit varying":                 "varbit",
}

// serialTypes maps the serial pseudo-types to the name reported in
// Column.Serial.
var serialTypes = map[string]string{
	"serial": "serial", "serial4": "serial",
	"bigserial": "bigserial", "serial8": "bigserial",
	"smallserial": "smallserial", "serial2": "smallserial",
}

// canonicalType describes a type name. base is the file offset of the parsed
// string; limit bounds the type's text (the type ends before it).
func (s *fileState) canonicalType(tn *pg_query.TypeName, base, limit int) (TypeName, string) {
	var t TypeName
	if tn == nil {
		return t, ""
	}
	names := tn.Names
	if len(names) > 1 {
		schema := names[len(names)-2].GetString_().GetSval()
		if schema != "pg_catalog" {
			t.Schema = schema
		}
	}
	if len(names) > 0 {
		t.Name = names[len(names)-1].GetString_().GetSval()
	}
	serial := ""
	if t.Schema == "" {
		if sv, ok := serialTypes[t.Name]; ok {
			serial = sv
		}
		if canon, ok := typeAliases[t.Name]; ok {
			t.Name = canon
		}
	}
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil {
			if iv := c.GetIval(); iv != nil {
				t.Mods = append(t.Mods, int(iv.Ival))
			}
		}
	}
	if t.Mods == nil {
		t.Mods = []int{}
	}
	t.Array = len(tn.ArrayBounds) > 0
	if tn.Location >= 0 {
		start := base + int(tn.Location)
		t.Text = s.src[start:typeEnd(s.src, start, limit)]
	}
	return t, serial
}

// typeStopWords end a type name in a column definition or ALTER COLUMN TYPE.
var typeStopWords = []string{
	"not", "null", "default", "constraint", "primary", "unique", "references",
	"check", "generated", "collate", "using", "compression", "storage",
}

// typeEnd returns the end of the type name starting at start: the last token
// before a constraint keyword, a top-level ',' ';' or ')', or limit.
func typeEnd(src string, start, limit int) int {
	depth := 0
	last := start
	for i := start; ; {
		kind, ts, te := nextToken(src, i, limit)
		switch kind {
		case tokEOF:
			return last
		case tokPunct:
			switch src[ts] {
			case '(', '[':
				depth++
			case ')', ']':
				if depth == 0 {
					return last
				}
				depth--
			case ',', ';':
				if depth == 0 {
					return last
				}
			}
		case tokWord:
			if depth == 0 && ts > start {
				for _, w := range typeStopWords {
					if equalFoldASCII(src[ts:te], w) {
						return last
					}
				}
			}
		}
		last, i = te, te
	}
}
