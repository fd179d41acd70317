package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// excerptLen is how much of a non-JSON body an error quotes.
const excerptLen = 120

var (
	errTooLarge = errors.New("answer too large")
	errEmpty    = errors.New("empty answer")
)

// capReader reads at most max bytes and fails with errTooLarge beyond them
// instead of reading without limit. It remembers a read error of the
// underlying body so that a broken connection is not taken for bad JSON.
type capReader struct {
	r    io.Reader
	max  int64
	read int64
	over bool
	err  error
}

func (l *capReader) Read(p []byte) (int, error) {
	if l.over {
		return 0, errTooLarge
	}
	if room := l.max + 1 - l.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	if err != nil && err != io.EOF {
		l.err = err
	}
	if l.read > l.max {
		l.over = true
		return n - int(l.read-l.max), errTooLarge
	}
	return n, err
}

// decodeBody streams a successful answer into decode, refusing non-JSON
// pages and bodies larger than the limit.
func (c *Client) decodeBody(ctx, actx context.Context, r *request, resp *http.Response, decode bodyDecoder) *Error {
	if resp.ContentLength > c.maxBody {
		cr := &capReader{over: true}
		return c.decodeError(ctx, actx, r, cr, errTooLarge)
	}
	cr := &capReader{r: resp.Body, max: c.maxBody}
	// Look at the first bytes: an HTML login page or a plain-text answer
	// must not end up as a JSON syntax error.
	var headBuf [512]byte
	head := headBuf[:0]
	var first byte
	found := false
	for !found && len(head) < cap(head) {
		n, err := cr.Read(headBuf[len(head):cap(head)])
		if n > 0 {
			if b, ok := firstNonSpace(headBuf[len(head) : len(head)+n]); ok {
				first, found = b, true
			}
			head = headBuf[:len(head)+n]
		}
		if err != nil {
			if err == io.EOF {
				break
			}
			return c.decodeError(ctx, actx, r, cr, err)
		}
	}
	if !found && len(head) < cap(head) {
		return c.decodeError(ctx, actx, r, cr, errEmpty)
	}
	if found && !isJSONStart(first) {
		rest, _ := io.ReadAll(io.LimitReader(cr, c.maxErrBody))
		page := append(append([]byte(nil), head...), rest...)
		e := c.newError(r)
		e.Kind = KindUndecodable
		e.page = pageKind(resp.Header.Get("Content-Type"), page)
		e.Message = c.redact(excerpt(page, excerptLen))
		e.hint = "a proxy or a login page may be in the way; is this the address of a Cloudify Manager?"
		return e
	}
	body := io.MultiReader(bytes.NewReader(head), cr)
	if decode.whole != nil {
		buf := c.bodyBuffer()
		defer c.releaseBodyBuffer(buf)
		if resp.ContentLength > 0 {
			buf.Grow(int(resp.ContentLength) + bytes.MinRead)
		}
		if _, err := buf.ReadFrom(body); err != nil {
			return c.decodeError(ctx, actx, r, cr, err)
		}
		if err := decode.whole(buf.Bytes()); err != nil {
			return c.decodeError(ctx, actx, r, cr, err)
		}
		return nil
	}
	if err := decode.stream(json.NewDecoder(body)); err != nil {
		return c.decodeError(ctx, actx, r, cr, err)
	}
	return nil
}

// maxPooledBuffer keeps an exceptional answer's buffer from being kept.
const maxPooledBuffer = 16 << 20

// bodyBuffers is how many body buffers a client keeps between requests
// (the dashboard's list and active polls run side by side).
const bodyBuffers = 2

// bodyBuffer is a buffer for a whole-body decoder, recycled between
// requests. The client keeps its own (not a sync.Pool, which every garbage
// collection empties): --once reads hundreds of pages of unknown length
// (chunked), and a buffer rebuilt for each would be regrown by doubling
// each time, about twice the page in garbage. Whole-body decoders copy what
// they keep, never holding on to the buffer.
func (c *Client) bodyBuffer() *bytes.Buffer {
	select {
	case b := <-c.bufs:
		return b
	default:
		return new(bytes.Buffer)
	}
}

func (c *Client) releaseBodyBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	select {
	case c.bufs <- b:
	default:
	}
}

// decodeList reads the manager's list envelope
// {"metadata":{"pagination":{...}},"items":[...]} item by item, so that the
// decoder never holds more than one item's bytes. With skip set, an item
// that is valid JSON but cannot be read into T is left out and passed to
// skip with its index; without it, it fails the whole list.
func decodeList[T any](d *json.Decoder, pg *Pagination, items *[]T, skip func(index int, err error)) error {
	if err := expectDelim(d, '{', "a JSON object with metadata and items"); err != nil {
		return err
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		switch key {
		case "metadata":
			var m struct {
				Pagination *Pagination `json:"pagination"`
			}
			if err := d.Decode(&m); err != nil {
				return fmt.Errorf("metadata: %w", err)
			}
			if m.Pagination != nil {
				*pg = *m.Pagination
			}
		case "items":
			t, err := d.Token()
			if err != nil {
				return err
			}
			if t == nil {
				continue
			}
			if dl, ok := t.(json.Delim); !ok || dl != '[' {
				return fmt.Errorf("items is %s, not a list", tokenWords(t))
			}
			if *items == nil {
				*items = make([]T, 0, sizeHint(pg))
			}
			for index := 0; d.More(); index++ {
				var zero T
				*items = append(*items, zero)
				i := len(*items) - 1
				if err := d.Decode(&(*items)[i]); err != nil {
					if skip == nil || !readable(err) {
						return &itemError{index: index, err: err}
					}
					// The decoder has read past the whole item: go on.
					*items = (*items)[:i]
					skip(index, err)
				}
			}
			if _, err := d.Token(); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return err
			}
		}
	}
	_, err := d.Token()
	return err
}

// readable reports whether err leaves the rest of the JSON readable: a
// value of the wrong type or shape, not broken JSON or a broken connection.
func readable(err error) bool {
	var syn *json.SyntaxError
	return !errors.As(err, &syn) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) &&
		!errors.Is(err, errTooLarge)
}

// sizeHint guesses the number of items from the pagination seen before them.
func sizeHint(pg *Pagination) int {
	n := pg.Total - pg.Offset
	if pg.Size > 0 && pg.Size < n {
		n = pg.Size
	}
	if n < 0 {
		return 0
	}
	return min(n, 100_000)
}

func expectDelim(d *json.Decoder, want json.Delim, what string) error {
	t, err := d.Token()
	if err != nil {
		return err
	}
	if dl, ok := t.(json.Delim); !ok || dl != want {
		return fmt.Errorf("expected %s, got %s", what, tokenWords(t))
	}
	return nil
}

func tokenWords(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		switch v {
		case '[':
			return "a list"
		case '{':
			return "an object"
		}
		return "a stray " + v.String()
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "something else"
}

func firstNonSpace(b []byte) (byte, bool) {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, true
	}
	return 0, false
}

func isJSONStart(c byte) bool {
	switch c {
	case '{', '[', '"', '-', 't', 'f', 'n':
		return true
	}
	return c >= '0' && c <= '9'
}

func pageKind(contentType string, b []byte) string {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "html") || looksHTML(b) {
		return "an HTML page"
	}
	return "a text page"
}

func looksHTML(b []byte) bool {
	first, ok := firstNonSpace(b)
	if !ok || first != '<' {
		return false
	}
	lower := bytes.ToLower(b[:min(len(b), 1024)])
	return bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype")) ||
		bytes.Contains(lower, []byte("<head")) || bytes.Contains(lower, []byte("<body")) ||
		bytes.Contains(lower, []byte("<title")) || bytes.Contains(lower, []byte("<h1"))
}

// excerpt is a short, clean quote of a non-JSON body: tags, scripts and
// styles dropped, entities decoded, control characters removed, whitespace
// collapsed, cut to max runes.
func excerpt(b []byte, max int) string {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if first, ok := firstNonSpace(b); ok && first == '<' || looksHTML(b) || strings.Contains(s, "</") {
		s = stripTags(s)
		s = html.UnescapeString(s)
	}
	return sanitize(s, max)
}

// stripTags removes HTML tags, comments, and the content of script and
// style elements.
func stripTags(s string) string {
	var b strings.Builder
	lower := strings.ToLower(s)
	for i := 0; i < len(s); {
		if s[i] != '<' {
			b.WriteByte(s[i])
			i++
			continue
		}
		rest := lower[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest, "-->")
			if end < 0 {
				return b.String()
			}
			i += end + 3
			b.WriteByte(' ')
			continue
		case strings.HasPrefix(rest, "<script"), strings.HasPrefix(rest, "<style"):
			name := "</script"
			if strings.HasPrefix(rest, "<style") {
				name = "</style"
			}
			end := strings.Index(rest, name)
			if end < 0 {
				return b.String()
			}
			i += end
			gt := strings.IndexByte(lower[i:], '>')
			if gt < 0 {
				return b.String()
			}
			i += gt + 1
			b.WriteByte(' ')
			continue
		}
		// A tag starts with a letter, '/', '!' or '?'; anything else is text.
		if i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!' || s[i+1] == '?') {
			gt := strings.IndexByte(s[i:], '>')
			if gt < 0 {
				return b.String()
			}
			i += gt + 1
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// sanitize removes control and formatting characters (escape sequences
// included), collapses whitespace and cuts s to max runes with an ellipsis.
func sanitize(s string, max int) string {
	var b strings.Builder
	b.Grow(min(len(s), max*4))
	space := false
	n := 0
	esc := 0 // 1 after ESC, 2 inside a CSI sequence, 3 inside an OSC/DCS string
	for _, r := range s {
		switch esc {
		case 1:
			switch r {
			case '[':
				esc = 2
			case ']', 'P', '_', '^', 'X':
				esc = 3
			default:
				esc = 0
			}
			continue
		case 2:
			if r >= 0x40 && r <= 0x7e {
				esc = 0
			}
			continue
		case 3:
			switch r {
			case 0x07, 0x9c:
				esc = 0
			case 0x1b: // ESC \ ends the string; the backslash is skipped next
				esc = 1
			}
			continue
		}
		if r == 0x1b {
			esc = 1
			continue
		}
		if r == 0x9b { // C1 CSI
			esc = 2
			continue
		}
		if r == utf8.RuneError {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			if unicode.IsSpace(r) && b.Len() > 0 {
				space = true
			}
			continue
		}
		if unicode.Is(unicode.Cf, r) { // bidi overrides, zero-width characters
			continue
		}
		if n >= max {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
			if n >= max {
				b.WriteString("…")
				return b.String()
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
