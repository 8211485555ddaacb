package main

import (
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/chatconform/chatconform/fixtures"
)

// transcript appends events to a chat, each a few seconds after the one before.
type transcript struct {
	f      *gofakeit.Faker
	next   time.Time
	events []fixtures.Event
	// minGap and maxGap bound the seconds between two events.
	minGap, maxGap int
}

// newTranscript starts a transcript whose first event happens at start.
func (g *gen) newTranscript(start time.Time) *transcript {
	return &transcript{f: g.f, next: start, minGap: 4, maxGap: 75}
}

// add appends an event visible to everyone.
func (t *transcript) add(kind, from, text string) {
	t.addVisible(kind, from, text, fixtures.VisibleAll)
}

// addVisible appends an event with the given visibility.
func (t *transcript) addVisible(kind, from, text, visibility string) {
	t.events = append(t.events, fixtures.Event{Kind: kind, From: from, Text: text, Visibility: visibility, Time: t.next})
	t.next = t.next.Add(time.Duration(t.f.Number(t.minGap, t.maxGap)) * time.Second)
}

// say appends a text, wrapped in a typing-started/typing-stopped pair when typing is set.
func (t *transcript) say(from, text string, typing bool) {
	if typing {
		t.add(fixtures.KindTypingStarted, from, "")
	}
	t.add(fixtures.KindText, from, text)
	if typing {
		t.add(fixtures.KindTypingStopped, from, "")
	}
}

// line draws one chat message: visitors ask as often as they state, agents state.
func (t *transcript) line(from string) string {
	if from == fixtures.FromVisitor && t.f.Bool() {
		return question(t.f)
	}
	return sentence(t.f)
}

// talk appends n texts alternating between the visitor and agent, starting with first; when
// typing is set, about half of them come with a typing pair.
func (t *transcript) talk(first, agent string, n int, typing bool) {
	from := first
	for range n {
		t.say(from, t.line(from), typing && t.f.Bool())
		from = other(from, agent)
	}
}

// fill appends alternating texts until the transcript holds total events, starting with
// first. When typingEvery is above 0, every typingEvery-th text comes with a typing pair as
// long as the pair still fits.
func (t *transcript) fill(total int, first, agent string, typingEvery int) {
	from := first
	for i := 0; len(t.events) < total; i++ {
		typing := typingEvery > 0 && i%typingEvery == typingEvery-1 && total-len(t.events) >= 3
		t.say(from, t.line(from), typing)
		from = other(from, agent)
	}
}

// lastTextFrom returns who wrote the last text, or "" when there is none.
func (t *transcript) lastTextFrom() string {
	for i := len(t.events) - 1; i >= 0; i-- {
		if t.events[i].Kind == fixtures.KindText {
			return t.events[i].From
		}
	}
	return ""
}

func other(from, agent string) string {
	if from == fixtures.FromVisitor {
		return agent
	}
	return fixtures.FromVisitor
}
