package mock

import (
	"github.com/chatconform/chatconform/mock/acquire"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/control"
	"github.com/chatconform/chatconform/mock/gws"
	"github.com/chatconform/chatconform/mock/superoffice"
)

// defaultVendors are the adapters of every document in spec/.
func (m *Mock) defaultVendors() []api.Vendor {
	return []api.Vendor{gws.New(), superoffice.New(), acquire.New(), control.New(m)}
}
