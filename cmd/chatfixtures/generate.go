package main

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/chatconform/chatconform/fixtures"
)

// base returns the creation time of the first chat of every vendor; every other time is a
// deterministic offset from it (never time.Now, never gofakeit's date functions).
func base() time.Time { return time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC) }

// chatSpacing is the gap between the creation times of consecutive chats of a vendor.
const chatSpacing = 19 * time.Minute

// Generate builds the fixture set for a seed. Each vendor draws from its own faker, seeded
// from seed and the vendor name, so changing one vendor's generator leaves the others' data
// as it was.
func Generate(seed uint64) *fixtures.Set {
	s := &fixtures.Set{Seed: seed}
	genGWS(newGen(seed, fixtures.GWS, s))
	genSuperOffice(newGen(seed, fixtures.SuperOffice, s))
	genAcquire(newGen(seed, fixtures.Acquire, s))
	return s
}

// gen generates one vendor's part of a set.
type gen struct {
	f     *gofakeit.Faker
	set   *fixtures.Set
	used  map[string]bool // ids and usernames handed out, keyed by kind and value
	chats int             // chats made so far, for creation times
	// acqChatNum is the last Acquire chat id handed out.
	acqChatNum int
}

func newGen(seed uint64, vendor string, s *fixtures.Set) *gen {
	return &gen{f: gofakeit.New(vendorSeed(seed, vendor)), set: s, used: map[string]bool{}}
}

// vendorSeed mixes a seed with a vendor name (FNV-1a, then the splitmix64 finaliser) and never
// returns 0, which gofakeit.New treats as "random".
func vendorSeed(seed uint64, vendor string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(vendor))
	z := seed ^ h.Sum64()
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	if z == 0 {
		z = 1
	}
	return z
}

// reserve marks fixed values as taken so that drawn ones never collide with them.
func (g *gen) reserve(kind string, values ...string) {
	for _, v := range values {
		g.used[kind+"/"+v] = true
	}
}

// unique draws until it gets a value of the kind not handed out before.
func (g *gen) unique(kind string, draw func() string) string {
	for {
		v := draw()
		if !g.used[kind+"/"+v] {
			g.used[kind+"/"+v] = true
			return v
		}
	}
}

// uniqueName returns name, or name followed by the smallest number from 2 that is free.
func (g *gen) uniqueName(kind, name string) string {
	v := name
	for i := 2; g.used[kind+"/"+v]; i++ {
		v = name + strconv.Itoa(i)
	}
	g.used[kind+"/"+v] = true
	return v
}

// createdAt returns the creation time of the vendor's next chat.
func (g *gen) createdAt() time.Time {
	at := base().Add(time.Duration(g.chats) * chatSpacing)
	g.chats++
	return at
}

// person is a drawn first and last name.
type person struct{ first, last string }

func (g *gen) person() person { return person{first: g.f.FirstName(), last: g.f.LastName()} }

func (p person) name() string { return p.first + " " + p.last }

// login is first.last, lower case, letters and digits only.
func (p person) login() string { return slug(p.first) + "." + slug(p.last) }

// email is first.last at a drawn domain.
func (g *gen) email(p person) string { return p.login() + "@" + g.f.DomainName() }

// visitor draws a visitor with a name, nickname and email.
func (g *gen) visitor() fixtures.Visitor {
	p := g.person()
	return fixtures.Visitor{Name: p.name(), Nickname: p.first, Email: g.email(p)}
}

// password is 12 letters and digits: no characters that need quoting anywhere.
func (g *gen) password() string { return g.f.Password(true, true, true, false, false, 12) }

// slug lower-cases s and keeps only ASCII letters and digits.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "user"
	}
	return b.String()
}
