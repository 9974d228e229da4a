#include "pcaps/generator/dnp3_stations.h"

#include <cstdlib>
#include <utility>

namespace otscope::pcapgen::dnp3 {
namespace {

constexpr std::int32_t kAnalogDeadband = 40;

// Every function the generator sends is in the protocol's table.
std::string_view function_name(std::uint8_t fc) {
  return find_function(fc)->name;
}

}  // namespace

Outstation::Outstation(std::uint16_t address, DeviceAttributes attributes, Prng prng,
                       std::size_t binaries, std::size_t analogs, std::size_t counters,
                       Micros min_latency, Micros max_latency)
    : address_(address),
      attributes_(std::move(attributes)),
      prng_(prng),
      binaries_(binaries, false),
      analogs_(analogs, 0),
      counters_(counters, 0),
      min_latency_(min_latency),
      max_latency_(max_latency) {
  for (std::size_t i = 0; i < binaries_.size(); ++i) binaries_[i] = prng_.percent(50);
  for (auto& a : analogs_) a = static_cast<std::int32_t>(prng_.between(2000, 12000));
  for (auto& c : counters_) c = static_cast<std::uint32_t>(prng_.between(100000, 900000));
  reported_analogs_ = analogs_;
}

void Outstation::advance(Micros t) {
  if (last_advance_ == 0) last_advance_ = t;
  // One process step per elapsed second keeps event rates independent of the poll rate.
  while (last_advance_ + sec(1) <= t) {
    last_advance_ += sec(1);
    for (std::size_t i = 0; i < analogs_.size(); ++i) {
      analogs_[i] += static_cast<std::int32_t>(prng_.jitter(6));
      if (std::abs(analogs_[i] - reported_analogs_[i]) > kAnalogDeadband) {
        reported_analogs_[i] = analogs_[i];
        events_.push_back(Event{false, static_cast<std::uint8_t>(i), analogs_[i],
                                last_advance_ - prng_.between(0, 999'000)});
      }
    }
    for (auto& c : counters_) c += static_cast<std::uint32_t>(prng_.between(0, 3));
  }
}

void Outstation::flip_binary(Micros t, std::uint8_t index) {
  binaries_.at(index) = !binaries_.at(index);
  events_.push_back(Event{true, index, binaries_[index] ? 1 : 0, t});
}

std::uint16_t Outstation::iin() const {
  std::uint16_t iin = 0;
  for (const Event& e : events_) iin |= e.binary ? kIinClass1Events : kIinClass2Events;
  if (need_time_) iin |= kIinNeedTime;
  if (restarted_) iin |= kIinDeviceRestart;
  return iin;
}

Bytes Outstation::static_objects() const {
  ObjectWriter o;
  if (!binaries_.empty()) {
    o.range8(kGroupBinaryInput, 2, 0, static_cast<std::uint8_t>(binaries_.size() - 1));
    for (bool b : binaries_) o.data().u8(kFlagOnline | (b ? kFlagBinaryState : 0u));
  }
  if (!analogs_.empty()) {
    o.range8(kGroupAnalogInput, 1, 0, static_cast<std::uint8_t>(analogs_.size() - 1));
    for (std::int32_t a : analogs_) o.data().u8(kFlagOnline).le32(static_cast<std::uint32_t>(a));
  }
  if (!counters_.empty()) {
    o.range8(kGroupCounter, 1, 0, static_cast<std::uint8_t>(counters_.size() - 1));
    for (std::uint32_t c : counters_) o.data().u8(kFlagOnline).le32(c);
  }
  return o.take();
}

Bytes Outstation::event_objects() const {
  ObjectWriter o;
  std::uint8_t binary_count = 0;
  std::uint8_t analog_count = 0;
  for (const Event& e : events_) ++(e.binary ? binary_count : analog_count);
  if (binary_count > 0) {
    o.indexed8(kGroupBinaryInputEvent, 2, binary_count);
    for (const Event& e : events_) {
      if (!e.binary) continue;
      o.data()
          .u8(e.index)
          .u8(kFlagOnline | (e.value ? kFlagBinaryState : 0u))
          .le48(unix_millis(e.time));
    }
  }
  if (analog_count > 0) {
    o.indexed8(kGroupAnalogInputEvent, 3, analog_count);
    for (const Event& e : events_) {
      if (e.binary) continue;
      o.data().u8(e.index).u8(kFlagOnline).le32(static_cast<std::uint32_t>(e.value));
      o.data().le48(unix_millis(e.time));
    }
  }
  return o.take();
}

Bytes Outstation::attribute_objects() const {
  ObjectWriter o;
  o.attribute_string(kAttributeManufacturerName, attributes_.manufacturer);
  o.attribute_string(kAttributeProductName, attributes_.product);
  o.attribute_string(kAttributeSerialNumber, attributes_.serial_number);
  o.attribute_string(kAttributeDeviceName, attributes_.device_name);
  o.attribute_string(kAttributeIdCode, attributes_.device_id);
  o.attribute_string(kAttributeLocationName, attributes_.location);
  o.attribute_string(kAttributeHardwareVersion, attributes_.hardware_version);
  o.attribute_string(kAttributeSoftwareVersion, attributes_.software_version);
  return o.take();
}

void Outstation::restart() {
  events_.clear();
  need_time_ = true;
  restarted_ = true;
}

std::uint8_t Outstation::take_unsolicited_seq() {
  const std::uint8_t s = unsolicited_seq_;
  unsolicited_seq_ = static_cast<std::uint8_t>((unsolicited_seq_ + 1) & 0x0F);
  return s;
}

MasterSession::MasterSession(TcpConversation& tcp, ProtocolStats& stats, Outstation& outstation,
                             std::uint16_t master_address)
    : tcp_(tcp), stats_(stats), outstation_(outstation), master_address_(master_address) {}

Micros MasterSession::link_status(Micros t) {
  const Bytes request = link_frame(kLinkDir | kLinkPrm | kLinkFuncRequestLinkStatus,
                                   outstation_.address(), master_address_, {});
  const Micros sent = tcp_.send(Side::Client, request, t);
  stats_.count("dnp3", "link", kLinkFuncRequestLinkStatus,
               link_function_name(true, kLinkFuncRequestLinkStatus));
  const Bytes answer = link_frame(kLinkFuncLinkStatus, master_address_, outstation_.address(), {});
  stats_.count("dnp3", "link", kLinkFuncLinkStatus, link_function_name(false, kLinkFuncLinkStatus));
  return tcp_.send(Side::Server, answer, sent + outstation_.latency() / 2);
}

Micros MasterSession::request(Micros t, std::uint8_t fc, std::span<const std::uint8_t> objects) {
  const std::uint8_t control = static_cast<std::uint8_t>(kFir | kFin | app_seq_);
  const Bytes fragment = request_fragment(control, fc, objects);
  Micros when = t;
  for (const Bytes& frame : frames_for_fragment(fragment, true, outstation_.address(),
                                                master_address_, transport_seq_master_)) {
    when = tcp_.send(Side::Client, frame, when);
  }
  stats_.count("dnp3", fc == kFuncConfirm ? "confirm" : "request", fc, function_name(fc));
  return when;
}

Micros MasterSession::respond(Micros t, std::uint8_t control, std::uint8_t fc,
                              std::span<const std::uint8_t> objects) {
  const Bytes fragment = response_fragment(control, fc, outstation_.iin(), objects);
  Micros when = t;
  for (const Bytes& frame : frames_for_fragment(fragment, false, master_address_,
                                                outstation_.address(), transport_seq_outstation_)) {
    when = tcp_.send(Side::Server, frame, when);
  }
  stats_.count("dnp3", fc == kFuncUnsolicitedResponse ? "unsolicited" : "response", fc,
               function_name(fc));
  return when;
}

Micros MasterSession::confirm(Micros t, std::uint8_t seq, bool unsolicited) {
  const std::uint8_t control =
      static_cast<std::uint8_t>(kFir | kFin | (unsolicited ? kUns : 0) | (seq & 0x0F));
  const Bytes fragment = request_fragment(control, kFuncConfirm, {});
  Micros when = t;
  for (const Bytes& frame : frames_for_fragment(fragment, true, outstation_.address(),
                                                master_address_, transport_seq_master_)) {
    when = tcp_.send(Side::Client, frame, when);
  }
  stats_.count("dnp3", "confirm", kFuncConfirm, function_name(kFuncConfirm));
  return when;
}

Micros MasterSession::read_classes(Micros t, bool with_class0) {
  ObjectWriter req;
  req.all_objects(kGroupClassData, 2).all_objects(kGroupClassData, 3);
  req.all_objects(kGroupClassData, 4);
  if (with_class0) req.all_objects(kGroupClassData, 1);
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncRead, req.take());
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  const Micros answer_at = sent + outstation_.latency();
  outstation_.advance(answer_at);
  const bool events = outstation_.has_events();
  Bytes objects = events ? outstation_.event_objects() : Bytes{};
  if (with_class0) {
    const Bytes statics = outstation_.static_objects();
    objects.insert(objects.end(), statics.begin(), statics.end());
  }
  // Event data must be confirmed before the outstation may forget it.
  const std::uint8_t control = static_cast<std::uint8_t>(kFir | kFin | (events ? kCon : 0) | seq);
  const Micros answered = respond(answer_at, control, kFuncResponse, objects);
  if (!events) return answered;
  outstation_.events_confirmed();
  return confirm(answered + msec(2), seq, false);
}

Micros MasterSession::integrity_poll(Micros t) {
  return read_classes(t, true);
}
Micros MasterSession::event_poll(Micros t) {
  return read_classes(t, false);
}

Micros MasterSession::time_sync(Micros t) {
  ObjectWriter req;
  req.count8(kGroupTimeAndDate, 1, 1);
  req.data().le48(unix_millis(t));
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncWrite, req.take());
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  outstation_.time_synchronised();
  return respond(sent + outstation_.latency(), static_cast<std::uint8_t>(kFir | kFin | seq),
                 kFuncResponse, {});
}

Micros MasterSession::read_attributes(Micros t) {
  ObjectWriter req;
  req.all_objects(kGroupDeviceAttributes, kAttributeAllAttributes);
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncRead, req.take());
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  return respond(sent + outstation_.latency(), static_cast<std::uint8_t>(kFir | kFin | seq),
                 kFuncResponse, outstation_.attribute_objects());
}

Micros MasterSession::enable_unsolicited(Micros t) {
  ObjectWriter req;
  req.all_objects(kGroupClassData, 2).all_objects(kGroupClassData, 3);
  req.all_objects(kGroupClassData, 4);
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncEnableUnsolicited, req.take());
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  outstation_.set_unsolicited(true);
  return respond(sent + outstation_.latency(), static_cast<std::uint8_t>(kFir | kFin | seq),
                 kFuncResponse, {});
}

Micros MasterSession::disable_unsolicited(Micros t) {
  ObjectWriter req;
  req.all_objects(kGroupClassData, 2).all_objects(kGroupClassData, 3);
  req.all_objects(kGroupClassData, 4);
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncDisableUnsolicited, req.take());
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  outstation_.set_unsolicited(false);
  return respond(sent + outstation_.latency(), static_cast<std::uint8_t>(kFir | kFin | seq),
                 kFuncResponse, {});
}

Micros MasterSession::cold_restart(Micros t, std::uint16_t delay_ms) {
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncColdRestart, {});
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  ObjectWriter delay;
  delay.count8(kGroupTimeDelay, 2, 1);
  delay.data().le16(delay_ms);
  const Micros answered =
      respond(sent + outstation_.latency(), static_cast<std::uint8_t>(kFir | kFin | seq),
              kFuncResponse, delay.take());
  outstation_.restart();
  return answered;
}

Micros MasterSession::clear_restart(Micros t) {
  ObjectWriter req;
  req.range8(kGroupInternalIndications, 1, 7, 7);
  req.data().u8(0x00);
  const std::uint8_t seq = app_seq_;
  const Micros sent = request(t, kFuncWrite, req.take());
  app_seq_ = static_cast<std::uint8_t>((app_seq_ + 1) & 0x0F);
  outstation_.restart_acknowledged();
  return respond(sent + outstation_.latency(), static_cast<std::uint8_t>(kFir | kFin | seq),
                 kFuncResponse, {});
}

Micros MasterSession::unsolicited(Micros t) {
  outstation_.advance(t);
  const std::uint8_t seq = outstation_.take_unsolicited_seq();
  const std::uint8_t control = static_cast<std::uint8_t>(kFir | kFin | kCon | kUns | seq);
  const Micros sent = respond(t, control, kFuncUnsolicitedResponse, outstation_.event_objects());
  outstation_.events_confirmed();
  return confirm(sent + msec(3), seq, true);
}

}  // namespace otscope::pcapgen::dnp3
