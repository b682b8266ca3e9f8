# METADATA
# title: Units
# description: |
#   Counts, sizes and ages written as people read them (sizes as
#   PostgreSQL's pg_size_pretty prints them), and the sizes and ages rule
#   parameters are written in.
package ddlgate.lib.units

# thousands writes a whole number with thousands separators: 1200 -> "1,200".
thousands(n) := concat("", [part |
	some i, d in digits
	part := _group_digit(i, d, count(digits))
]) if {
	digits := split(format_int(n, 10), "")
}

_group_digit(i, d, n) := concat("", [",", d]) if {
	i > 0
	(n - i) % 3 == 0
} else := d

# bytes writes a size as pg_size_pretty does: "8192 bytes", "96 kB",
# "12 MB", "1434 MB", "3 GB" (a unit is used up to 10,239 of it, 1024-based,
# rounded half up).
bytes(n) := sprintf("%d bytes", [n]) if {
	n < 10240
} else := _in_unit(n, _units[fits[0]]) if {
	fits := [i |
		some i, u in _units
		floor(n / (u.size / 2)) < 20479
	]
	count(fits) > 0
} else := _in_unit(n, _units[count(_units) - 1])

_units := [
	{"name": "kB", "size": 1024},
	{"name": "MB", "size": 1048576},
	{"name": "GB", "size": 1073741824},
	{"name": "TB", "size": 1099511627776},
	{"name": "PB", "size": 1125899906842624},
]

_in_unit(n, u) := sprintf("%d %s", [floor((floor(n / (u.size / 2)) + 1) / 2), u.name])

# parse_size reads a size parameter as pg_size_bytes reads a size: a number
# of bytes, or a string such as "10 MB", "1GB", "512 kB", "100 bytes"
# (1024-based units, case-insensitive). Undefined when s is neither.
parse_size(s) := s if {
	is_number(s)
	s >= 0
}

parse_size(s) := floor(to_number(m[1]) * _unit_bytes[lower(m[3])]) if {
	is_string(s)
	m := regex.find_all_string_submatch_n(`^\s*([0-9]+(\.[0-9]+)?)\s*([A-Za-z]*)\s*$`, s, 1)[0]
	_unit_bytes[lower(m[3])]
}

_unit_bytes := {
	"": 1, "b": 1, "bytes": 1,
	"kb": 1024, "mb": 1048576, "gb": 1073741824, "tb": 1099511627776, "pb": 1125899906842624,
}

# parse_age reads an age parameter in seconds: a number of days written
# "30d", or a Go duration ("720h", "90m"). Undefined otherwise.
parse_age(s) := to_number(m[1]) * 86400 if {
	is_string(s)
	m := regex.find_all_string_submatch_n(`^([0-9]+)d$`, s, 1)[0]
}

parse_age(s) := time.parse_duration_ns(s) / 1000000000 if {
	is_string(s)
	regex.match(`^(0|([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+)$`, s)
}

# age writes a number of seconds as a short age: 42m, 3.5h, 2.1d.
age(s) := sprintf("%dm", [round(s / 60)]) if s < 3600

age(s) := concat("", [_tenths(s / 3600), "h"]) if {
	s >= 3600
	s < 172800
}

age(s) := concat("", [_tenths(s / 86400), "d"]) if s >= 172800

# _tenths prints x with one decimal; sprintf's %f rejects whole numbers.
_tenths(x) := sprintf("%d.%d", [floor(t / 10), t % 10]) if t := round(x * 10)
