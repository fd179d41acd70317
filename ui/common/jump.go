package common

// ShowExecutionMsg asks the shell to go back to the executions list and show
// one execution there: selected in the list (once the list has it) and open
// in the detail pane. Tenant is the execution's tenant when it is known and
// may differ from the connection's (a view of every tenant).
type ShowExecutionMsg struct {
	ID     string
	Tenant string
}
