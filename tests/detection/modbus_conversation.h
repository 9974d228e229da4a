// Modbus/TCP conversations as bytes, through the real Modbus session, into a detector: the
// function classes, exception kinds and anomalies are the decoder's, not the test's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/detection/detector.h"
#include "protocols/modbus/session.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/modbus/recording_sink.h"

namespace otscope::test {

/// Hands a session's events to the detector, stamped with the time of the last bytes fed.
struct DetectorSink final : EventSink {
  detection::Detector& detector;
  PacketMeta meta;
  explicit DetectorSink(detection::Detector& d) : detector(d) {}
  void message(const FlowInfo& f, const PacketMeta&, const MessageEvent& ev) override {
    detector.on_message(f, meta, ev);
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent&) override {}
  void anomaly(const FlowInfo& f, const PacketMeta&, const AnomalyEvent& ev) override {
    detector.on_anomaly(f, meta, ev);
  }
};

/// One Modbus/TCP connection from `client` to `server`, fed ADUs as bytes.
class ModbusConversation {
 public:
  ModbusConversation(detection::Detector& d, const std::string& client, const std::string& server)
      : flow_(flow(client, server)), sink_(d), session_(flow_, sink_) {}
  /// `pdu` in hex to `unit` at `seconds`; `answer` (hex, empty: none) 10 ms later.
  void ask(double seconds, std::uint8_t unit, const std::string& pdu, const std::string& answer) {
    sink_.meta = at(seconds, ++frame_);
    session_.on_data(Direction::AtoB, modbus::test::adu(++tid_, unit, pdu), sink_.meta);
    if (answer.empty()) return;
    sink_.meta = at(seconds + 0.01, ++frame_);
    session_.on_data(Direction::BtoA, modbus::test::adu(tid_, unit, answer), sink_.meta);
  }
  /// Raw bytes from the client at `seconds` (a malformed ADU).
  void send_raw(double seconds, const std::vector<std::uint8_t>& bytes) {
    sink_.meta = at(seconds, ++frame_);
    session_.on_data(Direction::AtoB, bytes, sink_.meta);
  }
  /// The connection ends at `seconds`: what the session still holds is reported.
  void close(double seconds) {
    sink_.meta = at(seconds, ++frame_);
    session_.on_close(sink_.meta);
  }

 private:
  FlowInfo flow_;
  DetectorSink sink_;
  modbus::ModbusSession session_;
  std::uint16_t tid_ = 0;
  std::uint64_t frame_ = 0;
};

}  // namespace otscope::test
