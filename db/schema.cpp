// The schema, as an ordered list of forward migrations. The file's `PRAGMA user_version` says how
// many have been applied; Database::open applies the rest, each in its own transaction.
//
// Rule: a released step is never edited. A schema change (issue 6: identity history, asset roles;
// issue 7: alerts, baseline) appends {2, "...", "ALTER TABLE ...; CREATE TABLE ...;"} and so on.
#include <array>

#include "db/database.h"

namespace otscope {
namespace {

// Conventions: times are integer microseconds since the epoch (UTC), NULL when unknown; IPs are
// text as IpAddress::to_string() writes them; MACs "aa:bb:cc:dd:ee:ff", NULL when unknown.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE capture_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started INTEGER,
  finished INTEGER,
  first_packet INTEGER,
  last_packet INTEGER,
  packets INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  drops INTEGER NOT NULL DEFAULT 0,
  undecodable INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'complete', 'interrupted'))
) STRICT;

CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  mac TEXT UNIQUE,
  mac_vendor TEXT NOT NULL DEFAULT '',
  first_seen INTEGER,
  last_seen INTEGER,
  packets_sent INTEGER NOT NULL DEFAULT 0,
  bytes_sent INTEGER NOT NULL DEFAULT 0,
  packets_received INTEGER NOT NULL DEFAULT 0,
  bytes_received INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE asset_ips (
  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  ip TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  UNIQUE (asset_id, ip)
) STRICT;
CREATE INDEX asset_ips_by_ip ON asset_ips(ip);

CREATE TABLE asset_vlans (
  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  vlan INTEGER NOT NULL CHECK (vlan BETWEEN 0 AND 4095),
  UNIQUE (asset_id, vlan)
) STRICT;

CREATE TABLE links (
  id INTEGER PRIMARY KEY,
  client_ip TEXT NOT NULL,
  server_ip TEXT NOT NULL,
  client_mac TEXT,
  server_mac TEXT,
  transport TEXT NOT NULL CHECK (transport IN ('tcp', 'udp')),
  server_port INTEGER NOT NULL,
  protocol TEXT NOT NULL,
  flows INTEGER NOT NULL DEFAULT 0,
  packets INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  UNIQUE (client_ip, server_ip, transport, server_port, protocol)
) STRICT;
CREATE INDEX links_by_server ON links(server_ip);

CREATE TABLE protocol_stats (
  protocol TEXT PRIMARY KEY,
  messages INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE protocol_functions (
  protocol TEXT NOT NULL,
  function INTEGER NOT NULL,
  messages INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (protocol, function)
) WITHOUT ROWID, STRICT;

CREATE TABLE operations (
  id INTEGER PRIMARY KEY,
  protocol TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  server_ip TEXT NOT NULL,
  client_mac TEXT,
  server_mac TEXT,
  unit INTEGER NOT NULL,
  function INTEGER NOT NULL,
  function_name TEXT NOT NULL,
  op_class TEXT NOT NULL,
  detail TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  unsolicited INTEGER NOT NULL DEFAULT 0,
  exceptions INTEGER NOT NULL DEFAULT 0,
  exception_codes TEXT NOT NULL DEFAULT '{}',
  ranges TEXT NOT NULL DEFAULT '[]',
  first_seen INTEGER,
  last_seen INTEGER,
  UNIQUE (protocol, client_ip, server_ip, unit, function, detail)
) STRICT;
CREATE INDEX operations_by_client ON operations(client_ip);
CREATE INDEX operations_by_server ON operations(server_ip);

CREATE TABLE identities (
  id INTEGER PRIMARY KEY,
  ip TEXT NOT NULL,
  mac TEXT,
  protocol TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  source TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  frame INTEGER NOT NULL DEFAULT 0,
  capture_run_id INTEGER REFERENCES capture_runs(id) ON DELETE SET NULL,
  UNIQUE (ip, field, value)
) STRICT;
CREATE INDEX identities_by_run ON identities(capture_run_id);

CREATE TABLE anomalies (
  id INTEGER PRIMARY KEY,
  protocol TEXT NOT NULL,
  kind TEXT NOT NULL,
  src_ip TEXT NOT NULL,
  dst_ip TEXT NOT NULL,
  detail TEXT NOT NULL,
  malformed INTEGER NOT NULL DEFAULT 0 CHECK (malformed IN (0, 1)),
  count INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  first_frame INTEGER NOT NULL DEFAULT 0,
  capture_run_id INTEGER REFERENCES capture_runs(id) ON DELETE SET NULL,
  UNIQUE (protocol, kind, src_ip, dst_ip)
) STRICT;
CREATE INDEX anomalies_by_src ON anomalies(src_ip);
CREATE INDEX anomalies_by_dst ON anomalies(dst_ip);
CREATE INDEX anomalies_by_run ON anomalies(capture_run_id);
)sql";

// Issue 7: alerts (aggregated by rule, protocol, source and destination; at most one live alert
// per key, closed ones are history), their evidence, and the learned baseline.
constexpr std::string_view kSchemaAlertsBaseline = R"sql(
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  protocol TEXT NOT NULL,
  src_ip TEXT NOT NULL,
  dst_ip TEXT NOT NULL,
  src_mac TEXT,
  dst_mac TEXT,
  functions TEXT NOT NULL DEFAULT '[]',
  summary TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'closed')),
  facts TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE UNIQUE INDEX alerts_live_by_key ON alerts(rule, protocol, src_ip, dst_ip)
  WHERE state != 'closed';
CREATE INDEX alerts_by_first_seen ON alerts(first_seen);

CREATE TABLE alert_evidence (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  capture_run_id INTEGER REFERENCES capture_runs(id) ON DELETE SET NULL,
  capture TEXT NOT NULL,
  frame INTEGER NOT NULL,
  time INTEGER,
  summary TEXT NOT NULL
) STRICT;
CREATE INDEX alert_evidence_by_alert ON alert_evidence(alert_id);

CREATE TABLE baseline (
  protocol TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  server_ip TEXT NOT NULL,
  unit INTEGER NOT NULL,
  function INTEGER NOT NULL,
  function_name TEXT NOT NULL,
  ranges TEXT NOT NULL DEFAULT '[]',
  first_seen INTEGER,
  last_seen INTEGER,
  origin TEXT NOT NULL,
  PRIMARY KEY (protocol, client_ip, server_ip, unit, function)
) WITHOUT ROWID, STRICT;
)sql";

// Issue 6: the asset inventory. Routed devices keyed by IP remember the router MAC their frames
// carried; per-IP counters let a router's own addresses be told from the ones it forwards for;
// roles are refreshed after every merge; host names come from DHCP/DNS/NetBIOS; the change
// history keeps old and new identity values and IP<->MAC changes with their times.
constexpr std::string_view kSchemaInventory = R"sql(
ALTER TABLE assets ADD COLUMN via_mac TEXT;
ALTER TABLE assets ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN role_confidence REAL NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
CREATE INDEX assets_by_via_mac ON assets(via_mac);

ALTER TABLE asset_ips ADD COLUMN packets_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asset_ips ADD COLUMN bytes_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asset_ips ADD COLUMN packets_received INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asset_ips ADD COLUMN bytes_received INTEGER NOT NULL DEFAULT 0;

CREATE TABLE asset_names (
  id INTEGER PRIMARY KEY,
  ip TEXT NOT NULL DEFAULT '',
  mac TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  frame INTEGER NOT NULL DEFAULT 0,
  capture_run_id INTEGER REFERENCES capture_runs(id) ON DELETE SET NULL,
  UNIQUE (ip, mac, name, source)
) STRICT;
CREATE INDEX asset_names_by_mac ON asset_names(mac);

CREATE TABLE asset_history (
  id INTEGER PRIMARY KEY,
  ip TEXT NOT NULL,
  mac TEXT,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  old_last_seen INTEGER,
  source TEXT NOT NULL,
  frame INTEGER NOT NULL DEFAULT 0,
  capture_run_id INTEGER REFERENCES capture_runs(id) ON DELETE SET NULL,
  UNIQUE (ip, field, old_value, new_value, changed_at)
) STRICT;
CREATE INDEX asset_history_by_changed_at ON asset_history(changed_at);
)sql";

// What an auditor records about a device that the wire cannot tell; one row per asset that has
// any of it (Database::set_asset_audit). Removed with its asset.
constexpr std::string_view kSchemaAssetAudit = R"sql(
CREATE TABLE asset_audit (
  asset_id INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  criticality TEXT NOT NULL DEFAULT ''
    CHECK (criticality IN ('', 'low', 'medium', 'high', 'critical')),
  zone TEXT NOT NULL DEFAULT '',
  purdue_level TEXT NOT NULL DEFAULT ''
    CHECK (purdue_level IN ('', '0', '1', '2', '3', '3.5', '4', '5')),
  owner TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',
  updated INTEGER NOT NULL
) STRICT;
)sql";

// Public security advisories (CSAF 2.0), as model/advisory's compact JSON, with the vendors they
// name so that matching reads only the advisories of the vendors on the network.
constexpr std::string_view kSchemaAdvisories = R"sql(
CREATE TABLE advisories (
  id INTEGER PRIMARY KEY,
  tracking_id TEXT NOT NULL UNIQUE,
  version TEXT NOT NULL,
  title TEXT NOT NULL,
  max_cvss REAL,
  released INTEGER,
  updated INTEGER,
  imported INTEGER NOT NULL,
  document TEXT NOT NULL
) STRICT;

CREATE TABLE advisory_vendors (
  vendor TEXT NOT NULL,
  advisory_id INTEGER NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,
  PRIMARY KEY (vendor, advisory_id)
) STRICT, WITHOUT ROWID;
)sql";

// Where the user put the network map's nodes (db/map_store.h): one row per node key
// ("asset:<id>", "group:<grouping>:<value>"); an asset's row goes with its asset.
constexpr std::string_view kSchemaMapPositions = R"sql(
CREATE TABLE map_positions (
  node TEXT PRIMARY KEY,
  asset_id INTEGER REFERENCES assets(id) ON DELETE CASCADE,
  x REAL NOT NULL,
  y REAL NOT NULL,
  updated INTEGER NOT NULL
) STRICT;
CREATE INDEX map_positions_by_asset ON map_positions(asset_id);
)sql";

// Capture health per run, sampled while a live capture or a replay reads (db/dashboard.cpp), and
// the indexes the dashboard's queries search (db/dashboard.cpp): assets by role, first and last
// sighting and traffic, and the alerts by first sighting with their severity (the alerts over
// time are then read from the index alone).
constexpr std::string_view kSchemaCaptureHealth = R"sql(
CREATE TABLE capture_health (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES capture_runs(id) ON DELETE CASCADE,
  time INTEGER NOT NULL,
  packet_time INTEGER,
  packets INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  drops INTEGER NOT NULL DEFAULT 0,
  tcp_gaps INTEGER NOT NULL DEFAULT 0,
  tcp_gap_bytes INTEGER NOT NULL DEFAULT 0,
  out_of_order INTEGER NOT NULL DEFAULT 0,
  flows_evicted INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0,
  limit_drops INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX capture_health_by_run ON capture_health(run_id, time);
CREATE INDEX capture_health_by_time ON capture_health(time);
CREATE INDEX assets_by_role ON assets(role);
CREATE INDEX assets_by_first_seen ON assets(first_seen);
CREATE INDEX assets_by_last_seen ON assets(last_seen);
CREATE INDEX assets_by_traffic ON assets(bytes_sent + bytes_received);
DROP INDEX alerts_by_first_seen;
CREATE INDEX alerts_by_first_seen ON alerts(first_seen, severity);
)sql";

// Frame-exact evidence: the earlier segments of a reassembled message (alert_evidence.earlier,
// JSON as db/codec.h frames_to_json), and the packets a live capture kept for each alert's
// evidence (its per-flow rings): what `alerts export-pcap` writes when no capture file was saved.
constexpr std::string_view kSchemaEvidencePackets = R"sql(
ALTER TABLE alert_evidence ADD COLUMN earlier TEXT NOT NULL DEFAULT '[]';
CREATE TABLE alert_packets (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  capture TEXT NOT NULL,
  frame INTEGER NOT NULL,
  time INTEGER NOT NULL,
  linktype INTEGER NOT NULL,
  original_length INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (alert_id, capture, frame)
) STRICT, WITHOUT ROWID;
)sql";

// Issue 19: learned process values. Per point of a server (protocol, server, unit, address
// space, address): the range of the numbers written (min, max, last, the largest change between
// two writes) or the control operations used (JSON [{"code":3,"name":"LATCH_ON"}]), how many
// writes, when. Read with the baseline, exported with it, shown in `operations --json`.
constexpr std::string_view kSchemaBaselineValues = R"sql(
CREATE TABLE baseline_values (
  protocol TEXT NOT NULL,
  server_ip TEXT NOT NULL,
  unit INTEGER NOT NULL,
  space TEXT NOT NULL,
  address INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('number', 'operation')),
  min_value REAL,
  max_value REAL,
  last_value REAL,
  max_step REAL,
  operations TEXT NOT NULL DEFAULT '[]',
  count INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  origin TEXT NOT NULL,
  PRIMARY KEY (protocol, server_ip, unit, space, address)
) WITHOUT ROWID, STRICT;
)sql";

// Issue 21: link-layer protocols (PROFINET DCP and RT, GOOSE, LLDP) make links between MAC
// addresses with transport 'eth' (their server_port is the Ethernet type). SQLite cannot widen a
// CHECK in place: the table is rebuilt with the same rows and ids.
constexpr std::string_view kSchemaEthernetLinks = R"sql(
CREATE TABLE links_v10 (
  id INTEGER PRIMARY KEY,
  client_ip TEXT NOT NULL,
  server_ip TEXT NOT NULL,
  client_mac TEXT,
  server_mac TEXT,
  transport TEXT NOT NULL CHECK (transport IN ('tcp', 'udp', 'eth')),
  server_port INTEGER NOT NULL,
  protocol TEXT NOT NULL,
  flows INTEGER NOT NULL DEFAULT 0,
  packets INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER,
  last_seen INTEGER,
  UNIQUE (client_ip, server_ip, transport, server_port, protocol)
) STRICT;
INSERT INTO links_v10 SELECT id, client_ip, server_ip, client_mac, server_mac, transport,
  server_port, protocol, flows, packets, bytes, first_seen, last_seen FROM links;
DROP TABLE links;
ALTER TABLE links_v10 RENAME TO links;
CREATE INDEX links_by_server ON links(server_ip);
)sql";

// Issue 24: the indexes the statements use and no others (tests/db/query_plan_test.cpp checks
// both directions). Replacing an advisory's vendors searched advisory_vendors by advisory id,
// which its primary key (vendor first) cannot answer. No statement searched the anomalies by
// source or destination, the host names by MAC, nor the identities or anomalies by capture run
// (capture runs are never deleted), while every merge paid for keeping those indexes.
constexpr std::string_view kSchemaIndexesOfTheReaders = R"sql(
CREATE INDEX advisory_vendors_by_advisory ON advisory_vendors(advisory_id);
DROP INDEX anomalies_by_src;
DROP INDEX anomalies_by_dst;
DROP INDEX anomalies_by_run;
DROP INDEX identities_by_run;
DROP INDEX asset_names_by_mac;
)sql";

constexpr std::array kMigrations{
    Migration{1, "capture runs, assets, links, protocol stats, operations, identities, anomalies",
              kSchemaV1},
    Migration{2, "alerts, alert evidence, learned baseline", kSchemaAlertsBaseline},
    Migration{3, "asset inventory: routed assets, roles, host names, change history",
              kSchemaInventory},
    Migration{4,
              "auditor fields per asset: name, criticality, zone, Purdue level, owner, notes, "
              "tags",
              kSchemaAssetAudit},
    Migration{5, "public security advisories (CSAF 2.0) and the vendors they name",
              kSchemaAdvisories},
    Migration{6, "network map: node positions the user placed", kSchemaMapPositions},
    Migration{7, "capture health samples per run; indexes for the dashboard", kSchemaCaptureHealth},
    Migration{8, "frame-exact evidence: earlier segments; packets kept for live alerts",
              kSchemaEvidencePackets},
    Migration{9, "learned process values per point: range, last value, control operations",
              kSchemaBaselineValues},
    Migration{10, "links between MAC addresses of link-layer protocols (transport 'eth')",
              kSchemaEthernetLinks},
    Migration{11, "indexes: the advisories' vendors by advisory; drop the indexes no query uses",
              kSchemaIndexesOfTheReaders},
};

}  // namespace

std::span<const Migration> schema_migrations() {
  return kMigrations;
}

int current_schema_version() {
  return kMigrations.back().version;
}

}  // namespace otscope
