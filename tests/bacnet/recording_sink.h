// An EventSink that keeps what a session reports, for the session tests of these folders.
#pragma once

#include <string>
#include <vector>

#include "protocols/common/events.h"

namespace otscope::test {

struct RecordingSink final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    identities.push_back(ev);
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
  }
  /// The value of the last identity fact `field`, empty when none.
  std::string identity_value(const std::string& field) const {
    std::string v;
    for (const IdentityEvent& id : identities)
      if (id.field == field) v = id.value;
    return v;
  }
};

}  // namespace otscope::test
