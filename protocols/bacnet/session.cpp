#include "protocols/bacnet/session.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "protocols/bacnet/bacnet.h"
#include "protocols/bacnet/codes.h"

namespace otscope::bacnet {
namespace {

constexpr std::uint32_t kWildcardInstance = 4194303;
constexpr std::size_t kMaxDetails = 512;

// BACnetErrorClass (clause 21).
constexpr std::array<std::string_view, 8> kErrorClasses = {
    "device", "object", "property", "resources", "security", "services", "vt", "communication"};
constexpr std::uint32_t kErrorClassObject = 1, kErrorClassProperty = 2;
constexpr std::uint32_t kUnknownObject = 31, kUnknownProperty = 32;
constexpr std::uint8_t kRejectUnrecognizedService = 9;

std::string object_text(const ObjectId& o) {
  const std::string_view name = object_type_name(o.type);
  return (name.empty() ? "object-type-" + std::to_string(o.type) : std::string(name)) + "," +
         std::to_string(o.instance);
}

SpaceName object_space(const ObjectId& o) {
  const std::string_view name = object_type_name(o.type);
  return name.empty() ? SpaceName("type-" + std::to_string(o.type)) : SpaceName(name);
}

std::string property_text(std::uint32_t property) {
  const std::string_view name = property_name(property);
  return name.empty() ? "property-" + std::to_string(property) : std::string(name);
}

void add_object_range(MessageEvent& ev, const ObjectId& o) {
  const AddressRange r{object_space(o), o.instance, 1};
  if (std::find(ev.ranges.begin(), ev.ranges.end(), r) == ev.ranges.end()) ev.ranges.push_back(r);
}

// Object and properties of a list of property references, for the detail.
std::string properties_detail(const std::vector<PropertyValue>& list) {
  std::string out;
  std::size_t n = 0;
  for (const PropertyValue& p : list) {
    if (n++ == 4) {
      out += ", ...";
      break;
    }
    if (!out.empty()) out += ", ";
    out += object_text(p.object) + " " + property_text(p.property);
  }
  return out;
}

void add_written(MessageEvent& ev, const PropertyValue& p) {
  if (p.property != kPropPresentValue || ev.values.size() >= MessageEvent::kMaxWrittenValues)
    return;
  const std::optional<double> v = p.value.number();
  if (!v) return;  // NULL relinquishes the command: no value is set
  WrittenValue w;
  w.space = object_space(p.object);
  w.address = p.object.instance;
  w.value = *v;
  ev.values.push_back(w);
}

}  // namespace

BacnetSession::BacnetSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  for (auto& dir : pending_) dir.fill(-1);
}

void BacnetSession::malformed(Direction dir, const PacketMeta& meta, Error e,
                              const std::string& where) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "bacnet." + std::string(error_name(e)),
                 where + ": " + std::string(error_name(e)), true);
}

void BacnetSession::identity(Direction dir, const PacketMeta& meta, std::string field,
                             std::string value, const std::string& source) {
  if (value.empty()) return;
  IdentityEvent id;
  id.protocol = kProtocol;
  id.dir = dir;
  id.about_sender = true;
  id.field = std::move(field);
  id.value = std::move(value);
  id.source = source;
  sink_.identity(flow_, meta, id);
}

void BacnetSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  Bvlc bvlc;
  if (const Error e = decode_bvlc(data, bvlc); e != Error::None)
    return malformed(dir, meta, e, "BVLC header");
  if (!bvlc.npdu) {
    const std::uint32_t function = kBvlcBase | bvlc.function;
    const CodeName* code = find_function(function);
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    ev.function = function;
    ev.function_key = function;
    ev.function_name = code != nullptr ? code->name : "BVLC-Unknown";
    ev.op = code != nullptr ? code->op : OpClass::Other;
    ev.role = code != nullptr ? code->role : MessageRole::Request;
    ev.undefined_function = code == nullptr;
    if (bvlc.function == kBvlcResult && data.size() >= 6) {
      const std::uint32_t result = static_cast<std::uint32_t>(data[4] << 8 | data[5]);
      if (result != 0) {  // a NAK of a BVLL request
        ev.exception = true;
        ev.exception_code = result;
        ev.exception_name = "BVLC NAK";
        ev.exception_kind = ExceptionKind::Other;
      }
    }
    ev.summary = std::string(message_role_name(ev.role)) + " BVLC " + std::string(ev.function_name);
    sink_.message(flow_, meta, ev);
    return;
  }
  Npdu npdu;
  if (const Error e = decode_npdu(*bvlc.npdu, npdu); e != Error::None)
    return malformed(dir, meta, e, "NPDU");
  if (npdu.network_message) {
    const std::uint32_t function = kNetworkBase | npdu.message_type;
    const CodeName* code = find_function(function);
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    ev.function = function;
    ev.function_key = function;
    ev.function_name = code != nullptr ? code->name : "Network-Message-Unknown";
    ev.op = code != nullptr ? code->op : OpClass::Other;
    ev.role = code != nullptr ? code->role : MessageRole::Request;
    ev.undefined_function = code == nullptr && npdu.message_type < 0x80;
    ev.summary =
        std::string(message_role_name(ev.role)) + " network " + std::string(ev.function_name);
    sink_.message(flow_, meta, ev);
    return;
  }
  Apdu a;
  if (const Error e = decode_apdu(npdu.payload, a); e != Error::None)
    return malformed(dir, meta, e, "APDU");
  apdu(dir, a, meta);
}

void BacnetSession::apdu(Direction dir, const Apdu& a, const PacketMeta& meta) {
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  const int d = static_cast<int>(dir), back = static_cast<int>(reverse(dir));
  std::uint32_t function = 0;
  const std::int16_t pending_service = pending_[back][a.invoke_id];
  switch (a.type) {
    case kConfirmedRequest:
      function = *a.service;
      ev.role = MessageRole::Request;
      pending_[d][a.invoke_id] = *a.service;
      break;
    case kUnconfirmedRequest:
      function = kUnconfirmedBase | *a.service;
      ev.role = MessageRole::Request;
      break;
    case kSimpleAck:
    case kComplexAck:
    case kError:
      function = *a.service;
      ev.role = MessageRole::Response;
      if (!a.more_follows) pending_[back][a.invoke_id] = -1;
      break;
    default: {  // SegmentACK, Reject, Abort: the service of the request they answer
      const std::int16_t s = pending_[back][a.invoke_id];
      function = s >= 0 ? static_cast<std::uint32_t>(s) : kPduBase | a.type;
      ev.role = MessageRole::Response;
      if (a.type != kSegmentAck) pending_[back][a.invoke_id] = -1;
      break;
    }
  }
  const CodeName* code = find_function(function);
  ev.function = function;
  ev.function_key = function;
  ev.function_name = code != nullptr ? code->name : "unknown-service";
  ev.op = code != nullptr ? code->op : OpClass::Other;
  if (a.type == kUnconfirmedRequest && code != nullptr) ev.role = code->role;
  if (a.type == kConfirmedRequest && code != nullptr && code->role == MessageRole::Unsolicited)
    ev.role = MessageRole::Unsolicited;  // confirmed notifications come from the device
  const bool request = a.type == kConfirmedRequest || a.type == kUnconfirmedRequest;
  ev.undefined_function = request && code == nullptr;
  if (a.type == kReject || a.type == kAbort) {
    ev.exception = true;
    ev.exception_code = a.reason;
    ev.exception_name = a.type == kReject ? "reject" : "abort";
    ev.exception_kind = a.type == kReject && a.reason == kRejectUnrecognizedService
                            ? ExceptionKind::UnsupportedFunction
                            : ExceptionKind::Other;
  }
  // A segmented message's body is cut: only whole ones are read. `detail` (the operation's
  // sub-kind: a reinitialize or communication-control state) goes to the answer too; the
  // objects and properties go to the summary (`note_`) and the ranges.
  note_.clear();
  if (a.segmented) {
    note_ = "segment " + std::to_string(a.sequence);
  } else if (request) {
    request_facts(a, ev, meta);
  } else {
    response_facts(dir, a, ev, meta);
  }
  const auto key = [&](int side) { return static_cast<std::uint16_t>(side << 8 | a.invoke_id); };
  if (a.type == kConfirmedRequest) {
    if (ev.detail.empty()) {
      details_.erase(key(d));
    } else {
      if (details_.size() >= kMaxDetails) details_.clear();
      details_[key(d)] = ev.detail;
    }
  } else if (a.type != kUnconfirmedRequest) {
    const auto it = details_.find(key(back));
    if (it != details_.end() && ev.function == static_cast<std::uint32_t>(pending_service)) {
      ev.detail = it->second;
      if (a.type != kSegmentAck && !a.more_follows) details_.erase(it);
    }
  }
  ev.summary = std::string(message_role_name(ev.role)) + " " + std::string(ev.function_name);
  if (a.type != kUnconfirmedRequest) ev.summary += " [" + std::to_string(a.invoke_id) + "]";
  if (!ev.detail.empty()) ev.summary += " " + ev.detail;
  if (!note_.empty()) ev.summary += " " + note_;
  if (ev.exception)
    ev.summary +=
        " (" + std::string(ev.exception_name) + " " + std::to_string(ev.exception_code) + ")";
  sink_.message(flow_, meta, ev);
}

void BacnetSession::request_facts(const Apdu& a, MessageEvent& ev, const PacketMeta& meta) {
  const Direction dir = ev.dir;
  if (a.type == kUnconfirmedRequest) {
    if (*a.service == kIAm) {
      IAm iam;
      if (const Error e = decode_i_am(a.body, iam); e != Error::None)
        return malformed(dir, meta, e, "I-Am");
      note_ = object_text(iam.device);
      const std::string source = "bacnet i-am";
      identity(dir, meta, "bacnet_device", std::to_string(iam.device.instance), source);
      identity(dir, meta, "vendor_id", std::to_string(iam.vendor_id), source);
      identity(dir, meta, "vendor", std::string(vendor_name(iam.vendor_id)), source);
      identity(dir, meta, "max_apdu", std::to_string(iam.max_apdu), source);
      const std::string_view seg = segmentation_name(iam.segmentation);
      identity(dir, meta, "segmentation",
               seg.empty() ? std::to_string(iam.segmentation) : std::string(seg), source);
    }
    return;
  }
  switch (*a.service) {
    case kReadProperty: {
      PropertyValue p;
      if (const Error e = decode_read_property(a.body, p); e != Error::None)
        return malformed(dir, meta, e, "readProperty request");
      add_object_range(ev, p.object);
      note_ = object_text(p.object) + " " + property_text(p.property);
      return;
    }
    case kReadPropertyMultiple: {
      std::vector<PropertyValue> list;
      if (const Error e = decode_read_property_multiple(a.body, list); e != Error::None)
        return malformed(dir, meta, e, "readPropertyMultiple request");
      for (const PropertyValue& p : list) add_object_range(ev, p.object);
      note_ = properties_detail(list);
      return;
    }
    case kWriteProperty: {
      PropertyValue p;
      if (const Error e = decode_write_property(a.body, p); e != Error::None)
        return malformed(dir, meta, e, "writeProperty request");
      add_object_range(ev, p.object);
      note_ = object_text(p.object) + " " + property_text(p.property);
      if (p.priority) {
        note_ += " priority " + std::to_string(*p.priority);
        if (*p.priority <= 2) ev.command = &kLifeSafetyPriorityWrite;
      }
      add_written(ev, p);
      return;
    }
    case kWritePropertyMultiple: {
      std::vector<PropertyValue> list;
      if (const Error e = decode_write_property_multiple(a.body, list); e != Error::None)
        return malformed(dir, meta, e, "writePropertyMultiple request");
      std::uint8_t highest = 0;
      for (const PropertyValue& p : list) {
        add_object_range(ev, p.object);
        add_written(ev, p);
        if (p.priority && (highest == 0 || *p.priority < highest)) highest = *p.priority;
      }
      note_ = properties_detail(list);
      if (highest != 0) {
        note_ += " priority " + std::to_string(highest);
        if (highest <= 2) ev.command = &kLifeSafetyPriorityWrite;
      }
      return;
    }
    case kReinitializeDevice: {
      std::uint32_t state = 0;
      if (const Error e = decode_reinitialize_device(a.body, state); e != Error::None) {
        ev.command = &kReinitialize;  // a restart whatever the state we cannot read
        return malformed(dir, meta, e, "reinitializeDevice request");
      }
      const std::string_view name = reinitialize_state_name(state);
      ev.detail = name.empty() ? "state " + std::to_string(state) : std::string(name);
      switch (state) {
        case 2:  // start-backup
          ev.command = &kBackup;
          break;
        case 4:  // start-restore
        case 5:  // end-restore (the device restarts into the restored configuration)
          ev.command = &kRestore;
          break;
        case 3:  // end-backup
        case 6:  // abort-restore
          break;
        default:  // coldstart, warmstart, activate-changes, and unknown states
          ev.command = &kReinitialize;
          break;
      }
      return;
    }
    case kDeviceCommunicationControl: {
      std::uint32_t state = 0, minutes = 0;
      if (const Error e = decode_communication_control(a.body, state, minutes); e != Error::None)
        return malformed(dir, meta, e, "deviceCommunicationControl request");
      const std::string_view name = communication_state_name(state);
      ev.detail = name.empty() ? "state " + std::to_string(state) : std::string(name);
      if (minutes != 0) note_ = "for " + std::to_string(minutes) + " min";
      if (state == 1) ev.command = &kCommunicationDisabled;
      if (state == 2) ev.command = &kInitiationDisabled;
      return;
    }
    case kAtomicWriteFile:
    case kAtomicReadFile:
    case kDeleteObject: {
      if (*a.service == kAtomicWriteFile) ev.command = &kFileWrite;
      if (*a.service == kDeleteObject) ev.command = &kObjectDeleted;
      ObjectId o;
      if (const Error e = decode_object_argument(a.body, o); e != Error::None)
        return malformed(dir, meta, e, std::string(ev.function_name) + " request");
      add_object_range(ev, o);
      note_ = object_text(o);
      return;
    }
    default:
      return;
  }
}

void BacnetSession::response_facts(Direction dir, const Apdu& a, MessageEvent& ev,
                                   const PacketMeta& meta) {
  if (a.type == kError) {
    std::uint32_t cls = 0, code = 0;
    ev.exception = true;
    ev.exception_name = "error";
    ev.exception_kind = ExceptionKind::Other;
    if (const Error e = decode_error(a.body, cls, code); e != Error::None)
      return malformed(dir, meta, e, "Error PDU");
    ev.exception_code = cls << 16 | code;
    if (cls < kErrorClasses.size()) ev.exception_name = kErrorClasses[cls];
    if ((cls == kErrorClassObject && code == kUnknownObject) ||
        (cls == kErrorClassProperty && code == kUnknownProperty))
      ev.exception_kind = ExceptionKind::BadAddress;
    note_ = "error class " + std::to_string(cls) + " code " + std::to_string(code);
    return;
  }
  if (a.type != kComplexAck) return;
  if (*a.service == kReadProperty) {
    PropertyValue p;
    if (const Error e = decode_read_property_ack(a.body, p); e != Error::None)
      return malformed(dir, meta, e, "readProperty ack");
    add_object_range(ev, p.object);
    note_ = object_text(p.object) + " " + property_text(p.property);
    property_identity(dir, p, "bacnet readProperty", meta);
  } else if (*a.service == kReadPropertyMultiple) {
    std::vector<PropertyValue> list;
    if (const Error e = decode_read_property_multiple_ack(a.body, list); e != Error::None)
      return malformed(dir, meta, e, "readPropertyMultiple ack");
    for (const PropertyValue& p : list) {
      add_object_range(ev, p.object);
      property_identity(dir, p, "bacnet readPropertyMultiple", meta);
    }
    note_ = properties_detail(list);
  }
}

void BacnetSession::property_identity(Direction dir, const PropertyValue& p,
                                      const std::string& source, const PacketMeta& meta) {
  if (p.object.type != kObjectDevice || p.array_index) return;
  if (p.object.instance != kWildcardInstance)
    identity(dir, meta, "bacnet_device", std::to_string(p.object.instance), source);
  const char* field = nullptr;
  switch (p.property) {
    case kPropObjectIdentifier:
      if (const auto o = p.value.object(); o && o->type == kObjectDevice)
        identity(dir, meta, "bacnet_device", std::to_string(o->instance), source);
      return;
    case kPropVendorIdentifier:
      if (const auto v = p.value.number()) {
        const auto id = static_cast<std::uint32_t>(*v);
        identity(dir, meta, "vendor_id", std::to_string(id), source);
        identity(dir, meta, "vendor", std::string(vendor_name(id)), source);
      }
      return;
    case kPropVendorName:
      field = "vendor_name";
      break;
    case kPropModelName:
      field = "model";
      break;
    case kPropFirmwareRevision:
      field = "firmware";
      break;
    case kPropApplicationSoftwareVersion:
      field = "application_version";
      break;
    case kPropObjectName:
      field = "device_name";
      break;
    case kPropLocation:
      field = "location";
      break;
    case kPropDescription:
      field = "description";
      break;
    default:
      return;
  }
  if (const auto text = p.value.text()) identity(dir, meta, field, *text, source);
}

}  // namespace otscope::bacnet
