package ui

// layout is where everything goes, computed from the window size alone.
type layout struct {
	tooSmall     bool
	bodyH        int // rows between the header and the footer
	listW, listH int
	paneW, paneH int
	paneRight    bool
}

const (
	headerRows = 2
	footerRows = 2
)

func computeLayout(w, h int, paneOpen bool) layout {
	l := layout{tooSmall: w < MinWidth || h < MinHeight}
	if l.tooSmall {
		return l
	}
	l.bodyH = h - headerRows - footerRows
	l.listW, l.listH = w, l.bodyH
	if !paneOpen {
		return l
	}
	if w >= WideWidth {
		l.paneRight = true
		l.paneW = max(w*2/5, 50)
		l.listW = w - l.paneW
		l.paneH = l.bodyH
		return l
	}
	l.listH = max(l.bodyH*2/5, 5)
	l.paneW, l.paneH = w, l.bodyH-l.listH
	return l
}

func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	a.relayout()
}

// relayout sizes every child; called on resize and when the pane opens or
// closes.
func (a *App) relayout() {
	a.lay = computeLayout(a.width, a.height, a.paneOpen)
	if a.lay.tooSmall {
		return
	}
	a.list.SetSize(a.lay.listW, a.lay.listH)
	if a.paneOpen {
		a.pane.SetSize(a.lay.paneW, a.lay.paneH)
	}
	a.sizeFilterInput()
	a.help.SetWidth(a.width)
	a.actions.SetSize(a.width, a.lay.bodyH)
	a.cache.top = a.topLine()
	a.cache.help = fit(a.shortHelp(), a.width)
	a.cache.dialogHelp = fit(a.styles.Muted.Render("a dialog is open: its keys are shown in it; "+
		a.keys.DialogClose.Help().Key+" backs out"), a.width)
}

// renderCache holds the lines that change only with the size.
type renderCache struct{ top, help, dialogHelp string }
