package superoffice

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"time"
)

// The carriers below render both ways: encoding/json gives the vendor's JSON (Go field
// names are the property names), encoding/xml the .NET DataContract XML the spec's xml names
// describe. Root and list item elements carry the DataContract namespace through their
// XMLName, set by the constructor of the response; nested elements inherit it.

// dataContractNS is the XML namespace of the WebAPI carriers.
const dataContractNS = "http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"

// serializationNS is the namespace of a serialized primitive (<string>).
const serializationNS = "http://schemas.microsoft.com/2003/10/Serialization/"

// dateTime is a DateTime field: ISO 8601 with an offset, milliseconds when there are any, and
// 0001-01-01T00:00:00Z for an unset value.
type dateTime struct{ t time.Time }

func timeIn(t time.Time, loc *time.Location) dateTime {
	if t.IsZero() || t.Year() <= 1 {
		return dateTime{}
	}
	return dateTime{t.In(loc)}
}

// MarshalText implements encoding.TextMarshaler (JSON string and XML text alike).
func (t dateTime) MarshalText() ([]byte, error) {
	if t.t.IsZero() {
		return []byte("0001-01-01T00:00:00Z"), nil
	}
	return []byte(t.t.Format("2006-01-02T15:04:05.999Z07:00")), nil
}

// chatMessage is the ChatMessage carrier.
type chatMessage struct {
	XMLName        xml.Name `json:"-"`
	ChatMessageId  int64
	ChatSessionId  int64
	Type           string
	Message        string
	Author         string
	ReadByCustomer int64
	SpecialType    string
	SpecialParam   string
	WhenPosted     dateTime
}

// messageList is an array of ChatMessage (XML: ArrayOfChatMessage).
type messageList struct {
	XMLName xml.Name      `json:"-"`
	Items   []chatMessage `xml:"ChatMessage"`
}

func newMessageList(items []chatMessage) messageList {
	for i := range items {
		items[i].XMLName = xml.Name{Space: dataContractNS, Local: "ChatMessage"}
	}
	return messageList{XMLName: xml.Name{Space: dataContractNS, Local: "ArrayOfChatMessage"}, Items: items}
}

// MarshalJSON renders the list as a JSON array.
func (l messageList) MarshalJSON() ([]byte, error) {
	if l.Items == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(l.Items)
}

// associate is a SuperOffice user (Associate).
type associate struct {
	AssociateId int64
	Name        string
	PersonId    int64
	Rank        int64
	Tooltip     string
	Type        string
	GroupIdx    int64
	FullName    string
	FormalName  string
	Deleted     bool
	EjUserId    int64
	UserName    string
}

// person is the customer person linked to a session.
type person struct {
	PersonId int64
	FullName string
}

// contact is the company linked to a session.
type contact struct {
	ContactId int64
	Name      string
}

// project is the project linked to a session.
type project struct {
	ProjectId int64
	Name      string
}

// sale is the sale linked to a session.
type sale struct {
	SaleId  int64
	Heading string
}

// ticket is the Service ticket linked to a session.
type ticket struct {
	TicketId int64
	Title    string
}

// tableRight is the caller's right on the session table.
type tableRight struct {
	Mask   string
	Reason string
}

// links are the hypermedia links of an entity.
type links struct {
	Self    string
	Archive string
}

// fieldProperties renders the (always empty) FieldProperties dictionary; XML omits it.
type fieldProperties struct{}

// MarshalJSON renders an empty object.
func (fieldProperties) MarshalJSON() ([]byte, error) { return []byte("{}"), nil }

// entity is the ChatSessionEntity carrier (ChatSessionEntityWithLinks when Links is set).
type entity struct {
	XMLName             xml.Name `json:"-"`
	ChatSessionId       int64
	TopicId             int64
	User                *associate
	Person              *person
	CustomerAlias       string
	CustomerHost        string
	CustomerName        string
	CustomerEmail       string
	CustomerPhone       string
	CustomerConsented   bool
	CustomerCompanyName string
	Status              string
	FirstMessage        string
	LastMessage         string
	WhenRequested       dateTime
	WhenStarted         dateTime
	WhenEnded           dateTime
	WhenIdle            dateTime
	WhenFetched         dateTime
	SessionKey          string
	InitialQueuePos     int64
	AlertLevel          int64
	Rank                int64
	Flags               string
	Contact             *contact
	Project             *project
	Sale                *sale
	Ticket              *ticket
	TransferTo          *associate
	ChatbotIsActive     bool
	Rating              int64
	TableRight          *tableRight
	FieldProperties     fieldProperties `xml:"-"`
	Links               *links          `json:"_Links,omitempty" xml:"_Links,omitempty"`
}

// root names the entity as a response root: with links, ChatSessionEntityWithLinks.
func (e entity) root() entity {
	name := "ChatSessionEntity"
	if e.Links != nil {
		name = "ChatSessionEntityWithLinks"
	}
	e.XMLName = xml.Name{Space: dataContractNS, Local: name}
	return e
}

// entityList is an array of ChatSessionEntity (XML: ArrayOfChatSessionEntity).
type entityList struct {
	XMLName xml.Name `json:"-"`
	Items   []entity `xml:"ChatSessionEntity"`
}

func newEntityList(items []entity) entityList {
	for i := range items {
		items[i].XMLName = xml.Name{Space: dataContractNS, Local: "ChatSessionEntity"}
	}
	return entityList{XMLName: xml.Name{Space: dataContractNS, Local: "ArrayOfChatSessionEntity"}, Items: items}
}

// MarshalJSON renders the list as a JSON array.
func (l entityList) MarshalJSON() ([]byte, error) {
	if l.Items == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(l.Items)
}

// nullEntity is the null a pickup answers when there was nothing to pick up.
type nullEntity struct{}

// MarshalJSON renders null.
func (nullEntity) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// MarshalXML renders <ChatSessionEntity i:nil="true"/>.
func (nullEntity) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	start := xml.StartElement{Name: xml.Name{Local: "ChatSessionEntity"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns:i"}, Value: "http://www.w3.org/2001/XMLSchema-instance"},
		{Name: xml.Name{Local: "i:nil"}, Value: "true"},
	}}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	return e.EncodeToken(start.End())
}

// transcriptText is a string response (XML: <string>).
type transcriptText struct {
	XMLName xml.Name `json:"-"`
	Text    string   `xml:",chardata"`
}

func newTranscript(s string) transcriptText {
	return transcriptText{XMLName: xml.Name{Space: serializationNS, Local: "string"}, Text: s}
}

// MarshalJSON renders a JSON string.
func (t transcriptText) MarshalJSON() ([]byte, error) { return json.Marshal(t.Text) }

// errorBody is the error envelope.
type errorBody struct {
	XMLName xml.Name `json:"-" xml:"Error"`
	Message string
}

// odataPage is one page of the OData list.
type odataPage struct {
	XMLName  xml.Name `json:"-" xml:"ODataSlimResponse"`
	Metadata string   `json:"odata.metadata" xml:"odata.metadata"`
	NextLink string   `json:"odata.nextLink,omitempty" xml:"odata.nextLink,omitempty"`
	Value    []row    `json:"value" xml:"Row"`
}

// row is one archive row: PrimaryKey, EntityName and the selected columns, in order.
type row struct {
	key  int64
	cols []cell
}

type cell struct {
	name  string
	value any // int64, string or bool
}

// MarshalJSON renders the row as an object with its columns in order.
func (r row) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"PrimaryKey":`)
	b.WriteString(jsonInt(r.key))
	b.WriteString(`,"EntityName":"chat"`)
	for _, c := range r.cols {
		name, _ := json.Marshal(c.name)
		value, err := json.Marshal(c.value)
		if err != nil {
			return nil, err
		}
		b.WriteByte(',')
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalXML renders <Row> with one element per column.
func (r row) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Name = xml.Name{Local: "Row"}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeElement(r.key, xml.StartElement{Name: xml.Name{Local: "PrimaryKey"}}); err != nil {
		return err
	}
	if err := e.EncodeElement("chat", xml.StartElement{Name: xml.Name{Local: "EntityName"}}); err != nil {
		return err
	}
	for _, c := range r.cols {
		if err := e.EncodeElement(c.value, xml.StartElement{Name: xml.Name{Local: c.name}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
