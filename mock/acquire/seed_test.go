package acquire_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/acquire"
	"github.com/chatconform/chatconform/mock/store"
)

func TestSeed(t *testing.T) {
	m, _ := newMock(t)
	for _, tt := range []struct{ id, vendorState string }{{"106241", "open"}, {"106300", "closed"}, {"106350", "open"}} {
		c, err := m.Store().Get(store.Key{Vendor: "acquire", Tenant: "10719", ID: tt.id})
		if err != nil {
			t.Fatalf("get %s: %v", tt.id, err)
		}
		if c.VendorState != tt.vendorState {
			t.Errorf("chat %s vendor state = %q; want %q", tt.id, c.VendorState, tt.vendorState)
		}
	}
}

func TestSeedRejectsNonNumericIDs(t *testing.T) {
	tests := []struct {
		name string
		edit func(*fixtures.Set)
		want string
	}{
		{"account", func(s *fixtures.Set) {
			s.Tenants[1].ID = "other"
			s.Agents[2].Tenant = "other"
			s.Chats[5].Tenant = "other"
		}, `acquire account id "other"`},
		{"agent", func(s *fixtures.Set) {
			s.Agents[1].ID = "mia"
			s.Chats[1].Agent = "mia"
			s.Chats[1].Events[1].From = "mia"
			s.Chats[1].Events[2].From = "mia"
		}, `acquire agent id "mia"`},
		{"chat", func(s *fixtures.Set) { s.Chats[2].ID = "c-1" }, `acquire chat id "c-1"`},
		{"visitor", func(s *fixtures.Set) { s.Chats[2].Visitor.ID = "v1" }, `visitor id "v1"`},
		{"thread", func(s *fixtures.Set) { s.Chats[0].Thread = "t" }, `thread "t"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := testSet()
			tt.edit(set)
			if err := set.Validate(); err != nil {
				t.Fatalf("the edited set must stay valid for fixtures.Validate: %v", err)
			}
			err := acquire.New().CheckFixtures(set)
			if !errors.Is(err, fixtures.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckFixtures = %v; want ErrInvalid naming %s", err, tt.want)
			}
			if _, err := mock.New(mock.WithVendors(acquire.New()), mock.WithFixtures(set)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("mock.New = %v; want the seed to fail naming %s", err, tt.want)
			}
		})
	}
	if err := acquire.New().CheckFixtures(testSet()); err != nil {
		t.Errorf("CheckFixtures(testSet) = %v; want nil", err)
	}
}
