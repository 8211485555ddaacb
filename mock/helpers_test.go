package mock

import "github.com/chatconform/chatconform/mock/reqlog"

func reqlogQuery() reqlog.Query { return reqlog.Query{} }
