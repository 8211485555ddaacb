package api

// The planted bugs of the GWS chat APIs and their notifications.
const (
	BugGWSIndexOffByOne          Bug = "gws-index-off-by-one"
	BugGWSIndexExclusiveZero     Bug = "gws-index-exclusive-zero"
	BugGWSIgnoreCursor           Bug = "gws-ignore-cursor"
	BugGWSCursorSkips            Bug = "gws-cursor-skips"
	BugGWSNoContactCenter        Bug = "gws-no-contact-center"
	BugGWSTenantLeak             Bug = "gws-tenant-leak"
	BugGWSErrorEnvelope          Bug = "gws-error-envelope"
	BugGWSError200               Bug = "gws-error-200"
	BugGWSDuplicateIndex         Bug = "gws-duplicate-index"
	BugGWSDescending             Bug = "gws-descending"
	BugGWSMissingTimestampMillis Bug = "gws-missing-timestamp-millis"
	BugGWSTimestampSeconds       Bug = "gws-timestamp-seconds"
	BugGWSDuplicateNotification  Bug = "gws-duplicate-notification"
	BugGWSDropNotification       Bug = "gws-drop-notification"
	BugGWSNoReferenceID          Bug = "gws-no-reference-id"
	BugGWSListHidesOffered       Bug = "gws-list-hides-offered"
	BugGWSAcceptKeepsWaiting     Bug = "gws-accept-keeps-waiting"
	BugGWSAcceptIgnoresNickname  Bug = "gws-accept-ignores-nickname"
	BugGWSAgentStaysInvited      Bug = "gws-agent-stays-invited"
	BugGWSOmitEmptyCapabilities  Bug = "gws-omit-empty-capabilities"
	BugGWSPathParticipantID      Bug = "gws-path-participant-id"
	BugGWSCustomerAuth           Bug = "gws-customer-auth"
	BugGWSNewChatChatting        Bug = "gws-new-chat-chatting"
	BugGWSCompleteKeepsState     Bug = "gws-complete-keeps-state"
	BugGWSPushIgnoresPassword    Bug = "gws-push-ignores-password"
	BugGWSPushAnonymous          Bug = "gws-push-anonymous"
	BugGWSNoErrorNotification    Bug = "gws-no-error-notification"
	BugGWSAgentCompleteNoop      Bug = "gws-agent-complete-noop"
	BugGWSNicknameNoticeDropped  Bug = "gws-nickname-notice-dropped"
	BugGWSAgentTypingVisible     Bug = "gws-agent-typing-visible"
)

// The planted bugs of the Bayeux transport.
const (
	BugBayeuxNoIDEcho Bug = "bayeux-no-id-echo"
	BugBayeuxNo402    Bug = "bayeux-no-402"
	// BugBayeuxUnsubscribeNoop answers /meta/unsubscribe successfully and keeps the
	// subscription.
	BugBayeuxUnsubscribeNoop Bug = "bayeux-unsubscribe-noop"
)

var gwsBugs = []BugInfo{
	{BugGWSIndexOffByOne, "gws", "GetMessages?index=N starts at N+1: the bound is exclusive"},
	{BugGWSIndexExclusiveZero, "gws", "GetMessages?index=0 returns no messages instead of all"},
	{BugGWSIgnoreCursor, "gws", "GetMessages without index returns every message every time"},
	{BugGWSCursorSkips, "gws", "the GetMessages cursor advances one entry too far: the next message is never delivered"},
	{BugGWSNoContactCenter, "gws", "a customer request without ContactCenterId is served (as the first contact center)"},
	{BugGWSTenantLeak, "gws", "a chat is found under any ContactCenterId, not only its own"},
	{BugGWSErrorEnvelope, "gws", `errors come as {"error":"..."}, without statusCode and statusMessage`},
	{BugGWSError200, "gws", "errors answer HTTP 200 (with their non-zero statusCode); a 200 must carry statusCode 0"},
	{BugGWSDuplicateIndex, "gws", "every even log entry repeats the index of the entry before it"},
	{BugGWSDescending, "gws", "messages (REST and MessageLogUpdated) come in descending index order"},
	{BugGWSMissingTimestampMillis, "gws", "MessageLogUpdated messages lack timestampSeconds"},
	{BugGWSTimestampSeconds, "gws", "timestampSeconds is in seconds, not milliseconds"},
	{BugGWSDuplicateNotification, "gws", "each MessageLogUpdated is published twice"},
	{BugGWSDropNotification, "gws", "every third MessageLogUpdated is not published"},
	{BugGWSNoReferenceID, "gws", "StatusChange notifications caused by a request carry no referenceId"},
	{BugGWSListHidesOffered, "gws", "GET /api/v2/me/chats lists only the chats the agent has joined, not those offered to it"},
	{BugGWSAcceptKeepsWaiting, "gws", "the agent's Accept does not change the chat's state: the customer still sees WaitingForAgent"},
	{BugGWSAcceptIgnoresNickname, "gws", "Accept ignores its nickname: the agent joins under the nickname of its profile"},
	{BugGWSAgentStaysInvited, "gws", "the agent API shows a chat the agent is chatting in as Invited, as before Accept"},
	{BugGWSOmitEmptyCapabilities, "gws", "GetChat leaves capabilities out when they are empty (after Complete) instead of []"},
	{BugGWSPathParticipantID, "gws", "RequestChat's path ends with the customer's participant id instead of the chat id"},
	{BugGWSCustomerAuth, "gws", "the customer API requires an Authorization header, like the agent API (401, statusCode 20)"},
	{BugGWSNewChatChatting, "gws", "GetChat shows a chat waiting for an agent as Chatting"},
	{BugGWSCompleteKeepsState, "gws", "the customer's Complete leaves the chat's state as it was, not Idle"},
	{BugGWSPushIgnoresPassword, "gws", "the CometD handshake checks the agent's user name but not the password"},
	{BugGWSPushAnonymous, "gws", "a CometD handshake without any credentials is accepted as the first agent by user name, and gets its notifications"},
	{BugGWSNoErrorNotification, "gws", "an agent operation that fails publishes no ChatStateChangeMessage/Error to the agent"},
	{BugGWSAgentCompleteNoop, "gws", "the agent's Complete is answered with success and changes nothing: the agent stays in the chat"},
	{BugGWSNicknameNoticeDropped, "gws", "SendNicknameUpdatedNotice is answered with success but appends no NicknameUpdated entry"},
	{BugGWSAgentTypingVisible, "gws", "SendStartTypingToAgentsNotification is shown to the customer too, not to agents only"},
}

var bayeuxBugs = []BugInfo{
	{BugBayeuxNoIDEcho, "bayeux", "Bayeux meta replies do not echo the message id"},
	{BugBayeuxNo402, "bayeux", `unknown clients get successful:false without "402::" and without advice reconnect "handshake"`},
	{BugBayeuxUnsubscribeNoop, "bayeux", "/meta/unsubscribe is answered successfully but not carried out: the events keep coming"},
}
