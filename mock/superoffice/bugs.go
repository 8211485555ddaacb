package superoffice

// Helpers of planted bugs that take more than a line where they act.

// afterPosition is the planted bug so-after-by-position: after=N is looked up as a message
// of the session and what follows it is returned; an id the session lacks returns all.
func afterPosition(items []chatMessage, after int64) []chatMessage {
	for i, m := range items {
		if m.ChatMessageId == after {
			return items[i+1:]
		}
	}
	return items
}

// resetCustomer is the planted bug so-merge-patch-resets: the customer is replaced whole
// by a merge patch, so its fields the patch does not name go back to their defaults.
func resetCustomer(work, patch map[string]any) {
	for _, f := range fields {
		if _, named := patch[f.name]; f.kind == fCustomer && !named {
			work[f.name] = defaultOf(f)
		}
	}
}
