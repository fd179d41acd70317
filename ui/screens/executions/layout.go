package executions

import "github.com/cfytop/cfytop/ui/common"

// layout is where the list and the pane go in the body the shell gives the
// screen, computed from its size alone.
type layout struct {
	listW, listH int
	paneW, paneH int
	paneRight    bool
}

// WideWidth is the width from which the detail pane goes right of the list.
const WideWidth = 120

func computeLayout(w, h int, paneOpen bool) layout {
	l := layout{listW: w, listH: h}
	if !paneOpen {
		return l
	}
	if w >= WideWidth {
		l.paneRight = true
		l.paneW = max(w*2/5, 50)
		l.listW = w - l.paneW
		l.paneH = h
		return l
	}
	l.listH = max(h*2/5, 5)
	l.paneW, l.paneH = w, h-l.listH
	return l
}

// SetSize gives the screen the body's size.
func (m Model) SetSize(w, h int) common.Screen {
	m.width, m.height = w, h
	m.relayout()
	return m
}

// relayout sizes every child; called on resize and when the pane opens or
// closes.
func (m *Model) relayout() {
	if m.width <= 0 || m.height <= 0 {
		return
	}
	m.lay = computeLayout(m.width, m.height, m.paneOpen)
	if m.Zoomed() {
		m.lay = zoomLayout(m.lay, m.width, m.height)
	}
	m.list.SetSize(m.lay.listW, m.lay.listH)
	if m.paneOpen {
		m.pane.SetSize(m.lay.paneW, m.lay.paneH)
	}
	m.sizeFilterInput()
}
