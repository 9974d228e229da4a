// The MMS entry for the dispatcher: the probe, the session factory, the command rules and what
// the two ends of the protocol are.
#include "protocols/mms/mms.h"

#include <memory>

#include "protocols/mms/codes.h"
#include "protocols/mms/decoder.h"
#include "protocols/mms/session.h"

namespace otscope::mms {

namespace {

// A flow is MMS when its bytes are TPKT frames whose first COTP data TPDU carries an ISO session
// CONNECT or ACCEPT with a presentation CP/CPA PPDU, or GIVE TOKENS + DATA TRANSFER followed by
// presentation fully-encoded data (a connection picked up after its set-up). Connection requests
// and confirms before it are passed over: alone they do not tell MMS from S7comm, except that S7
// TSAPs (see s7::s7_tsap) say it is not MMS.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  const s7::IsoOpening opening = s7::iso_opening(first_bytes);
  switch (opening.kind) {
    case s7::IsoOpening::Kind::NotIso:
    case s7::IsoOpening::Kind::Other:
      return ProbeResult::NoMatch;
    case s7::IsoOpening::Kind::NeedMore:
      return s7::s7_tsap(opening.called_tsap) || s7::s7_tsap(opening.calling_tsap)
                 ? ProbeResult::NoMatch
                 : ProbeResult::NeedMore;
    case s7::IsoOpening::Kind::Data:
      break;
  }
  switch (session_start(opening.data, opening.data_complete)) {
    case SessionStart::Yes:
      return ProbeResult::Match;
    case SessionStart::NeedMore:
      return ProbeResult::NeedMore;
    case SessionStart::No:
      return ProbeResult::NoMatch;
  }
  return ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<MmsSession>(flow, sink);
}

}  // namespace

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kControl{
    "mms.control",
    "IEC 61850 control operation",
    Severity::High,
    "T0855",
    "Unauthorized Command Message",
    "An MMS write to a control object (functional constraint CO: select, operate or cancel) "
    "operates switchgear through the IED. Check that it came from the station HMI or gateway."};
const CommandRule kWrite{
    "mms.write",
    "MMS write to an IED",
    Severity::Medium,
    "T0836",
    "Modify Parameter",
    "Values were written to an IED (settings, set points, configuration): check what was "
    "written and by whom."};
const CommandRule kProgramDownload{
    "mms.program_download",
    "MMS domain download",
    Severity::Critical,
    "T0843",
    "Program Download",
    "A domain (program or configuration) was downloaded to the device: its logic or settings "
    "changed."};
const CommandRule kProgramUpload{
    "mms.program_upload",
    "MMS domain upload",
    Severity::High,
    "T0845",
    "Program Upload",
    "A domain (program or configuration) was read out of the device: someone is copying it."};
const CommandRule kProgramDelete{
    "mms.program_delete",
    "MMS domain or program invocation deleted",
    Severity::Critical,
    "T0809",
    "Data Destruction",
    "A domain or program invocation was deleted on the device: the logic it held is gone."};
const CommandRule kProgramStop{
    "mms.program_stop",
    "MMS program invocation stopped",
    Severity::Critical,
    "T0858",
    "Change Operating Mode",
    "A program invocation on the device was stopped or killed: what it controls is no longer "
    "controlled."};
const CommandRule kProgramStart{
    "mms.program_start",
    "MMS program invocation started, resumed or reset",
    Severity::High,
    "T0858",
    "Change Operating Mode",
    "A program invocation on the device was created, started, resumed or reset remotely."};
const CommandRule kFileDelete{
    "mms.file_delete",
    "File deleted on an MMS server",
    Severity::High,
    "T0809",
    "Data Destruction",
    "A file was deleted on the device (configuration, disturbance records or firmware)."};

namespace {
constexpr const CommandRule* kCommands[] = {&kControl,       &kWrite,         &kProgramDownload,
                                            &kProgramUpload, &kProgramDelete, &kProgramStop,
                                            &kProgramStart,  &kFileDelete};
constexpr const ProtocolInfo* kReports[] = {&kInfo};

bool control_block(std::string_view fc) {
  for (std::string_view c : {"RP", "BR", "LG", "GO", "MS", "US", "SV"})
    if (fc == c) return true;
  return false;
}
}  // namespace

const ProtocolInfo kInfo{
    .name = "mms",
    .display_name = "IEC 61850 MMS",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.85,
              .server_label = "MMS server (IEC 61850 IED)",
              .client = ClientKind::Master,
              .client_label = "MMS client"},
};

const CommandRule* command_rule(std::uint32_t service, std::string_view fc) {
  switch (service) {
    case svc::kWrite:
      if (fc == "CO") return &kControl;
      return control_block(fc) ? nullptr : &kWrite;
    case svc::kInitiateDownloadSequence:
    case svc::kRequestDomainDownload:
    case svc::kLoadDomainContent:
      return &kProgramDownload;
    case svc::kInitiateUploadSequence:
    case svc::kRequestDomainUpload:
    case svc::kStoreDomainContent:
      return &kProgramUpload;
    case svc::kDeleteDomain:
    case svc::kDeleteProgramInvocation:
      return &kProgramDelete;
    case svc::kStop:
    case svc::kKill:
      return &kProgramStop;
    case svc::kCreateProgramInvocation:
    case svc::kStart:
    case svc::kResume:
    case svc::kReset:
      return &kProgramStart;
    case svc::kFileDelete:
      return &kFileDelete;
    default:
      return nullptr;
  }
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"mms", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::mms
