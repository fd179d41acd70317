package simulator

import (
	"fmt"
	"strings"
)

// The manager version the simulator claims.
const (
	simVersion      = "7.1.0"
	simEdition      = "community"
	simDistribution = "cfytop-simulator"
	simRelease      = "1"
)

var routeVersion = route{methods: "GET", auth: true, maintOpen: true}

func init() {
	routeVersion.handler = func(*request) (int, []byte, *apiError) { return 200, versionBody(), nil }
}

func versionBody() []byte {
	return []byte(fmt.Sprintf(`{"edition": %q, "version": %q, "build": null, "date": null, "commit": null, "distribution": %q, "distro_release": %q}`,
		simEdition, simVersion, simDistribution, simRelease))
}

func (s *Simulator) routeFor(parts []string) *route {
	if rt := s.groupRoute(parts); rt != nil {
		return rt
	}
	switch len(parts) {
	case 1:
		switch parts[0] {
		case "executions":
			// the v2 class behind /api/v3 has no DELETE
			return &route{methods: "GET POST", v31methods: "DELETE", auth: true, tenant: true, handler: s.executionsRoot}
		case "events":
			return &route{methods: "GET POST", auth: true, tenant: true, handler: s.eventsRoot}
		case "deployments":
			return &route{methods: "GET", auth: true, tenant: true, handler: s.listDeployments}
		case "tenants":
			return &route{methods: "GET", auth: true, handler: s.listTenants}
		case "tokens":
			return &route{methods: "GET POST", auth: true, handler: s.tokensRoot}
		case "tasks_graphs":
			return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.listGraphs}
		case "operations":
			return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.listOperations}
		case "workflows":
			return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.listWorkflows}
		case "version":
			return &routeVersion
		case "ok":
			return &route{methods: "GET", v31only: true, maintOpen: true, handler: func(*request) (int, []byte, *apiError) {
				return 200, []byte(`"OK"`), nil
			}}
		case "status":
			return &route{methods: "GET", auth: true, v31only: true, maintOpen: true, handler: s.status}
		case "managers":
			return &route{methods: "GET", auth: true, v31only: true, handler: s.managers}
		case "brokers":
			return &route{methods: "GET", auth: true, v31only: true, handler: s.brokers}
		case "db-nodes":
			return &route{methods: "GET", auth: true, v31only: true, handler: s.dbNodes}
		case "user":
			return &route{methods: "GET", auth: true, handler: s.currentUser}
		case "maintenance":
			return &route{methods: "GET", auth: true, maintOpen: true, handler: s.maintenanceState}
		}
	case 2:
		switch {
		case parts[0] == "executions":
			return &route{methods: "GET POST PATCH", auth: true, tenant: true, handler: s.executionByID}
		case parts[0] == "deployments":
			return &route{methods: "GET", auth: true, tenant: true, handler: s.getDeployment}
		case parts[0] == "operations":
			return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.getOperation}
		case parts[0] == "tokens":
			return &route{methods: "GET DELETE", auth: true, handler: s.tokenByID}
		case parts[0] == "summary" && parts[1] == "executions":
			return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.summaryExecutions}
		case parts[0] == "provider" && parts[1] == "context":
			return &route{methods: "GET", auth: true, handler: s.providerContext}
		}
	}
	return nil
}

func listEnvelope(b []byte, total, size, offset int, items func([]byte) []byte) []byte {
	b = fmt.Appendf(b, `{"metadata": {"pagination": {"total": %d, "size": %d, "offset": %d}, "filtered": null}, "items": [`, total, size, offset)
	b = items(b)
	return append(b, "]}"...)
}

func (s *Simulator) listTenants(req *request) (int, []byte, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	req.rows = len(s.tenants)
	b := listEnvelope(nil, len(s.tenants), 1000, 0, func(b []byte) []byte {
		for i, t := range s.tenants {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, `{"name": `...)
			b = appendJSONString(b, t)
			b = append(b, `, "groups": 0, "users": 1, "user_roles": null, "rabbitmq_username": null, "rabbitmq_password": null, "rabbitmq_vhost": null}`...)
		}
		return b
	})
	return 200, b, nil
}

func (s *Simulator) status(req *request) (int, []byte, *apiError) {
	if v, ok := req.q.last("summary"); ok && strings.EqualFold(v, "true") {
		return 200, []byte(`{"status": "OK", "services": {}}`), nil
	}
	names := []string{"Webserver", "Management Worker", "Manager Rest-Service", "Cloudify API",
		"Cloudify Execution Scheduler", "Cloudify Console", "AMQP-Postgres", "PostgreSQL", "RabbitMQ"}
	b := []byte(`{"status": "OK", "services": {`)
	for i, n := range names {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, n)
		b = append(b, `: {"status": "Active", "is_remote": false, "extra_info": {}}`...)
	}
	return 200, append(b, "}}"...), nil
}

func (s *Simulator) providerContext(*request) (int, []byte, *apiError) {
	return 200, []byte(`{"id": "CONTEXT", "name": "provider", "context": {"cloudify": {"cloudify_agent": {}, "workflows": {"task_retries": 60, "task_retry_interval": 15}}}}`), nil
}

func (s *Simulator) managers(req *request) (int, []byte, *apiError) {
	req.rows = 1
	b := listEnvelope(nil, 1, 1000, 0, func(b []byte) []byte {
		b = append(b, `{"id": 1, "hostname": "cfytop-simulator", "private_ip": "127.0.0.1", "public_ip": "127.0.0.1", `...)
		b = fmt.Appendf(b, `"version": %q, "edition": %q, "distribution": %q, "distro_release": %q, `, simVersion, simEdition, simDistribution, simRelease)
		b = append(b, `"fs_sync_node_id": "", "networks": {"default": "127.0.0.1"}, "last_seen": `...)
		b = appendTime(b, s.nowMs())
		return append(b, `, "status_report_frequency": null, "ca_cert_content": null}`...)
	})
	return 200, b, nil
}

func (s *Simulator) brokers(req *request) (int, []byte, *apiError) {
	req.rows = 1
	b := listEnvelope(nil, 1, 1000, 0, func(b []byte) []byte {
		return append(b, `{"name": "cfytop-simulator", "host": "127.0.0.1", "management_host": "127.0.0.1", "port": 5671, "username": null, "password": null, "params": null, "networks": {"default": "127.0.0.1"}, "is_external": false, "ca_cert_content": null}`...)
	})
	return 200, b, nil
}

func (s *Simulator) dbNodes(req *request) (int, []byte, *apiError) {
	req.rows = 1
	b := listEnvelope(nil, 1, 1000, 0, func(b []byte) []byte {
		return append(b, `{"name": "cfytop-simulator", "host": "127.0.0.1", "is_external": false}`...)
	})
	return 200, b, nil
}

func (s *Simulator) currentUser(req *request) (int, []byte, *apiError) {
	b := []byte(`{"username": `)
	b = appendJSONString(b, req.user)
	s.mu.RLock()
	n := len(s.tenants)
	s.mu.RUnlock()
	b = fmt.Appendf(b, `, "role": "sys_admin", "tenants": %d, "tenant_roles": null, "groups": 0, "active": true, "is_locked": false, "last_login_at": null, "first_login_at": null, "show_getting_started": false}`, n)
	return 200, b, nil
}

func (s *Simulator) maintenanceState(*request) (int, []byte, *apiError) {
	st := "deactivated"
	if s.maintenance() {
		st = "activated"
	}
	return 200, []byte(`{"status": "` + st + `", "activated_at": null, "activation_requested_at": null, "remaining_executions": null, "requested_by": null}`), nil
}
