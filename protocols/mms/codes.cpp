#include "protocols/mms/codes.h"

#include <iterator>

namespace otscope::mms {

namespace {

// ISO 9506-2 ConfirmedServiceRequest, by choice number (0..77; the few choices later editions
// added are reported by number).
constexpr ServiceInfo kConfirmed[] = {
    {"status", OpClass::Diagnostic},                              // 0
    {"getNameList", OpClass::Identification},                     // 1
    {"identify", OpClass::Identification},                        // 2
    {"rename", OpClass::Configuration},                           // 3
    {"read", OpClass::Read},                                      // 4
    {"write", OpClass::Write},                                    // 5
    {"getVariableAccessAttributes", OpClass::Identification},     // 6
    {"defineNamedVariable", OpClass::Configuration},              // 7
    {"defineScatteredAccess", OpClass::Configuration},            // 8
    {"getScatteredAccessAttributes", OpClass::Identification},    // 9
    {"deleteVariableAccess", OpClass::Configuration},             // 10
    {"defineNamedVariableList", OpClass::Configuration},          // 11
    {"getNamedVariableListAttributes", OpClass::Identification},  // 12
    {"deleteNamedVariableList", OpClass::Configuration},          // 13
    {"defineNamedType", OpClass::Configuration},                  // 14
    {"getNamedTypeAttributes", OpClass::Identification},          // 15
    {"deleteNamedType", OpClass::Configuration},                  // 16
    {"input", OpClass::Read},                                     // 17
    {"output", OpClass::Write},                                   // 18
    {"takeControl", OpClass::Control},                            // 19
    {"relinquishControl", OpClass::Control},                      // 20
    {"defineSemaphore", OpClass::Configuration},                  // 21
    {"deleteSemaphore", OpClass::Configuration},                  // 22
    {"reportSemaphoreStatus", OpClass::Diagnostic},               // 23
    {"reportPoolSemaphoreStatus", OpClass::Diagnostic},           // 24
    {"reportSemaphoreEntryStatus", OpClass::Diagnostic},          // 25
    {"initiateDownloadSequence", OpClass::Program},               // 26
    {"downloadSegment", OpClass::Program},                        // 27
    {"terminateDownloadSequence", OpClass::Program},              // 28
    {"initiateUploadSequence", OpClass::Program},                 // 29
    {"uploadSegment", OpClass::Program},                          // 30
    {"terminateUploadSequence", OpClass::Program},                // 31
    {"requestDomainDownload", OpClass::Program},                  // 32
    {"requestDomainUpload", OpClass::Program},                    // 33
    {"loadDomainContent", OpClass::Program},                      // 34
    {"storeDomainContent", OpClass::Program},                     // 35
    {"deleteDomain", OpClass::Program},                           // 36
    {"getDomainAttributes", OpClass::Identification},             // 37
    {"createProgramInvocation", OpClass::Program},                // 38
    {"deleteProgramInvocation", OpClass::Program},                // 39
    {"start", OpClass::ModeChange},                               // 40
    {"stop", OpClass::ModeChange},                                // 41
    {"resume", OpClass::ModeChange},                              // 42
    {"reset", OpClass::ModeChange},                               // 43
    {"kill", OpClass::ModeChange},                                // 44
    {"getProgramInvocationAttributes", OpClass::Identification},  // 45
    {"obtainFile", OpClass::File},                                // 46
    {"defineEventCondition", OpClass::Configuration},             // 47
    {"deleteEventCondition", OpClass::Configuration},             // 48
    {"getEventConditionAttributes", OpClass::Identification},     // 49
    {"reportEventConditionStatus", OpClass::Diagnostic},          // 50
    {"alterEventConditionMonitoring", OpClass::Configuration},    // 51
    {"triggerEvent", OpClass::Control},                           // 52
    {"defineEventAction", OpClass::Configuration},                // 53
    {"deleteEventAction", OpClass::Configuration},                // 54
    {"getEventActionAttributes", OpClass::Identification},        // 55
    {"reportEventActionStatus", OpClass::Diagnostic},             // 56
    {"defineEventEnrollment", OpClass::Configuration},            // 57
    {"deleteEventEnrollment", OpClass::Configuration},            // 58
    {"alterEventEnrollment", OpClass::Configuration},             // 59
    {"reportEventEnrollmentStatus", OpClass::Diagnostic},         // 60
    {"getEventEnrollmentAttributes", OpClass::Identification},    // 61
    {"acknowledgeEventNotification", OpClass::Other},             // 62
    {"getAlarmSummary", OpClass::Read},                           // 63
    {"getAlarmEnrollmentSummary", OpClass::Read},                 // 64
    {"readJournal", OpClass::Read},                               // 65
    {"writeJournal", OpClass::Write},                             // 66
    {"initializeJournal", OpClass::Configuration},                // 67
    {"reportJournalStatus", OpClass::Diagnostic},                 // 68
    {"createJournal", OpClass::Configuration},                    // 69
    {"deleteJournal", OpClass::Configuration},                    // 70
    {"getCapabilityList", OpClass::Identification},               // 71
    {"fileOpen", OpClass::File},                                  // 72
    {"fileRead", OpClass::File},                                  // 73
    {"fileClose", OpClass::File},                                 // 74
    {"fileRename", OpClass::File},                                // 75
    {"fileDelete", OpClass::File},                                // 76
    {"fileDirectory", OpClass::File},                             // 77
};

}  // namespace

std::string_view pdu_name(std::uint8_t tag) {
  constexpr std::string_view kNames[] = {"confirmed-RequestPDU",
                                         "confirmed-ResponsePDU",
                                         "confirmed-ErrorPDU",
                                         "unconfirmed-PDU",
                                         "rejectPDU",
                                         "cancel-RequestPDU",
                                         "cancel-ResponsePDU",
                                         "cancel-ErrorPDU",
                                         "initiate-RequestPDU",
                                         "initiate-ResponsePDU",
                                         "initiate-ErrorPDU",
                                         "conclude-RequestPDU",
                                         "conclude-ResponsePDU",
                                         "conclude-ErrorPDU"};
  return tag < std::size(kNames) ? kNames[tag] : std::string_view();
}

const ServiceInfo* confirmed_service(std::uint32_t tag) {
  return tag < std::size(kConfirmed) ? &kConfirmed[tag] : nullptr;
}

std::string_view unconfirmed_service_name(std::uint32_t tag) {
  switch (tag) {
    case 0:
      return "informationReport";
    case 1:
      return "unsolicitedStatus";
    case 2:
      return "eventNotification";
    default:
      return {};
  }
}

std::string_view spdu_name(std::uint8_t si) {
  switch (si) {
    case spdu::kGiveTokensOrData:
      return "DATA TRANSFER";
    case spdu::kFinish:
      return "FINISH";
    case spdu::kDisconnect:
      return "DISCONNECT";
    case spdu::kRefuse:
      return "REFUSE";
    case spdu::kConnect:
      return "CONNECT";
    case spdu::kAccept:
      return "ACCEPT";
    case spdu::kAbort:
      return "ABORT";
    case spdu::kAbortAccept:
      return "ABORT ACCEPT";
    default:
      return {};
  }
}

}  // namespace otscope::mms
