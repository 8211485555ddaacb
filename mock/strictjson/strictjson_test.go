package strictjson_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/strictjson"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // part of the message; "" = valid
		offset     int64
	}{
		{"object", `{"a":1,"b":[1,{"c":null}],"d":"é"}`, "", 0},
		{"scalar", ` 42 `, "", 0},
		{"trailing white space", "{\"a\":1}\r\n\t ", "", 0},
		{"same name in two objects", `{"a":{"x":1},"b":{"x":2}}`, "", 0},
		{"name equal to a value", `{"a":"a","b":"a"}`, "", 0},
		{"names that differ in case", `{"a":1,"A":2}`, "", 0},
		{"trailing text", `{"operationName":"SendMessage","text":"x"} THIS IS NOT JSON`, "data after the JSON value", 43},
		{"two values", `{} {}`, "data after the JSON value", 3},
		{"trailing bracket", `{}]`, "data after the JSON value", 2},
		{"duplicate", `{"operationName":"SendMessage","operationName":"Complete"}`, `member "operationName" is given twice`, 31},
		{"nested duplicate", `[{"a":{"b":1,"c":2,"b":3}}]`, `member "b" is given twice`, 19},
		{"invalid UTF-8", "{\"text\":\"a\xffb\"}", "invalid UTF-8", 10},
		{"truncated UTF-8", "{\"text\":\"\xe2\x82\"}", "invalid UTF-8", 9},
		{"lone high surrogate", `{"t":"a\ud800b"}`, "lone UTF-16 surrogate", 7},
		{"lone low surrogate", `{"t":"\udc00"}`, "lone UTF-16 surrogate", 6},
		{"high surrogate at the end", `["\uD83D"]`, "lone UTF-16 surrogate", 2},
		{"surrogate pair", `{"t":"\ud83d\ude00"}`, "", 0},
		{"escaped backslash before u", `{"t":"\\ud800"}`, "", 0},
		{"other escapes", `{"t":"\n\"\u00e9"}`, "", 0},
		{"empty", ``, "empty body", 0},
		{"only space", `   `, "empty body", 0},
		{"unterminated", `{"a":`, "unexpected end", 0},
		{"malformed", `{"a" 1}`, "malformed JSON", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := strictjson.Check([]byte(tc.body))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check(%q) = %v; want nil", tc.body, err)
				}
				return
			}
			var e *strictjson.Error
			if !errors.As(err, &e) {
				t.Fatalf("Check(%q) = %v; want an *Error", tc.body, err)
			}
			if !strings.Contains(e.Msg, tc.want) {
				t.Errorf("message = %q; want it to contain %q", e.Msg, tc.want)
			}
			if tc.offset != 0 && e.Offset != tc.offset {
				t.Errorf("offset = %d; want %d", e.Offset, tc.offset)
			}
		})
	}
}

func TestCheckDeep(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	if err := strictjson.Check([]byte(deep)); err != nil {
		t.Fatalf("Check(100,000 nested arrays) = %v; want nil", err)
	}
}

func TestIsJSON(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "text/json": true,
		"application/merge-patch+json": true, "application/xml": false, "": false, "text/plain": false,
	} {
		if got := strictjson.IsJSON(ct); got != want {
			t.Errorf("IsJSON(%q) = %v; want %v", ct, got, want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `[1,2]`, `{"a":1,"a":2}`, `{} x`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if strictjson.Check(b) == nil && !json.Valid(b) {
			t.Fatalf("Check(%q) = nil, but it is not JSON", b)
		}
	})
}
