# ddlgate: build, test, benchmark, lint and demo. cgo is required (pg_query_go
# compiles libpg_query's C sources), so a C compiler must be on PATH.
export CGO_ENABLED := 1

GO      ?= go
BIN     ?= bin/ddlgate
PKGS    := ./...
FUZZTIME ?= 10s

.PHONY: build test fuzz bench bench-seed compare-squawk lint demo docs functions clean

build:
	$(GO) build -o $(BIN) ./cmd/ddlgate

## test: the whole suite (parser goldens, Rego tests in SQL, rule testdata,
## reporters, CLI end to end, database tests against DDLGATE_TEST_DATABASE_URL).
test:
	$(GO) test -count=1 $(PKGS)

## fuzz: a short run of each parser fuzz target (CI runs them for a few
## seconds): the parser on arbitrary bytes, and the depth guard that keeps
## libpg_query from overflowing its stack.
fuzz:
	$(GO) test ./parser -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./parser -run '^$$' -fuzz '^FuzzDepthGuard$$' -fuzztime $(FUZZTIME)

## bench: parse, facts, evaluation and whole-lint benchmarks with allocations
## (the *Seed benchmarks lint a generated 21 MB data seed and report the
## heap they hold at their peak).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./parser ./internal/engine ./internal/lint

## bench-seed: time and peak resident memory of one ddlgate process linting
## a generated 21 MB data seed (220,000 INSERTs; GNU time; the file is
## removed afterwards).
bench-seed: build
	@seed=$$(mktemp) && trap 'rm -f "$$seed" "$$seed.time"' EXIT && \
	$(GO) run ./tools/seedgen -o "$$seed" && \
	{ /usr/bin/time -v -o "$$seed.time" $(BIN) lint --format json "$$seed" > /dev/null; test $$? -le 1; } && \
	grep -E 'Elapsed|Maximum resident|User time|System time' "$$seed.time"

## compare-squawk: the speed targets of docs/performance.md measured side by
## side with squawk-cli 2.66.0 (installed with npm into a temporary directory
## unless SQUAWK names its binary) on ../shared/corpus, best of RUNS.
RUNS ?= 5
compare-squawk:
	$(GO) run ./tools/squawkcompare -n $(RUNS)

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet $(PKGS)

## demo: lint the bundled example migrations (findings expected: exit 1 is
## fine, exit 2 means ddlgate could not do its job).
demo: build
	@$(BIN) lint testdata/examples/; test $$? -le 1

## docs: regenerate docs/rules/*.md, the rule catalog table, the facts
## JSON Schema, the engine's conversion of the facts to OPA values, the
## audit report's and the database snapshot's JSON Schemas and the plan and rule index of the built-in rules, from the
## rules' METADATA, the Go structs and the policies (a test fails when the
## committed output is stale).
docs:
	$(GO) run ./tools/inputgen
	$(GO) run ./tools/docgen
	$(GO) run ./tools/irplan
	$(GO) run ./cmd/ddlgate facts --schema > docs/facts.schema.json
	$(GO) run ./cmd/ddlgate audit --schema > docs/audit.schema.json
	$(GO) run ./cmd/ddlgate db snapshot --schema > docs/db-snapshot.schema.json

## functions: regenerate parser/functions.tsv (built-in function volatility)
## from the pg_proc of the server at DATABASE_URL; MERGE=1 keeps the
## functions of another major already in the file.
functions:
	$(GO) run ./tools/pgproc --database-url "$(DATABASE_URL)" $(if $(MERGE),--merge)

clean:
	rm -rf bin
