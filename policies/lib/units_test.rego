package ddlgate.lib.units_test

import data.ddlgate.lib.units

test_thousands_groups_digits if {
	units.thousands(0) == "0"
	units.thousands(999) == "999"
	units.thousands(1200) == "1,200"
	units.thousands(100000) == "100,000"
	units.thousands(12345678) == "12,345,678"
}

# The sizes pg_size_pretty prints for the same numbers (checked on
# PostgreSQL 15: SELECT pg_size_pretty(98304::bigint), ...).
test_bytes_as_pg_size_pretty if {
	units.bytes(0) == "0 bytes"
	units.bytes(8192) == "8192 bytes"
	units.bytes(10239) == "10239 bytes"
	units.bytes(10240) == "10 kB"
	units.bytes(98304) == "96 kB"
	units.bytes(10485759) == "10 MB"
	units.bytes(10485760) == "10 MB"
	units.bytes(1503238553) == "1434 MB"
	units.bytes(10737418240) == "10 GB"
	units.bytes(5497558138880) == "5120 GB"
	units.bytes(21990232555520) == "20 TB"
}

test_parse_size_reads_pg_size_bytes_units if {
	units.parse_size(4096) == 4096
	units.parse_size("10 MB") == 10485760
	units.parse_size("10MB") == 10485760
	units.parse_size("1 gb") == 1073741824
	units.parse_size("1.5 kB") == 1536
	units.parse_size("100 bytes") == 100
	units.parse_size("100") == 100
}

test_parse_size_undefined_for_nonsense if {
	not units.parse_size("ten megabytes")
	not units.parse_size("10 XB")
	not units.parse_size(-1)
	not units.parse_size(true)
}

test_parse_age_days_and_durations if {
	units.parse_age("30d") == 2592000
	units.parse_age("720h") == 2592000
	units.parse_age("90m") == 5400
	not units.parse_age("a month")
	not units.parse_age(30)
}

test_age_reads_short if {
	units.age(2520) == "42m"
	units.age(12600) == "3.5h"
	units.age(181440) == "2.1d"
	units.age(3888000) == "45.0d"
}
