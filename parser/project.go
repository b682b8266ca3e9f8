package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// lazyRegexp compiles pattern on first use: the patterns of project files
// are a third of the package's initialisation, which every ddlgate process
// paid, and most runs read no project file.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// pushCommand matches the commands that change a database schema directly,
// without writing a migration: drizzle-kit push and prisma db push.
var pushCommand = lazyRegexp(`\b(?:drizzle-kit\s+push(?::\w+)?|prisma\s+db\s+push)\b`)

// ProjectKind returns the kind of the project file at p (one of the
// Project* constants), from its name and directory.
func ProjectKind(p string) string {
	slash := filepath.ToSlash(p)
	base := path.Base(slash)
	switch {
	case base == "package.json":
		return ProjectPackageJSON
	case strings.Contains("/"+slash, "/.github/workflows/") || base == ".gitlab-ci.yml":
		return ProjectWorkflow
	case strings.HasPrefix(base, "drizzle.config."):
		return ProjectDrizzleConfig
	case base == "schema.prisma":
		return ProjectPrismaSchema
	case base == ".env" || strings.HasPrefix(base, ".env."):
		return ProjectEnv
	case isComposeFile(base):
		return ProjectCompose
	case base == "atlas.hcl":
		return ProjectAtlasConfig
	case base == ".ddlgate.yaml":
		return ProjectDdlgateConfig
	case base == "_journal.json" && path.Base(path.Dir(slash)) == "meta":
		return ProjectDrizzleJournal
	case base == "migration_lock.toml":
		return ProjectPrismaLock
	}
	return ProjectOther
}

// isComposeFile reports whether base names a Docker Compose file.
func isComposeFile(base string) bool {
	stem := strings.TrimSuffix(strings.TrimSuffix(base, ".yml"), ".yaml")
	if stem == base {
		return false
	}
	return stem == "compose" || strings.HasPrefix(stem, "docker-compose") || strings.HasPrefix(stem, "compose.")
}

// ProjectFile returns the facts document of a non-SQL project file (a
// package.json, a CI workflow, an ORM configuration, a .env, a migration
// journal): no statements, the schema-push commands it contains with their
// spans (ban-push-workflow), and its project facts: credentials, migration
// folders, migration-tool commands, journal entries, the prisma lock. What
// needs other files (git, the folders on disk, who runs a script) is left
// for the lint stage.
func ProjectFile(p string, src []byte, opts Options) *File {
	opts.Path = p
	f := Parse(nil, opts)
	sum := sha256.Sum256(src)
	f.File.SHA256 = hex.EncodeToString(sum[:])
	f.File.Format = "project"
	kind := ProjectKind(p)
	facts := &ProjectFacts{Kind: kind, Credentials: []Credential{}, MigrationDirs: []MigrationDir{},
		Commands: []ToolCommand{}, JournalEntries: []JournalEntry{}}
	f.Project = facts
	if !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
		return f
	}
	lines := newLineIndex(src)
	switch kind {
	case ProjectDrizzleJournal:
		facts.JournalEntries = journalEntries(p, src, lines)
		return f
	case ProjectPrismaLock:
		facts.MigrationLock = migrationLock(src, lines)
		return f
	}
	var scripts []PackageScript
	if kind == ProjectPackageJSON {
		scripts = PackageScripts(src)
	}
	scriptAt := func(off int) string {
		for _, s := range scripts {
			if off >= int(s.Span.Start) && off < int(s.Span.End) {
				return s.Name
			}
		}
		return ""
	}
	for _, m := range pushCommand().FindAllIndex(src, -1) {
		f.PushCommands = append(f.PushCommands, PushCommand{Text: string(src[m[0]:m[1]]),
			Span: lines.span(m[0], m[1]), Script: scriptAt(m[0]), RunBy: []ScriptCaller{}})
	}
	facts.Commands = toolCommands(src, lines, scriptAt)
	facts.Credentials = credentials(kind, src, lines)
	switch kind {
	case ProjectDrizzleConfig:
		facts.MigrationDirs = drizzleOut(p, src, lines)
	case ProjectPrismaSchema:
		facts.MigrationDirs = prismaMigrations(p, src, lines)
	}
	return f
}

// PackageScript is one entry of a package.json "scripts" object.
type PackageScript struct {
	Name    string
	Command string
	// Span covers the command's text between its quotes.
	Span Span
}

// PackageScripts returns the scripts of a package.json, in file order; a
// file that is not a JSON object yields none. Text before the object's
// opening brace is skipped (the options header of a rule's testdata).
func PackageScripts(src []byte) []PackageScript {
	base := bytes.IndexByte(src, '{')
	if base < 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(src[base:]))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	lines := newLineIndex(src)
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		if key != "scripts" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return nil
		}
		var out []PackageScript
		for dec.More() {
			name, err := dec.Token()
			if err != nil {
				return out
			}
			value, err := dec.Token()
			if err != nil {
				return out
			}
			cmd, ok := value.(string)
			n, isName := name.(string)
			if !ok || !isName {
				continue
			}
			end := base + int(dec.InputOffset()) - 1 // the closing quote
			start := openingQuote(src, end) + 1
			out = append(out, PackageScript{Name: n, Command: cmd, Span: lines.span(start, end)})
		}
		return out
	}
	return nil
}

// openingQuote returns the offset of the quote that opens the JSON string
// whose closing quote is at end.
func openingQuote(src []byte, end int) int {
	for i := end - 1; i >= 0; i-- {
		if src[i] != '"' {
			continue
		}
		backslashes := 0
		for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return i
		}
	}
	return 0
}

// ScriptCall is a command that runs a package script: npm run db:push,
// pnpm db:push, yarn workspace api db:push, bun run db:push.
type ScriptCall struct {
	Script string
	Text   string
	Span   Span
}

var (
	scriptRunner = lazyRegexp(`\b(npm|pnpm|yarn|bun)\s+`)
	// scriptCallEnd ends a command: the next command of a shell line, or
	// the end of the string it is written in.
	scriptCallEnd = []byte("\n&;|\"'`)")
	// valueFlags take the next word as their value.
	valueFlags = map[string]bool{"-w": true, "--workspace": true, "--filter": true, "-F": true,
		"--prefix": true, "-C": true, "--dir": true, "--cwd": true}
	// builtinCommands are package-manager commands, never script names.
	builtinCommands = map[string]bool{"install": true, "i": true, "ci": true, "add": true, "remove": true,
		"rm": true, "uninstall": true, "update": true, "up": true, "exec": true, "dlx": true, "x": true,
		"create": true, "init": true, "link": true, "publish": true, "pack": true, "why": true, "audit": true,
		"outdated": true, "list": true, "ls": true, "config": true, "set": true, "cache": true, "import": true,
		"rebuild": true, "prune": true, "dedupe": true, "store": true, "patch": true, "env": true, "info": true}
	// npmScriptCommands are the scripts npm runs without "run".
	npmScriptCommands = map[string]bool{"start": true, "test": true, "stop": true, "restart": true, "t": true}
)

// ScriptCalls returns the package-script invocations in src, in order.
func ScriptCalls(src []byte) []ScriptCall {
	lines := newLineIndex(src)
	var out []ScriptCall
	for _, m := range scriptRunner().FindAllSubmatchIndex(src, -1) {
		runner := string(src[m[2]:m[3]])
		end := m[1]
		for end < len(src) && bytes.IndexByte(scriptCallEnd, src[end]) < 0 {
			end++
		}
		words := wordsOf(src, m[1], end)
		name, last, ok := scriptName(runner, words)
		if !ok {
			continue
		}
		out = append(out, ScriptCall{Script: name, Text: string(src[m[0]:last]), Span: lines.span(m[0], last)})
	}
	return out
}

type word struct {
	text       string
	start, end int
}

func wordsOf(src []byte, start, end int) []word {
	var out []word
	i := start
	for i < end {
		for i < end && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		j := i
		for j < end && src[j] != ' ' && src[j] != '\t' {
			j++
		}
		if j > i {
			out = append(out, word{string(src[i:j]), i, j})
		}
		i = j
	}
	return out
}

// scriptName reads the script a package manager's arguments run, and the
// end offset of its name.
func scriptName(runner string, words []word) (string, int, bool) {
	explicitRun := false
	for i := 0; i < len(words); i++ {
		w := words[i].text
		switch {
		case strings.HasPrefix(w, "-"):
			if valueFlags[w] {
				i++
			}
			continue
		case !explicitRun && (w == "run" || w == "run-script"):
			explicitRun = true
			continue
		case !explicitRun && runner == "yarn" && w == "workspace":
			i++ // the workspace's name
			continue
		}
		switch {
		case explicitRun:
		case runner == "npm" && !npmScriptCommands[w]:
			return "", 0, false
		case runner == "bun" || builtinCommands[w]:
			return "", 0, false
		}
		return w, words[i].end, true
	}
	return "", 0, false
}

// toolPattern recognises the commands of one migration tool; effects maps
// the matched subcommand (group 1, spaces collapsed) to its effect, and a
// pattern without that group has the effect of its "" entry.
type toolPattern struct {
	tool    string
	re      *regexp.Regexp
	effects map[string]string
}

var toolPatterns = sync.OnceValue(func() []toolPattern {
	return []toolPattern{
		{"ddlgate", regexp.MustCompile(`\bddlgate\s+(ci|lint|apply|generate|audit|baseline|status)\b`),
			map[string]string{"ci": EffectGate, "lint": EffectGate, "apply": EffectApply, "generate": EffectGenerate}},
		{"ddlgate", regexp.MustCompile(`\buses:\s*["']?ddlgate/(?:ddlgate|action|[\w.-]*-action)\b[\w.@/-]*`),
			map[string]string{"": EffectGate}},
		{"drizzle-kit", regexp.MustCompile(`\bdrizzle-kit\s+(generate|migrate|push|check|up|pull|introspect|drop)(?::\w+)?\b`),
			map[string]string{"generate": EffectGenerate, "migrate": EffectApply, "push": EffectPush, "check": EffectGate}},
		{"prisma", regexp.MustCompile(`\bprisma\s+(migrate\s+(?:deploy|dev|resolve|diff|reset|status)|db\s+(?:push|execute|pull|seed))\b`),
			map[string]string{"migrate deploy": EffectApply, "migrate dev": EffectGenerate, "db push": EffectPush}},
		{"golang-migrate", regexp.MustCompile(`\bmigrate\s+-{1,2}(?:path|source|database)\b[^\n&;|]*?\s(up|down|goto|force)\b`),
			map[string]string{"up": EffectApply}},
		{"goose", regexp.MustCompile(`\bgoose\b[^\n&;|]*?\s(up|up-by-one|up-to|down|redo|reset|status|create|fix)\b`),
			map[string]string{"up": EffectApply, "up-by-one": EffectApply, "up-to": EffectApply, "create": EffectGenerate}},
		{"dbmate", regexp.MustCompile(`\bdbmate\b[^\n&;|]*?\s(up|migrate|down|rollback|new|status)\b`),
			map[string]string{"up": EffectApply, "migrate": EffectApply, "new": EffectGenerate}},
		{"flyway", regexp.MustCompile(`\bflyway\b[^\n&;|]*?\s(migrate|validate|repair|info|baseline)\b`),
			map[string]string{"migrate": EffectApply}},
		{"atlas", regexp.MustCompile(`\batlas\s+(migrate\s+(?:apply|diff|lint|new)|schema\s+apply)\b`),
			map[string]string{"migrate apply": EffectApply, "migrate diff": EffectGenerate, "migrate new": EffectGenerate,
				"migrate lint": EffectGate, "schema apply": EffectPush}},
		{"diesel", regexp.MustCompile(`\bdiesel\s+migration\s+(run|redo|revert|generate)\b`),
			map[string]string{"run": EffectApply, "generate": EffectGenerate}},
		{"supabase", regexp.MustCompile(`\bsupabase\s+(db\s+push|migration\s+up|db\s+reset|migration\s+new|db\s+diff)\b`),
			map[string]string{"db push": EffectApply, "migration up": EffectApply, "migration new": EffectGenerate, "db diff": EffectGenerate}},
	}
})

var spaces = lazyRegexp(`\s+`)

// ToolCommands returns the migration-tool commands written in src, in
// file order.
func ToolCommands(src []byte) []ToolCommand {
	return toolCommands(src, newLineIndex(src), func(int) string { return "" })
}

func toolCommands(src []byte, lines *lineIndex, scriptAt func(int) string) []ToolCommand {
	out := []ToolCommand{}
	for _, tp := range toolPatterns() {
		for _, m := range tp.re.FindAllSubmatchIndex(src, -1) {
			sub := ""
			if len(m) > 2 && m[2] >= 0 {
				sub = spaces().ReplaceAllString(string(src[m[2]:m[3]]), " ")
			}
			effect, ok := tp.effects[sub]
			if !ok {
				effect = EffectOther
			}
			out = append(out, ToolCommand{Tool: tp.tool, Effect: effect, Text: string(src[m[0]:m[1]]),
				Span: lines.span(m[0], m[1]), Script: scriptAt(m[0])})
		}
	}
	sortCommands(out)
	return out
}

func sortCommands(cs []ToolCommand) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Span.Start < cs[j-1].Span.Start; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

var (
	// postgresURL matches a PostgreSQL URL up to the end of its
	// authority; the userinfo is read from it by hand.
	postgresURL = lazyRegexp(`(?i)\bpostgres(?:ql)?(?:\+[a-z0-9]+)?://[^\s"'` + "`" + `/?#]+`)
	// keywordPassword matches password= in a libpq keyword/value or
	// semicolon-separated connection string.
	keywordPassword = lazyRegexp(`(?i)(?:^|[\s;'"])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s'";` + "`" + `]+)`)
	// connectionKeyword tells a connection string from any other
	// password= (a .env's PASSWORD=...).
	connectionKeyword = lazyRegexp(`(?i)(?:^|[\s;'"])(?:host|hostaddr|dbname|server|port)\s*=`)
	drizzlePassword   = lazyRegexp(`\bpassword\s*:\s*(["'` + "`" + `])(.*?)["'` + "`" + `]`)
	drizzleHost       = lazyRegexp(`\bhost\s*:\s*["'` + "`" + `]([^"'` + "`" + `]+)`)
	drizzleUser       = lazyRegexp(`\buser\s*:\s*["'` + "`" + `]([^"'` + "`" + `]+)`)
	keywordHost       = lazyRegexp(`(?i)(?:^|[\s;'"])(?:host|server)\s*=\s*([^\s'";]+)`)
	keywordUser       = lazyRegexp(`(?i)(?:^|[\s;'"])(?:user|user id|username)\s*=\s*([^\s'";]+)`)
)

// credentials finds the database passwords written in src. Values that
// reference a variable (${VAR}, $VAR, env(...), {{ ... }}) or are obvious
// placeholders (<password>, ****) are not credentials.
func credentials(kind string, src []byte, lines *lineIndex) []Credential {
	out := []Credential{}
	for _, m := range postgresURL().FindAllIndex(src, -1) {
		if c, ok := urlCredential(src, m[0], m[1], lines); ok {
			out = append(out, c)
		}
	}
	for _, m := range keywordPassword().FindAllSubmatchIndex(src, -1) {
		line := lineAround(src, m[0])
		if !connectionKeyword().Match(src[line[0]:line[1]]) {
			continue
		}
		start, end := m[2], m[3]
		value := string(src[start:end])
		if strings.HasPrefix(value, "'") {
			start, end = start+1, end-1
			value = value[1 : len(value)-1]
		}
		if value == "" || isReference(value) {
			continue
		}
		text := string(src[line[0]:line[1]])
		out = append(out, Credential{Kind: "keyword", User: submatch(keywordUser(), text), Host: submatch(keywordHost(), text),
			Redacted: strings.TrimSpace(string(src[line[0]:start]) + "****" + string(src[end:line[1]])),
			Span:     lines.span(start, end)})
	}
	if kind == ProjectDrizzleConfig {
		for _, m := range drizzlePassword().FindAllSubmatchIndex(src, -1) {
			start, end := m[4], m[5]
			value := string(src[start:end])
			if value == "" || isReference(value) {
				continue
			}
			out = append(out, Credential{Kind: "drizzle", User: submatch(drizzleUser(), string(src)),
				Host: submatch(drizzleHost(), string(src)), Redacted: string(src[m[0]:start]) + "****" + string(src[end:m[1]]),
				Span: lines.span(start, end)})
		}
	}
	return out
}

// urlCredential reads the password of the PostgreSQL URL at src[start:end]
// (scheme and authority).
func urlCredential(src []byte, start, end int, lines *lineIndex) (Credential, bool) {
	text := string(src[start:end])
	scheme := strings.Index(text, "://") + 3
	authority := text[scheme:]
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return Credential{}, false
	}
	user, password, ok := strings.Cut(authority[:at], ":")
	if !ok || password == "" || isReference(password) {
		return Credential{}, false
	}
	host := authority[at+1:]
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			host = host[1:i]
		}
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	pwStart := start + scheme + len(user) + 1
	pwEnd := pwStart + len(password)
	return Credential{Kind: "url", User: user, Host: host,
		Redacted: text[:scheme] + user + ":****@" + authority[at+1:],
		Span:     lines.span(pwStart, pwEnd)}, true
}

// isReference reports whether a password value stands for a secret kept
// elsewhere, or is a placeholder rather than a password.
func isReference(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case strings.Contains(v, "${"), strings.Contains(v, "$("), strings.HasPrefix(v, "$"),
		strings.Contains(v, "{{"), strings.HasPrefix(v, "%("), strings.HasPrefix(v, "env("),
		strings.Contains(v, "process.env"), strings.Contains(v, "getenv("):
		return true
	case strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">"),
		strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
		return true
	case strings.Trim(v, "*") == "", strings.Trim(strings.ToLower(v), "x") == "", strings.Trim(v, ".") == "":
		return true
	}
	return false
}

// lineAround returns the offsets of the line holding off.
func lineAround(src []byte, off int) [2]int {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	return [2]int{start, end}
}

func submatch(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

var drizzleOutKey = lazyRegexp("\\bout\\s*:\\s*([\"'`])(.*?)[\"'`]")

// drizzleDefaultOut is where drizzle-kit writes migrations when the config
// has no out.
const drizzleDefaultOut = "./drizzle"

// drizzleOut reads the migrations folder of a drizzle config (its out).
func drizzleOut(p string, src []byte, lines *lineIndex) []MigrationDir {
	d := MigrationDir{Tool: "drizzle", Setting: "default", Path: drizzleDefaultOut, Span: lines.span(0, 0)}
	if m := drizzleOutKey().FindSubmatchIndex(src); m != nil {
		d.Setting, d.Path, d.Span = "out", string(src[m[4]:m[5]]), lines.span(m[4], m[5])
	}
	d.Dir = projectRelative(p, d.Path)
	return []MigrationDir{d}
}

var prismaDatasource = lazyRegexp(`(?m)^\s*datasource\s+\w+\s*\{`)

// prismaMigrations is the migrations folder prisma migrate keeps beside
// schema.prisma.
func prismaMigrations(p string, src []byte, lines *lineIndex) []MigrationDir {
	d := MigrationDir{Tool: "prisma", Setting: "default", Path: "migrations", Span: lines.span(0, 0)}
	if m := prismaDatasource().FindIndex(src); m != nil {
		start := m[0] + len(src[m[0]:m[1]]) - len(bytes.TrimLeft(src[m[0]:m[1]], " \t\r\n"))
		d.Span = lines.span(start, m[1])
	}
	d.Dir = projectRelative(p, d.Path)
	return []MigrationDir{d}
}

// projectRelative resolves rel, written in the file at p, to a clean
// slash path relative to the project root p is relative to.
func projectRelative(p, rel string) string {
	if path.IsAbs(filepath.ToSlash(rel)) {
		return path.Clean(filepath.ToSlash(rel))
	}
	return path.Join(path.Dir(filepath.ToSlash(p)), filepath.ToSlash(rel))
}

var journalTag = lazyRegexp(`"tag"\s*:\s*("(?:[^"\\]|\\.)*")`)

// journalEntries lists the tags of a drizzle journal with their spans.
func journalEntries(p string, src []byte, lines *lineIndex) []JournalEntry {
	out := []JournalEntry{}
	dir := filepath.Dir(filepath.Dir(p))
	for _, m := range journalTag().FindAllSubmatchIndex(src, -1) {
		tag, err := strconv.Unquote(string(src[m[2]:m[3]]))
		if err != nil {
			continue
		}
		out = append(out, JournalEntry{Tag: tag, File: filepath.Join(dir, tag+".sql"), Span: lines.span(m[2]+1, m[3]-1)})
	}
	return out
}

var lockProvider = lazyRegexp(`(?m)^[ \t]*provider[ \t]*=[ \t]*"([^"]*)"`)

// migrationLock reads the provider of a prisma migration_lock.toml.
func migrationLock(src []byte, lines *lineIndex) *MigrationLock {
	if m := lockProvider().FindSubmatchIndex(src); m != nil {
		return &MigrationLock{Provider: string(src[m[2]:m[3]]), Span: lines.span(m[2], m[3])}
	}
	return &MigrationLock{Span: lines.span(0, 0)}
}
