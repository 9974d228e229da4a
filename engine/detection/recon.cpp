#include "engine/detection/recon.h"

#include <algorithm>

namespace otscope::detection {

namespace {

// As the detector's other tracking tables: cleared when they grow past this.
constexpr std::size_t kMaxTracked = 1 << 16;

}  // namespace

std::span<const IdentitySurvey::Target> IdentitySurvey::add(const IpAddress& client,
                                                            const IpAddress& server,
                                                            std::int64_t unit, std::int64_t ts_us,
                                                            std::int64_t window_us,
                                                            std::size_t threshold) {
  if (clients_.size() >= kMaxTracked && !clients_.contains(client)) clients_.clear();
  std::vector<Target>& targets = clients_[client];
  std::erase_if(targets, [&](const Target& t) { return t.last_us < ts_us - window_us; });
  auto it = std::find_if(targets.begin(), targets.end(),
                         [&](const Target& t) { return t.server == server && t.unit == unit; });
  if (it != targets.end()) {
    it->last_us = ts_us;
    return targets;
  }
  if (targets.size() >= std::max<std::size_t>(threshold, 1))
    targets.erase(
        std::min_element(targets.begin(), targets.end(),
                         [](const Target& a, const Target& b) { return a.last_us < b.last_us; }));
  targets.push_back(Target{server, unit, ts_us});
  return targets;
}

UnitSweep::Units* UnitSweep::find(std::uint64_t flow_id, const PathKey& pair, bool create) {
  Slot& slot = slots_[flow_id % kSlots];
  if (slot.generation == generation_ && slot.pair == pair) return slot.units;
  auto it = pairs_.find(pair);
  if (it == pairs_.end()) {
    if (!create) return nullptr;
    if (pairs_.size() >= kMaxTracked) {
      pairs_.clear();
      ++generation_;
    }
    it = pairs_.try_emplace(pair).first;
  }
  // Nodes of an unordered_map stay put until erased: the pointer is valid until the next clear(),
  // which starts a new generation.
  slot = Slot{pair, &it->second, generation_};
  return slot.units;
}

std::optional<UnitSweep::Sweep> UnitSweep::request(std::uint64_t flow_id, const PathKey& pair,
                                                   std::int64_t unit, std::int64_t ts_us,
                                                   std::int64_t window_us, std::size_t threshold) {
  Units& units = *find(flow_id, pair, true);
  auto it = std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.unit == unit; });
  if (it != units.end()) {
    if (it->last_us >= ts_us - window_us) {
      it->last_us = ts_us;
      return std::nullopt;
    }
    units.erase(it);  // asked again after the window: a new unit for this sweep
  }
  std::erase_if(units, [&](const Unit& u) { return u.last_us < ts_us - window_us; });
  if (units.size() >= std::max<std::size_t>(threshold, 1))
    units.erase(std::min_element(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
      return a.last_us < b.last_us;
    }));
  units.push_back(Unit{unit, ts_us, false});
  if (units.size() < threshold) return std::nullopt;
  Sweep sweep;
  sweep.units = units.size();
  sweep.silent = static_cast<std::size_t>(
      std::count_if(units.begin(), units.end() - 1, [](const Unit& u) { return !u.answered; }));
  return sweep;
}

void UnitSweep::answer(std::uint64_t flow_id, const PathKey& pair, std::int64_t unit,
                       bool reached) {
  if (!reached) return;
  Units* units = find(flow_id, pair, false);
  if (units == nullptr) return;
  auto it =
      std::find_if(units->begin(), units->end(), [&](const Unit& u) { return u.unit == unit; });
  if (it != units->end()) it->answered = true;
}

}  // namespace otscope::detection
