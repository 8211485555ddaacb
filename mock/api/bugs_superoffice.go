package api

// The planted bugs of the SuperOffice ChatSession API.
const (
	BugSOAfterInclusive       Bug = "so-after-inclusive"
	BugSODescending           Bug = "so-descending"
	BugSOIgnoreAccept         Bug = "so-ignore-accept"
	BugSONoAuth               Bug = "so-no-auth"
	BugSOSessionIDNotForced   Bug = "so-session-id-not-forced"
	BugSOOnsiteRefusesBasic   Bug = "so-onsite-refuses-basic"
	BugSOTicketPrefixStripped Bug = "so-ticket-prefix-stripped"
	BugSONoBearer             Bug = "so-no-bearer"
	BugSOIgnoreXSRF           Bug = "so-ignore-xsrf"
	BugSOAnyBearer            Bug = "so-any-bearer"
	BugSOOnlineAcceptsBasic   Bug = "so-online-accepts-basic"
	BugSOSkipFirst            Bug = "so-skip-first"
	BugSOAfterByPosition      Bug = "so-after-by-position"
	BugSOCreate201            Bug = "so-create-201"
	BugSOUnknownSessionNull   Bug = "so-unknown-session-null"
	BugSODeleteNoop           Bug = "so-delete-noop"
	BugSOMergePatchResets     Bug = "so-merge-patch-resets"
	BugSODefaultAsID          Bug = "so-default-as-id"
	BugSOUnknownSessionNoMsgs Bug = "so-unknown-session-no-messages"
	BugSOInvalidTypeStored    Bug = "so-invalid-type-stored"
	BugSOPostNextID           Bug = "so-post-next-id"
	BugSOClientMessageID      Bug = "so-client-message-id"
	BugSONoWhenPosted         Bug = "so-no-when-posted"
	BugSOJSONAsTextJSON       Bug = "so-json-as-text-json"
	BugSONoAcceptPlain        Bug = "so-no-accept-plain"
	BugSOXMLBodyUnsupported   Bug = "so-xml-body-unsupported"
	BugSOMediaErrors400       Bug = "so-media-errors-400"
	BugSOPickupNoop           Bug = "so-pickup-noop"
	BugSOTranscriptDropsLast  Bug = "so-transcript-drops-last"
)

var superofficeBugs = []BugInfo{
	{BugSOAfterInclusive, "superoffice", "GET Messages?after=N includes the message with id N"},
	{BugSODescending, "superoffice", "GET Messages returns messages in descending ChatMessageId order"},
	{BugSOIgnoreAccept, "superoffice", "responses are JSON even when Accept asks for XML only"},
	{BugSONoAuth, "superoffice", "requests without credentials are served (as the tenant's first associate)"},
	{BugSOSessionIDNotForced, "superoffice", "POST Messages answers with the body's ChatSessionId instead of the path's"},
	{BugSOOnsiteRefusesBasic, "superoffice", "an onsite installation refuses Authorization: Basic, as Online does"},
	{BugSOTicketPrefixStripped, "superoffice", `SOTicket credentials are looked up without their "7T:" prefix, so no ticket is accepted`},
	{BugSONoBearer, "superoffice", "Authorization: Bearer is not supported: every access token is refused"},
	{BugSOIgnoreXSRF, "superoffice", "X-XSRF-TOKEN is ignored: a request with it and no Authorization is refused"},
	{BugSOAnyBearer, "superoffice", "any Bearer token is accepted (as the tenant's first associate): tokens are not verified"},
	{BugSOOnlineAcceptsBasic, "superoffice", "SuperOffice Online accepts Authorization: Basic with an associate's password"},
	{BugSOSkipFirst, "superoffice", "GET Messages without after leaves out the session's first message"},
	{BugSOAfterByPosition, "superoffice", "after=N looks message N up in the session: an id the session lacks returns every message"},
	{BugSOCreate201, "superoffice", "POST ChatSession answers 201 Created instead of 200"},
	{BugSOUnknownSessionNull, "superoffice", "GET ChatSession/{id} of an unknown id answers 200 with null instead of 404"},
	{BugSODeleteNoop, "superoffice", "DELETE ChatSession/{id} answers 204 but deletes nothing"},
	{BugSOMergePatchResets, "superoffice", "a merge patch resets the Customer fields it does not name (the customer is replaced whole)"},
	{BugSODefaultAsID, "superoffice", "GET ChatSession/default takes default for an id and answers 400"},
	{BugSOUnknownSessionNoMsgs, "superoffice", "GET Messages of an unknown session answers 200 [] instead of 404"},
	{BugSOInvalidTypeStored, "superoffice", "POST Messages with Type Invalid is stored (200) instead of refused with 400"},
	{BugSOPostNextID, "superoffice", "POST Messages answers ChatMessageId one above the stored message's"},
	{BugSOClientMessageID, "superoffice", "POST Messages answers with the ChatMessageId the body sends instead of the server's"},
	{BugSONoWhenPosted, "superoffice", "POST Messages without WhenPosted answers WhenPosted 0001-01-01T00:00:00Z"},
	{BugSOJSONAsTextJSON, "superoffice", "JSON responses are labelled text/json, also when Accept asks for application/json"},
	{BugSONoAcceptPlain, "superoffice", "a response to a request without Accept is labelled text/plain"},
	{BugSOXMLBodyUnsupported, "superoffice", "POST Messages refuses an XML body with 415: only JSON is read"},
	{BugSOPickupNoop, "superoffice", "POST ChatSession/{id}/Pickup answers the session and leaves it in the queue"},
	{BugSOTranscriptDropsLast, "superoffice", "the transcript (POST ChatSession/{id}/Transcript) leaves out the session's last message"},
	{BugSOMediaErrors400, "superoffice", "an unacceptable Accept (406) or body media type (415) answers 400 instead"},
}
