package actions

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
)

// picker is a filterable list: typing narrows it, next/previous move.
type picker struct {
	filter textinput.Model
	items  []pickItem
	shown  []int // indexes of items matching the filter
	cursor int   // index into shown
	offset int   // first shown row on screen
	moved  bool  // the cursor was moved by hand since the filter last changed
}

type pickItem struct {
	id     string // the manager's ID, raw
	label  string // cleaned for display
	detail string // cleaned for display
	match  string // lower-cased text the filter looks in
}

func (p *picker) setItems(items []pickItem) {
	p.items = items
	p.refilter()
}

// refilter keeps the items containing every word of the filter (case
// insensitive), keeping the cursor on the same item when it stays.
func (p *picker) refilter() {
	keep := ""
	if it, ok := p.selected(); ok {
		keep = it.id
	}
	words := strings.Fields(strings.ToLower(p.filter.Value()))
	p.shown = p.shown[:0]
	for i, it := range p.items {
		ok := true
		for _, w := range words {
			if !strings.Contains(it.match, w) {
				ok = false
				break
			}
		}
		if ok {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = 0
	p.selectID(keep)
}

func (p *picker) selectID(id string) {
	if id == "" {
		return
	}
	for i, idx := range p.shown {
		if p.items[idx].id == id {
			p.cursor = i
			return
		}
	}
}

// shownID is the shown item whose id is exactly id.
func (p *picker) shownID(id string) (pickItem, bool) {
	for _, idx := range p.shown {
		if p.items[idx].id == id {
			return p.items[idx], true
		}
	}
	return pickItem{}, false
}

func (p *picker) selected() (pickItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return pickItem{}, false
	}
	return p.items[p.shown[p.cursor]], true
}

func (p *picker) key(k keymap.KeyMap, msg tea.KeyPressMsg) {
	switch {
	case key.Matches(msg, k.DialogNext):
		if p.cursor < len(p.shown)-1 {
			p.cursor++
		}
		p.moved = true
	case key.Matches(msg, k.DialogPrev):
		if p.cursor > 0 {
			p.cursor--
		}
		p.moved = true
	default:
		before := p.filter.Value()
		p.filter, _ = p.filter.Update(msg)
		if p.filter.Value() != before {
			p.refilter()
			p.moved = false
		}
	}
}

// window returns the range of shown rows to draw in height rows, keeping
// the cursor visible.
func (p *picker) window(height int) (from, to int) {
	return scrollWindow(p.cursor, &p.offset, len(p.shown), height)
}

// scrollWindow returns the range of n rows to draw in height rows, moving
// *offset (the first row drawn) as little as needed to keep cursor visible.
func scrollWindow(cursor int, offset *int, n, height int) (from, to int) {
	if height < 1 {
		height = 1
	}
	if cursor < *offset {
		*offset = cursor
	}
	if cursor >= *offset+height {
		*offset = cursor - height + 1
	}
	if *offset > n-height {
		*offset = max(0, n-height)
	}
	return *offset, min(n, *offset+height)
}

// find returns the declared parameter called name.
func findParam(ps client.WorkflowParams, name string) (client.WorkflowParam, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return client.WorkflowParam{}, false
}
