package api

import (
	"crypto/sha256"
	"crypto/subtle"
)

// Secret is what a secret (API token, ticket, XSRF token) is stored and looked up under: its
// SHA-256. A map keyed by secrets compares them byte by byte and stops at the first
// difference, so its timing tells how much of a guess is right; keyed by their hashes, it
// tells nothing of the secret.
type Secret [sha256.Size]byte

// SecretOf returns the key of a secret.
func SecretOf(s string) Secret { return sha256.Sum256([]byte(s)) }

// dummyPassword is compared against when a user name is unknown, so that a wrong user
// costs what a wrong password does.
const dummyPassword = "no such user, but the comparison still takes its time"

// PasswordOK compares a password with the user's in constant time; found says whether the
// user exists (when not, the comparison still runs, against a dummy, and fails).
func PasswordOK(got, want string, found bool) bool {
	if !found || want == "" {
		want = dummyPassword
		found = false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 && found
}
