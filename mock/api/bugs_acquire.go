package api

// The planted bugs of the Acquire profile API.
const (
	BugAcquireDescending        Bug = "acquire-descending"
	BugAcquireNoAuth            Bug = "acquire-no-auth"
	BugAcquireErrorEnvelope     Bug = "acquire-error-envelope"
	BugAcquireThreadsNoBearer   Bug = "acquire-threads-no-bearer"
	BugAcquireNoLegacyToken     Bug = "acquire-no-legacy-token"
	BugAcquireAnyToken          Bug = "acquire-any-token"
	BugAcquireNullArrays        Bug = "acquire-null-arrays"
	BugAcquireAgentUserType     Bug = "acquire-agent-user-type"
	BugAcquireHTMLContentType   Bug = "acquire-html-content-type"
	BugAcquireZoneISODate       Bug = "acquire-zone-iso-date"
	BugAcquireReadConsumes      Bug = "acquire-read-consumes"
	BugAcquireVdIDSender        Bug = "acquire-vd-id-sender"
	BugAcquireIgnoreVisitor     Bug = "acquire-ignore-visitor"
	BugAcquireIgnoreKey         Bug = "acquire-ignore-key"
	BugAcquireThreadsAnyVisitor Bug = "acquire-threads-any-visitor"
)

var acquireBugs = []BugInfo{
	{BugAcquireDescending, "acquire", "GetProfileMessages returns messages in descending id order"},
	{BugAcquireNoAuth, "acquire", "requests without a token are served (as the first account)"},
	{BugAcquireErrorEnvelope, "acquire", `errors come without "success":false (as {"error":"...","data":null})`},
	{BugAcquireThreadsNoBearer, "acquire", "GetProfileThreads reads only the legacy auth_token header: a Bearer token is refused"},
	{BugAcquireNoLegacyToken, "acquire", "the legacy auth_token header is ignored: only Authorization: Bearer is accepted"},
	{BugAcquireAnyToken, "acquire", "a token the account never issued is accepted (as the first account)"},
	{BugAcquireNullArrays, "acquire", "empty co_browse and recording come as null instead of []"},
	{BugAcquireAgentUserType, "acquire", `an agent's message has user.type "user" instead of its sender_type "agent"`},
	{BugAcquireHTMLContentType, "acquire", "successful answers carry Content-Type text/html (the PHP default), not application/json"},
	{BugAcquireZoneISODate, "acquire", "with a zone header, date_created is ISO 8601 with the offset instead of YYYY-MM-DD HH:MM:SS"},
	{BugAcquireReadConsumes, "acquire", "GetProfileMessages keeps a cursor per chat: a second read returns only newer messages"},
	{BugAcquireVdIDSender, "acquire", "a message's vd_id is its sender_id (an agent's id on agents' messages), not the visitor's"},
	{BugAcquireIgnoreVisitor, "acquire", "GetProfileMessages selects by last_chat_id only: the chat is found under any visitor_id"},
	{BugAcquireIgnoreKey, "acquire", "the key filter is ignored: every message of the chat is returned"},
	{BugAcquireThreadsAnyVisitor, "acquire", "GetProfileThreads ignores visitor_id when lead_id is 0: every visitor's threads are listed"},
}
