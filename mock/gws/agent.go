package gws

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// principal returns the authenticated agent.
func principal(r *api.Request) (fixtures.Agent, error) {
	ag, found := r.Principal.(fixtures.Agent)
	if !found {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "HTTP Basic credentials are required")
	}
	return ag, nil
}

// agentChat reads the path's chat for the agent: chats the agent has never been offered or
// joined are not found, so agents never learn of other agents' chats.
func (a *Adapter) agentChatFor(r *api.Request) (fixtures.Agent, store.Key, error) {
	ag, err := principal(r)
	if err != nil {
		return ag, store.Key{}, err
	}
	return ag, store.Key{Vendor: Vendor, Tenant: ag.Tenant, ID: r.Path("chatId")}, nil
}

func (a *Adapter) listAgentChats(w http.ResponseWriter, r *api.Request) error {
	ag, err := principal(r)
	if err != nil {
		return err
	}
	chats := a.store().List(store.Filter{Vendor: Vendor, Tenant: ag.Tenant, Match: func(c *store.Chat) bool {
		state, _, visible := agentView(c, ag.ID)
		if state == agentInvited && a.bugs.Has(api.BugGWSListHidesOffered) {
			return false // only joined chats are listed
		}
		return visible
	}})
	out := make([]agentChat, 0, len(chats))
	for i := range chats {
		out = append(out, a.renderAgentChat(baseURL(r.Request), &chats[i], ag.ID))
	}
	return api.JSON(w, http.StatusOK, struct {
		Chats      []agentChat `json:"chats"`
		StatusCode int         `json:"statusCode"`
	}{out, 0})
}

func (a *Adapter) getAgentChat(w http.ResponseWriter, r *api.Request) error {
	ag, key, err := a.agentChatFor(r)
	if err != nil {
		return err
	}
	c, err := a.store().Get(key)
	if err != nil {
		return notFound(err, key.ID)
	}
	if _, _, visible := agentView(&c, ag.ID); !visible {
		return api.Errorf(api.KindNotFound, "path chatId", "chat %s not found", key.ID)
	}
	return api.JSON(w, http.StatusOK, struct {
		Chat       agentChat `json:"chat"`
		StatusCode int       `json:"statusCode"`
	}{a.renderAgentChat(baseURL(r.Request), &c, ag.ID), 0})
}

func (a *Adapter) getAgentMessages(w http.ResponseWriter, r *api.Request) error {
	ag, key, err := a.agentChatFor(r)
	if err != nil {
		return err
	}
	q := store.Query{}
	if s := r.Query("startIndex"); s != "" {
		n, _ := strconv.Atoi(s)
		q.FromIndex = a.fromIndex(key, n)
	}
	if s := r.Query("count"); s != "" {
		q.Limit, _ = strconv.Atoi(s)
	}
	limit, streams := q.Limit, a.streams()
	if streams {
		q.Limit = pageSize
		if limit > 0 {
			q.Limit = min(pageSize, limit)
		}
	}
	gen := a.store().Generation()
	c, err := a.store().Read(key, q)
	if err != nil {
		return notFound(err, key.ID)
	}
	if _, _, visible := agentView(&c, ag.ID); !visible {
		return api.Errorf(api.KindNotFound, "path chatId", "chat %s not found", key.ID)
	}
	if streams {
		return a.streamMessages(w, key, q, limit, c, gen, true)
	}
	return api.JSON(w, http.StatusOK, struct {
		Messages   []wireMessage `json:"messages"`
		StatusCode int           `json:"statusCode"`
	}{a.renderMessages(&c, c.Events, true), 0})
}

func (a *Adapter) agentOperation(w http.ResponseWriter, r *api.Request) error {
	ag, key, err := a.agentChatFor(r)
	if err != nil {
		return err
	}
	op := agentOp{
		Name: r.String("operationName"), Text: r.String("text"), Nickname: r.String("nickname"),
		NoticeText: r.String("noticeText"), MessageType: r.String("messageType"), TreatAs: r.String("treatAs"),
		TargetURI: r.String("targetUri"), QueueName: r.String("queueName"),
	}
	if m, isMap := r.Field("userData").(map[string]any); isMap {
		op.UserData = make(map[string]string, len(m))
		for k, v := range m {
			op.UserData[k], _ = v.(string)
		}
	}
	_, _, err = a.update(key, func(tx *store.Tx) error {
		tx.Ref(r.Ref)
		return a.agentAct(tx, ag, op)
	})
	if err != nil {
		a.notifyError(key, ag, r.Ref, err)
		return notFound(err, key.ID)
	}
	return api.JSON(w, http.StatusOK, ok{})
}

// agentOp is one agent operation's parameters.
type agentOp struct {
	Name, Text, Nickname, NoticeText, MessageType, TreatAs, TargetURI, QueueName string
	UserData                                                                     map[string]string
}

// agentAct checks the operation against the agent's capabilities and applies it.
func (a *Adapter) agentAct(tx *store.Tx, ag fixtures.Agent, op agentOp) error {
	state, caps, visible := agentView(&tx.C, ag.ID)
	if !visible {
		return api.Errorf(api.KindNotFound, "path chatId", "chat %s not found", tx.C.Key.ID)
	}
	if !slices.Contains(caps, op.Name) {
		return api.Errorf(api.KindWrongState, "body operationName", "%s is not valid for the chat in state %s", op.Name, state)
	}
	me, _ := tx.C.AgentByRef(ag.ID)
	switch op.Name {
	case "Accept":
		nick := op.Nickname
		if nick == "" || a.bugs.Has(api.BugGWSAcceptIgnoresNickname) {
			nick = ag.Nickname
		}
		if me.ID == "" {
			me.ID = tx.AddParticipant(store.Participant{Role: store.RoleAgent, Ref: ag.ID, Name: ag.Name, Nickname: nick})
		} else {
			tx.SetPresent(me.ID, true)
		}
		tx.C.OfferedTo = ""
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: me.ID})
		if !a.bugs.Has(api.BugGWSAcceptKeepsWaiting) {
			tx.SetState(store.StateChatting)
		}
	case "Reject":
		tx.C.Declined = append(tx.C.Declined, ag.ID)
		a.offer(tx, ag.ID)
	case "SendMessage":
		tx.Append(store.EventSpec{Kind: store.KindText, From: me.ID, Text: op.Text})
	case "SendStartTypingNotification":
		tx.Append(store.EventSpec{Kind: store.KindTypingStarted, From: me.ID, Text: op.Text})
	case "SendStopTypingNotification":
		tx.Append(store.EventSpec{Kind: store.KindTypingStopped, From: me.ID})
	case "SendStartTypingToAgentsNotification":
		seen := store.VisibleAgents
		if a.bugs.Has(api.BugGWSAgentTypingVisible) {
			seen = store.VisibleAll
		}
		tx.Append(store.EventSpec{Kind: store.KindTypingStarted, From: me.ID, Visibility: seen})
	case "SendCustomNoticeToAgents":
		tx.Append(store.EventSpec{Kind: store.KindCustomNotice, From: me.ID, Text: op.NoticeText, Visibility: store.VisibleAgents})
	case "SendNicknameUpdatedNotice":
		if !a.bugs.Has(api.BugGWSNicknameNoticeDropped) {
			tx.Append(store.EventSpec{Kind: store.KindNicknameUpdated, From: me.ID, Text: op.NoticeText})
		}
	case "UpdateUserData":
		for k, v := range op.UserData {
			tx.C.UserData[k] = v
		}
		tx.Note("properties")
	case "Complete":
		if a.bugs.Has(api.BugGWSAgentCompleteNoop) {
			break // answered, not carried out
		}
		a.parting(tx, me.ID, op)
		tx.C.OfferedTo = ""
		tx.SetState(store.StateCompleted)
	case "Leave":
		a.parting(tx, me.ID, op)
		a.afterAgentGone(tx, ag.ID)
	case "Transfer":
		target, err := a.transferTarget(tx, ag, op)
		if err != nil {
			return err
		}
		a.parting(tx, me.ID, op)
		tx.C.Declined = append(tx.C.Declined, ag.ID)
		tx.C.OfferedTo = target
		tx.Note("offer")
		if len(tx.C.PresentAgents()) == 0 {
			tx.SetState(store.StateWaiting)
		}
	}
	return nil
}

// parting appends the agent's last words (if any) and its leaving.
func (a *Adapter) parting(tx *store.Tx, me string, op agentOp) {
	if op.Text != "" {
		kind := store.KindText
		if op.MessageType == "Notice" || op.TreatAs == "System" {
			kind = store.KindNotice
		}
		tx.Append(store.EventSpec{Kind: kind, From: me, Text: op.Text})
	}
	tx.Append(store.EventSpec{Kind: store.KindLeft, From: me})
	tx.SetPresent(me, false)
}

// afterAgentGone decides what a chat becomes when an agent leaves: with the customer still
// there and no agent left, it waits for (and is offered to) another agent; with the
// customer gone, it is completed.
func (a *Adapter) afterAgentGone(tx *store.Tx, agentID string) {
	if len(tx.C.PresentAgents()) > 0 {
		return
	}
	if v, _ := tx.C.Visitor(); v.Present {
		tx.SetState(store.StateWaiting)
		tx.C.Declined = append(tx.C.Declined, agentID)
		a.offer(tx, agentID)
		return
	}
	tx.SetState(store.StateCompleted)
}

// transferTarget resolves Transfer's targetUri (…/users/{id}) or queueName to an agent.
func (a *Adapter) transferTarget(tx *store.Tx, ag fixtures.Agent, op agentOp) (string, error) {
	if op.TargetURI != "" {
		id := op.TargetURI[strings.LastIndex(op.TargetURI, "/")+1:]
		a.mu.RLock()
		target, found := a.byID[id]
		a.mu.RUnlock()
		if !found || target.Tenant != ag.Tenant {
			return "", api.Errorf(api.KindNotFound, "body targetUri", "no agent %q in this contact center", id)
		}
		if target.ID == ag.ID {
			return "", api.Errorf(api.KindInvalid, "body targetUri", "cannot transfer a chat to oneself")
		}
		return target.ID, nil
	}
	c := tx.C
	c.Queue = op.QueueName
	if next, found := a.route(&c, ag.ID); found {
		return next.ID, nil
	}
	return "", api.Errorf(api.KindNotFound, "body queueName", "no available agent in queue %q", op.QueueName)
}
