package acquire

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/chatconform/chatconform/mock/api"
)

// dateLayout is Acquire's `date_created`: YYYY-MM-DD HH:MM:SS, no zone [A1].
const dateLayout = "2006-01-02 15:04:05"

// zoneOf returns the location named by the `zone` header's offset, e.g.
// {"timezone":"Central/Alabama","offset":"-05:00"}; UTC when the header is absent or is not
// JSON with a ±HH:MM offset (a cosmetic header is never an error, REC 4).
func zoneOf(r *api.Request) *time.Location {
	raw := r.Header.Get("zone")
	if raw == "" {
		return time.UTC
	}
	var z struct {
		Offset string `json:"offset"`
	}
	if err := json.Unmarshal([]byte(raw), &z); err != nil {
		return time.UTC
	}
	secs, ok := parseOffset(z.Offset)
	if !ok {
		return time.UTC
	}
	return time.FixedZone(z.Offset, secs)
}

// parseOffset reads ±HH:MM (hours up to 14, minutes below 60) as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return 0, false
	}
	h, errH := strconv.Atoi(s[1:3])
	m, errM := strconv.Atoi(s[4:6])
	if errH != nil || errM != nil || h > 14 || m > 59 {
		return 0, false
	}
	secs := h*3600 + m*60
	if s[0] == '-' {
		secs = -secs
	}
	return secs, true
}

// date renders a time as Acquire does, in loc.
func date(t time.Time, loc *time.Location) string { return t.In(loc).Format(dateLayout) }

// intField returns an integer form field (the validator has checked its type and range),
// or def when it is absent.
func intField(r *api.Request, name string, def int64) (int64, error) {
	switch v := r.Field(name).(type) {
	case nil:
		return def, nil
	case int64:
		return v, nil
	case int:
		return int64(v), nil
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return 0, api.Errorf(api.KindInvalid, name, "%v is not an integer", v)
		}
		return int64(v), nil
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, api.Errorf(api.KindInvalid, name, "%q is not an integer", v.String())
		}
		return n, nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, api.Errorf(api.KindInvalid, name, "%q is not an integer", v)
		}
		return n, nil
	default:
		return 0, api.Errorf(api.KindInvalid, name, "%v is not an integer", v)
	}
}

// number parses an id the store keeps as a string but Acquire sends as an integer.
func number(what, s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, api.Internal(fmt.Errorf("acquire %s %q is not a positive integer", what, s))
	}
	return n, nil
}

// nullable returns nil for "", else a pointer to s, so empty values render as JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
