// One publisher's GOOSE or Sampled Values frames to one destination: decoded, counted, and the
// state and sequence numbers of each GOOSE control block followed.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "protocols/common/session.h"
#include "protocols/goose/pdu.h"

namespace otscope::goose {

class GooseSession final : public ProtocolSession {
 public:
  GooseSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}
  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction, std::size_t, const PacketMeta&) override {}
  void on_close(const PacketMeta&) override {}
  Protocol claimed_as() const override;

  /// Control blocks followed per flow; past this a new one replaces the table.
  static constexpr std::size_t kMaxControlBlocks = 256;

 private:
  void goose(Direction dir, Bytes frame, const PacketMeta& meta);
  void sv(Direction dir, Bytes frame, const PacketMeta& meta);
  void identity(Protocol p, Direction dir, std::string field, std::string value,
                const PacketMeta& meta);
  /// Checks the message against the last one of its control block; returns the rule it breaks.
  const CommandRule* sequence_check(Direction dir, const GoosePdu& pdu, const PacketMeta& meta,
                                    std::string& why);

  struct BlockState {
    std::uint64_t st_num = 0, sq_num = 0, t = 0;
    std::uint64_t conf_rev = 0;
  };
  const FlowInfo& flow_;
  EventSink& sink_;
  bool sampled_values_ = false;
  std::unordered_map<std::string, BlockState> blocks_;
};

}  // namespace otscope::goose
