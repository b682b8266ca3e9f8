package ddlgate.lib.result_test

import data.ddlgate.lib.result

test_at_most_sets_the_ceiling if {
	f := result.at_most({"rule": "r", "message": "m"}, "info")
	f.max_severity == "info"
	f.message == "m"
}

test_file_start_is_line_one if {
	result.file_start.line == 1
	result.file_start.col == 1
}
