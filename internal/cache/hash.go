package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Hash builds a key from parts. Each part is length-prefixed, so that
// ("ab", "c") and ("a", "bc") hash differently.
type Hash struct {
	h   hash.Hash
	buf [8]byte
}

// NewHash returns an empty Hash.
func NewHash() *Hash { return &Hash{h: sha256.New()} }

// Add adds one part.
func (h *Hash) Add(part []byte) *Hash {
	binary.LittleEndian.PutUint64(h.buf[:], uint64(len(part)))
	h.h.Write(h.buf[:])
	h.h.Write(part)
	return h
}

// AddString adds one part.
func (h *Hash) AddString(part string) *Hash { return h.Add([]byte(part)) }

// Sum returns the key: the hex SHA-256 of the parts added.
func (h *Hash) Sum() string { return hexKey(h.h.Sum(nil)) }
