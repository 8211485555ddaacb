package main

import (
	"strings"

	"github.com/brianvoe/gofakeit/v7"
)

// sentence draws a gofakeit sentence fit for a support chat.
func sentence(f *gofakeit.Faker) string { return fit(func() string { return f.Sentence() }) }

// question draws a gofakeit question fit for a support chat.
func question(f *gofakeit.Faker) string { return fit(f.Question) }

// fit draws until the text holds none of the heavy words gofakeit's word lists contain
// ("slavery", "racism", ...), which have no place in a support chat. Redrawing keeps the
// output deterministic: it depends only on the faker's state.
func fit(draw func() string) string {
	for {
		s := draw()
		if !unfit(s) {
			return s
		}
	}
}

// unfit reports whether s holds a word that has no place in a support chat.
func unfit(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && r != '\''
	}) {
		switch w {
		case "abuse", "corruption", "crime", "crimes", "death", "gun", "guns", "kill", "kills", "killed",
			"murder", "murders", "poverty", "racism", "racist", "religion", "slave", "slaves", "slavery",
			"suicide", "terror", "terrorism", "violence", "war", "wars", "weapon", "weapons":
			return true
		}
	}
	return false
}
