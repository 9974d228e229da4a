#include "protocols/common/events.h"

namespace otscope {

std::string MessageEvent::summary_text() const {
  return summary_source != nullptr ? summary_source->summary() : summary;
}

MessageEvent MessageEvent::detached() const {
  MessageEvent copy = *this;
  copy.summary = summary_text();
  copy.summary_source = nullptr;
  return copy;
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Low:
      return "low";
    case Severity::Medium:
      return "medium";
    case Severity::High:
      return "high";
    case Severity::Critical:
      return "critical";
  }
  return "low";
}

std::optional<Severity> severity_from_name(std::string_view name) {
  for (Severity s : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    if (severity_name(s) == name) return s;
  return std::nullopt;
}

std::string_view op_class_name(OpClass c) {
  switch (c) {
    case OpClass::Read:
      return "read";
    case OpClass::Write:
      return "write";
    case OpClass::Control:
      return "control";
    case OpClass::Diagnostic:
      return "diagnostic";
    case OpClass::Identification:
      return "identification";
    case OpClass::Program:
      return "program";
    case OpClass::File:
      return "file";
    case OpClass::Time:
      return "time";
    case OpClass::Authentication:
      return "authentication";
    case OpClass::Configuration:
      return "configuration";
    case OpClass::Restart:
      return "restart";
    case OpClass::ModeChange:
      return "mode_change";
    case OpClass::Session:
      return "session";
    case OpClass::Unsolicited:
      return "unsolicited";
    case OpClass::Other:
      return "other";
  }
  return "other";
}

std::string_view message_role_name(MessageRole r) {
  switch (r) {
    case MessageRole::Request:
      return "request";
    case MessageRole::Response:
      return "response";
    case MessageRole::Unsolicited:
      return "unsolicited";
  }
  return "request";
}

}  // namespace otscope
