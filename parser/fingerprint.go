package parser

const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
	hexDigits   = "0123456789abcdef"
)

// fingerprint hashes the tokens of s[start:end] with FNV-64a: comments are
// dropped, whitespace between tokens does not count, and words (keywords and
// unquoted identifiers, which PostgreSQL folds anyway) are lower-cased, so
// reindenting, re-wrapping or re-commenting a statement keeps its
// fingerprint. Quoted strings and identifiers are hashed as written.
func fingerprint(s string, start, end int) string {
	h := uint64(fnvOffset64)
	first := true
	for i := start; i < end; {
		kind, next := lexNext(s, i, end)
		switch kind {
		case lexSpace, lexLineComment, lexBlockComment:
		default:
			if !first {
				// A separator keeps "ab" and "a b" apart.
				h = (h ^ ' ') * fnvPrime64
			}
			first = false
			for j := i; j < next; j++ {
				c := s[j]
				if kind == lexWord && c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				h = (h ^ uint64(c)) * fnvPrime64
			}
		}
		i = next
	}
	var out [16]byte
	for k := 15; k >= 0; k-- {
		out[k] = hexDigits[h&0xf]
		h >>= 4
	}
	return string(out[:])
}
