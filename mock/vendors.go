package mock

import "github.com/chatconform/chatconform/mock/api"

// defaultVendors are the adapters of every document in spec/.
func (m *Mock) defaultVendors() []api.Vendor {
	return []api.Vendor{}
}
