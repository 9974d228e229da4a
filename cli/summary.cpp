#include "cli/summary.h"

#include <nlohmann/json.hpp>

#include "cli/format.h"

namespace otscope::cli {

using nlohmann::json;

SummaryCounts summary_counts(const AnalysisResult& r) {
  SummaryCounts c;
  c.assets = r.assets.size();
  c.links = r.links.size();
  c.operations = r.operations.size();
  c.identities = r.identities.size();
  for (const auto& a : r.anomalies) c.anomalies += a.count;
  return c;
}

json summary_json(const AnalysisResult& r) {
  return summary_json(r, summary_counts(r));
}

json summary_json(const AnalysisResult& r, const SummaryCounts& counts) {
  json protocols = json::object();
  for (const auto& [name, s] : r.protocols) {
    json functions = json::object();
    for (const auto& [code, n] : s.functions) functions[std::to_string(code)] = n;
    protocols[name] = {
        {"messages", s.messages}, {"functions", functions}, {"malformed", s.malformed}};
  }
  json captures = json::array();
  for (const auto& c : r.captures)
    captures.push_back({{"source", c.source},
                        {"packets", c.packets},
                        {"bytes", c.bytes},
                        {"first_packet", iso8601(c.first_packet_us)},
                        {"last_packet", iso8601(c.last_packet_us)},
                        {"undecodable", c.undecodable},
                        {"truncated", c.truncated}});
  const CaptureHealth& h = r.health;
  nlohmann::json targets = nlohmann::json::object();
  for (const auto& [ip, n] : h.one_packet_targets)
    targets[ip.is_unspecified() ? std::string("other") : ip.to_string()] = n;
  return {{"packets", r.packets},
          {"bytes", r.bytes},
          {"protocols", protocols},
          {"assets", counts.assets},
          {"links", counts.links},
          {"operations", counts.operations},
          {"identities", counts.identities},
          {"anomalies", counts.anomalies},
          {"alerts", r.alerts},
          {"captures", captures},
          {"health",
           {{"flows", h.flows_created},
            {"flows_evicted", h.flows_evicted},
            {"tcp_gaps", h.tcp_gaps},
            {"tcp_gap_bytes", h.tcp_gap_bytes},
            {"tcp_retransmitted_bytes", h.tcp_retransmitted_bytes},
            {"tcp_out_of_order_segments", h.tcp_out_of_order_segments},
            {"ip_fragments", h.ip_fragments},
            {"ip_reassembled", h.ip_reassembled},
            {"ip_fragments_dropped", h.ip_fragments_dropped},
            {"undecodable_frames", h.link_errors},
            {"bad_timestamps", h.bad_timestamps},
            {"assets_dropped", h.assets_dropped},
            {"one_packet_sources", h.one_packet_sources},
            {"one_packet_targets", targets},
            {"links_dropped", h.links_dropped},
            {"operations_dropped", h.operations_dropped},
            {"identities_dropped", h.identities_dropped},
            {"hostnames_dropped", h.hostnames_dropped},
            {"anomalies_dropped", h.anomalies_dropped},
            {"claims_dropped", h.claims_dropped}}}};
}

void write_summary(std::ostream& out, const AnalysisResult& r, double seconds,
                   const std::string& database) {
  write_summary(out, r, summary_counts(r), seconds, database);
}

void write_summary(std::ostream& out, const AnalysisResult& r, const SummaryCounts& counts,
                   double seconds, const std::string& database) {
  out << "otscope: " << r.captures.size() << (r.captures.size() == 1 ? " capture, " : " captures, ")
      << thousands(r.packets) << " packets, " << human_bytes(r.bytes);
  if (seconds > 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " in %.2f s", seconds);
    out << buf;
  }
  out << '\n';
  for (const auto& [name, s] : r.protocols) {
    if (s.messages == 0 && s.malformed == 0) continue;
    out << "  " << name << ": " << thousands(s.messages) << " messages, " << s.malformed
        << " malformed; functions";
    for (const auto& [code, n] : s.functions) out << ' ' << code << "x" << n;
    out << '\n';
  }
  out << "  " << counts.assets << " assets, " << counts.links << " links, " << counts.operations
      << " operations, " << counts.identities << " identity facts, " << counts.anomalies
      << " anomalies, " << r.alerts << " alerts\n";
  if (r.health.tcp_gaps || r.health.flows_evicted || r.health.link_errors)
    out << "  capture health: " << r.health.tcp_gaps << " TCP gaps ("
        << human_bytes(r.health.tcp_gap_bytes) << "), " << r.health.flows_evicted
        << " flows evicted, " << r.health.link_errors << " undecodable frames\n";
  if (r.health.bad_timestamps)
    out << "  capture health: " << r.health.bad_timestamps
        << " frames with an impossible timestamp (given the previous frame's time)\n";
  const CaptureHealth& h = r.health;
  if (h.one_packet_sources) {
    out << "  flood: " << h.one_packet_sources
        << " addresses seen in one packet each with no sign of life (a scan or spoofed sources), "
           "summarised, not kept as assets";
    const char* sep = "; seen with ";
    for (const auto& [ip, n] : h.one_packet_targets) {
      out << sep << (ip.is_unspecified() ? std::string("others") : ip.to_string()) << " (" << n
          << ")";
      sep = ", ";
    }
    out << '\n';
  }
  if (h.limit_drops() > h.one_packet_sources) {
    out << "  limits reached, not kept:";
    const char* sep = " ";
    auto part = [&](std::uint64_t n, const char* what) {
      if (n == 0) return;
      out << sep << n << ' ' << what;
      sep = ", ";
    };
    part(h.assets_dropped, "device endpoints");
    part(h.links_dropped, "links");
    part(h.operations_dropped, "operations");
    part(h.identities_dropped, "identity facts");
    part(h.hostnames_dropped, "host names");
    part(h.anomalies_dropped, "anomalies");
    part(h.claims_dropped, "address claims");
    out << '\n';
  }
  if (!database.empty()) out << "  database: " << database << '\n';
}

}  // namespace otscope::cli
