package api_test

import (
	"testing"

	"github.com/chatconform/chatconform/mock/api"
)

func TestPasswordOK(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		found, ok bool
	}{
		{"pw", "pw", true, true},
		{"pw", "px", true, false},
		{"pw", "pw", false, false}, // an unknown user never passes
		{"", "", true, false},      // nor a user without a password
		{"no such user, but the comparison still takes its time", "", false, false},
	} {
		if got := api.PasswordOK(tc.got, tc.want, tc.found); got != tc.ok {
			t.Errorf("PasswordOK(%q, %q, %v) = %v; want %v", tc.got, tc.want, tc.found, got, tc.ok)
		}
	}
}

func TestSecretOf(t *testing.T) {
	by := map[api.Secret]string{api.SecretOf("tok-1"): "a"}
	if by[api.SecretOf("tok-1")] != "a" || by[api.SecretOf("tok-2")] != "" || by[api.SecretOf("")] != "" {
		t.Error("a map keyed by SecretOf finds exactly its secrets")
	}
}
