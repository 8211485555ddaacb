package bayeux_test

import (
	"context"
	"encoding/json"
	"log"

	"github.com/chatconform/chatconform/conformance/bayeux"
)

// A session receiving GWS chat notifications until ctx is done.
func ExampleNew() {
	ctx := context.Background()
	c := bayeux.New("http://gws.example/api/v2/notifications", bayeux.WithBasicAuth("agent", "secret"))
	if err := c.Handshake(ctx); err != nil {
		log.Fatal(err)
	}
	defer c.Disconnect(ctx)
	if err := c.Subscribe(ctx, "/v2/me/chats"); err != nil {
		log.Fatal(err)
	}
	for m := range c.Listen(ctx) {
		var n struct{ MessageType, NotificationType string }
		_ = json.Unmarshal(m.Data, &n)
		log.Println(m.Channel, n.MessageType, n.NotificationType)
	}
	log.Println("stopped:", c.Err())
}

// A raw exchange for a protocol check: a connect with an unknown clientId must be answered
// with the id echoed and advice to handshake again.
func ExampleClient_Exchange() {
	ctx := context.Background()
	c := bayeux.New("http://gws.example/api/v2/notifications", bayeux.WithBasicAuth("agent", "secret"))
	msgs, resp, err := c.Exchange(ctx, "/connect", map[string]any{
		"id": "7", "channel": bayeux.MetaConnect, "clientId": "nobody", "connectionType": bayeux.LongPolling,
	})
	if err != nil {
		log.Fatal(err)
	}
	log.Println(resp.Header.Get("Content-Type"), msgs[0].ID, msgs[0].OK(), msgs[0].Reconnect(), msgs[0].Error)
}
