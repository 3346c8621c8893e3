package live

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
)

// NewToken returns a fresh secret token: 32 random bytes, base64url.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the form a token is stored in: its SHA-256, in hex.
// Tokens are long random strings, so a fast hash is enough: nobody can
// guess a token from its hash.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// MatchToken reports whether token hashes to the stored hash, comparing in
// constant time.
func MatchToken(token, hash string) bool {
	h := HashToken(token)
	return subtle.ConstantTimeCompare([]byte(h), []byte(hash)) == 1
}

// MatchSeat returns the index of the seat whose stored hash token matches,
// or -1. It compares with every seat's hash, in constant time each, so the
// time taken says nothing of which seat (if any) matched.
func MatchSeat(token string, hashes []string) int {
	h := []byte(HashToken(token))
	found := -1
	for i, s := range hashes {
		if s != "" && subtle.ConstantTimeCompare(h, []byte(s)) == 1 {
			found = i
		}
	}
	return found
}
