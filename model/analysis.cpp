#include "model/analysis.h"

#include <algorithm>

#include "model/roles.h"

namespace otscope {

std::string AnalysisResult::identity(const IpAddress& ip, const std::string& field) const {
  for (const auto& id : identities)
    if (id.ip == ip && id.field == field) return id.value;
  return {};
}

std::vector<const OperationRecord*> AnalysisResult::find_operations(Protocol p,
                                                                    std::int64_t function) const {
  std::vector<const OperationRecord*> out;
  for (const auto& op : operations)
    if (op.protocol == p && (function < 0 || op.function == static_cast<std::uint32_t>(function)))
      out.push_back(&op);
  return out;
}

std::uint64_t AnalysisResult::anomaly_count(const std::string& kind) const {
  std::uint64_t n = 0;
  for (const auto& a : anomalies)
    if (a.kind == kind) n += a.count;
  return n;
}

const AssetRecord* AnalysisResult::asset_for(const IpAddress& ip) const {
  const std::size_t i = AssetResolver(assets).find(ip);
  return i == AssetResolver::npos ? nullptr : &assets[i];
}

std::vector<const ChangeRecord*> AnalysisResult::changes_for(const IpAddress& ip) const {
  std::vector<const ChangeRecord*> out;
  for (const ChangeRecord& c : changes)
    if (c.ip == ip) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](const ChangeRecord* a, const ChangeRecord* b) {
    return a->changed_us < b->changed_us;
  });
  return out;
}

}  // namespace otscope
