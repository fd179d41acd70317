package execlist

// Column is one column of the table.
type Column int

// The columns, in the order they appear from left to right.
const (
	ColID Column = iota
	ColWorkflow
	ColDeployment
	ColBlueprint
	ColStatus
	ColCreated
	ColDuration
	ColInStatus // time in the current status, live for active executions
	ColProgress
	ColCreator
	ColTenant
	numColumns
)

type colSpec struct {
	title string
	min   int  // narrowest useful width
	pref  int  // width it grows to before spare room goes elsewhere; 0 = fixed at min
	right bool // right-aligned (numbers)
}

var colSpecs = [numColumns]colSpec{
	ColID:         {title: "ID", min: 8},
	ColWorkflow:   {title: "WORKFLOW", min: 14, pref: 26},
	ColDeployment: {title: "DEPLOYMENT", min: 16, pref: 36},
	ColBlueprint:  {title: "BLUEPRINT", min: 12, pref: 26},
	ColStatus:     {title: "STATUS", min: 18},
	ColCreated:    {title: "CREATED", min: 8, right: true},
	ColDuration:   {title: "DURATION", min: 9, right: true},
	ColInStatus:   {title: "IN STATUS", min: 9, right: true},
	ColProgress:   {title: "PROGRESS", min: 9, right: true},
	ColCreator:    {title: "BY", min: 8, pref: 16},
	ColTenant:     {title: "TENANT", min: 14, pref: 20}, // default_tenant whole
}

// Priority is the order in which columns are kept as the terminal narrows:
// the first four are always shown; the rest are added while they fit.
var Priority = []Column{
	ColID, ColStatus, ColWorkflow, ColDeployment,
	ColCreated, ColDuration, ColInStatus, ColTenant, ColProgress, ColCreator, ColBlueprint,
}

// growOrder is who receives spare width up to pref (the deployment column
// then takes whatever is left).
var growOrder = []Column{ColDeployment, ColWorkflow, ColBlueprint, ColTenant, ColCreator}

const (
	markerWidth = 2 // "› "
	colGap      = 1
)

// layout is the visible columns with their widths for one terminal width.
type layout struct {
	width int
	cols  []Column
	w     [numColumns]int
}

// textFloor is how narrow WORKFLOW and DEPLOYMENT may get to make room for
// a wider time column, so that a change of time mode keeps every column.
const textFloor = 12

// computeLayout picks the columns that fit in width, in priority order, and
// shares the spare room. Widths come from the terminal and the time mode
// (createdW, the widest CREATED cell), never from the data, so the table
// does not jump when rows change. The columns are picked as for relative
// ages; a wider CREATED takes the spare room, then cells of WORKFLOW and
// DEPLOYMENT down to textFloor, which always make room enough: no column
// is dropped for a time mode (TestClockTimesKeepTheColumnsAtEveryWidth).
func computeLayout(width int, showTenant bool, createdW int) layout {
	l := layout{width: width}
	var on [numColumns]bool
	used := markerWidth
	n := 0
	for i, c := range Priority {
		if c == ColTenant && !showTenant {
			continue
		}
		need := colSpecs[c].min
		if n > 0 {
			need += colGap
		}
		if i >= 4 && used+need > width {
			continue
		}
		on[c] = true
		l.w[c] = colSpecs[c].min
		used += need
		n++
	}
	if extra := createdW - colSpecs[ColCreated].min; on[ColCreated] && extra > 0 {
		l.w[ColCreated] += extra
		used += extra
		for used > width {
			shrunk := false
			for _, c := range []Column{ColDeployment, ColWorkflow} {
				if used > width && l.w[c] > textFloor {
					l.w[c]--
					used--
					shrunk = true
				}
			}
			if !shrunk {
				break
			}
		}
	}
	spare := width - used
	// Share spare room one cell at a time among the text columns still under
	// their preferred width, so that none of them starves the others.
	for spare > 0 {
		grew := false
		for _, c := range growOrder {
			if spare > 0 && on[c] && l.w[c] < colSpecs[c].pref {
				l.w[c]++
				spare--
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	// Past their preferred widths the columns stop growing: very wide
	// names are cut, and the rest of a wide terminal stays blank rather
	// than making WORKFLOW 38 cells and DEPLOYMENT 49.
	// Below the width of the four kept columns, shrink the text columns so the
	// row still fits; the root shows a too-small notice well before this.
	for _, c := range []Column{ColDeployment, ColWorkflow} {
		if spare >= 0 {
			break
		}
		cut := min(-spare, l.w[c]-4)
		if cut > 0 {
			l.w[c] -= cut
			spare += cut
		}
	}
	for c := Column(0); c < numColumns; c++ {
		if on[c] {
			l.cols = append(l.cols, c)
		}
	}
	return l
}

// Columns returns the columns shown at the current size, left to right.
func (m Model) Columns() []Column {
	return append([]Column(nil), m.layout.cols...)
}

// String is the column's header title.
func (c Column) String() string {
	if c < 0 || c >= numColumns {
		return "?"
	}
	return colSpecs[c].title
}
