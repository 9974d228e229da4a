// Per-flow OPC UA state: UA TCP framing per direction, the channel's security policy (from the
// OpenSecureChannel), requests outstanding by request id (so that a ServiceFault names the
// service it answers), chunks continuing a message, and the events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "protocols/common/framer.h"
#include "protocols/common/session.h"
#include "protocols/opcua/decoder.h"

namespace otscope::opcua {

enum class FrameError : std::uint8_t { BadHeader };

/// UA TCP framing: 3 letters, a chunk type, a little-endian size counting the whole chunk.
struct UaFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = opcua::kHeaderSize;
  static constexpr std::size_t kMaxMessage = kMaxChunk;
  static Cut<Error> cut(Bytes bytes);
  static Hunt hunt(Bytes bytes);
  static constexpr std::optional<Error> kAfterGap = FrameError::BadHeader;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

class OpcuaSession final : public ProtocolSession {
 public:
  OpcuaSession(const FlowInfo& flow, EventSink& sink);
  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override;
  void on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) override;
  void on_close(const PacketMeta& meta) override;

 private:
  void report_skipped(Direction dir, const FramerRemainder<FrameError>& rest,
                      const PacketMeta& meta);
  void message(Direction dir, Bytes m, const PacketMeta& meta);
  void secure(Direction dir, const Header& h, Bytes after_header, const PacketMeta& meta);
  void service_facts(Direction dir, std::uint32_t id, Bytes service, const SecureHeader& sec,
                     MessageEvent& ev, const PacketMeta& meta);
  void describe(Direction dir, const ApplicationDescription& d, const char* source,
                const PacketMeta& meta);
  MessageRole role_by_direction(Direction dir) const;
  void malformed(Direction dir, const PacketMeta& meta, Error e, const std::string& where);

  const FlowInfo& flow_;
  EventSink& sink_;
  StreamFramer<UaFraming> framers_[2];
  /// The side that sent the Hello or a request (or the one not on port 4840).
  std::optional<Direction> client_dir_;
  /// The channel's security policy is None (bodies readable); unknown before an OPN is seen.
  std::optional<bool> plain_;
  /// A 'C' chunk came last in that direction: the next chunks continue its message.
  bool continuing_[2] = {false, false};
  std::unordered_map<std::uint32_t, std::uint32_t> pending_;  // request id -> request encoding id
};

}  // namespace otscope::opcua
