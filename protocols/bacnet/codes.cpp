#include "protocols/bacnet/codes.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace otscope::bacnet {
namespace {

using R = MessageRole;
using O = OpClass;

// Confirmed services (ASHRAE 135 clause 21, BACnetConfirmedServiceChoice).
constexpr CodeName kConfirmed[] = {
    {0, "acknowledgeAlarm", O::Write, R::Request},
    {1, "confirmedCOVNotification", O::Read, R::Unsolicited},
    {2, "confirmedEventNotification", O::Read, R::Unsolicited},
    {3, "getAlarmSummary", O::Read, R::Request},
    {4, "getEnrollmentSummary", O::Read, R::Request},
    {5, "subscribeCOV", O::Configuration, R::Request},
    {6, "atomicReadFile", O::File, R::Request},
    {7, "atomicWriteFile", O::File, R::Request},
    {8, "addListElement", O::Write, R::Request},
    {9, "removeListElement", O::Write, R::Request},
    {10, "createObject", O::Configuration, R::Request},
    {11, "deleteObject", O::Configuration, R::Request},
    {12, "readProperty", O::Read, R::Request},
    {13, "readPropertyConditional", O::Read, R::Request},
    {14, "readPropertyMultiple", O::Read, R::Request},
    {15, "writeProperty", O::Write, R::Request},
    {16, "writePropertyMultiple", O::Write, R::Request},
    {17, "deviceCommunicationControl", O::Diagnostic, R::Request},
    {18, "confirmedPrivateTransfer", O::Other, R::Request},
    {19, "confirmedTextMessage", O::Other, R::Request},
    {20, "reinitializeDevice", O::Restart, R::Request},
    {21, "vtOpen", O::Session, R::Request},
    {22, "vtClose", O::Session, R::Request},
    {23, "vtData", O::Session, R::Request},
    {24, "authenticate", O::Authentication, R::Request},
    {25, "requestKey", O::Authentication, R::Request},
    {26, "readRange", O::Read, R::Request},
    {27, "lifeSafetyOperation", O::Control, R::Request},
    {28, "subscribeCOVProperty", O::Configuration, R::Request},
    {29, "getEventInformation", O::Read, R::Request},
    {30, "subscribeCOVPropertyMultiple", O::Configuration, R::Request},
    {31, "confirmedCOVNotificationMultiple", O::Read, R::Unsolicited},
    {32, "confirmedAuditNotification", O::Other, R::Unsolicited},
    {33, "auditLogQuery", O::Read, R::Request},
};

// Unconfirmed services (BACnetUnconfirmedServiceChoice), as 0x100 | choice.
constexpr CodeName kUnconfirmed[] = {
    {0x100, "i-Am", O::Identification, R::Unsolicited},
    {0x101, "i-Have", O::Identification, R::Unsolicited},
    {0x102, "unconfirmedCOVNotification", O::Read, R::Unsolicited},
    {0x103, "unconfirmedEventNotification", O::Read, R::Unsolicited},
    {0x104, "unconfirmedPrivateTransfer", O::Other, R::Request},
    {0x105, "unconfirmedTextMessage", O::Other, R::Request},
    {0x106, "timeSynchronization", O::Time, R::Request},
    {0x107, "who-Has", O::Identification, R::Request},
    {0x108, "who-Is", O::Identification, R::Request},
    {0x109, "utcTimeSynchronization", O::Time, R::Request},
    {0x10A, "writeGroup", O::Write, R::Request},
    {0x10B, "unconfirmedCOVNotificationMultiple", O::Read, R::Unsolicited},
    {0x10C, "unconfirmedAuditNotification", O::Other, R::Unsolicited},
    {0x10D, "who-Am-I", O::Identification, R::Request},
    {0x10E, "you-Are", O::Configuration, R::Request},
};

// BVLC functions that carry no NPDU (Annex J.2), as 0x200 | function.
constexpr CodeName kBvlc[] = {
    {0x200, "BVLC-Result", O::Session, R::Response},
    {0x201, "Write-Broadcast-Distribution-Table", O::Configuration, R::Request},
    {0x202, "Read-Broadcast-Distribution-Table", O::Read, R::Request},
    {0x203, "Read-Broadcast-Distribution-Table-Ack", O::Read, R::Response},
    {0x205, "Register-Foreign-Device", O::Session, R::Request},
    {0x206, "Read-Foreign-Device-Table", O::Read, R::Request},
    {0x207, "Read-Foreign-Device-Table-Ack", O::Read, R::Response},
    {0x208, "Delete-Foreign-Device-Table-Entry", O::Configuration, R::Request},
    {0x20C, "Secure-BVLL", O::Authentication, R::Request},
};

// Network-layer messages (clause 6.2.4), as 0x300 | type.
constexpr CodeName kNetwork[] = {
    {0x300, "Who-Is-Router-To-Network", O::Identification, R::Request},
    {0x301, "I-Am-Router-To-Network", O::Identification, R::Unsolicited},
    {0x302, "I-Could-Be-Router-To-Network", O::Identification, R::Unsolicited},
    {0x303, "Reject-Message-To-Network", O::Session, R::Response},
    {0x304, "Router-Busy-To-Network", O::Session, R::Unsolicited},
    {0x305, "Router-Available-To-Network", O::Session, R::Unsolicited},
    {0x306, "Initialize-Routing-Table", O::Configuration, R::Request},
    {0x307, "Initialize-Routing-Table-Ack", O::Configuration, R::Response},
    {0x308, "Establish-Connection-To-Network", O::Session, R::Request},
    {0x309, "Disconnect-Connection-To-Network", O::Session, R::Request},
    {0x30A, "Challenge-Request", O::Authentication, R::Request},
    {0x30B, "Security-Payload", O::Authentication, R::Request},
    {0x30C, "Security-Response", O::Authentication, R::Response},
    {0x30D, "Request-Key-Update", O::Authentication, R::Request},
    {0x30E, "Update-Key-Set", O::Authentication, R::Request},
    {0x30F, "Update-Distribution-Key", O::Authentication, R::Request},
    {0x310, "Request-Master-Key", O::Authentication, R::Request},
    {0x311, "Set-Master-Key", O::Authentication, R::Request},
    {0x312, "What-Is-Network-Number", O::Identification, R::Request},
    {0x313, "Network-Number-Is", O::Identification, R::Unsolicited},
};

// APDUs that name no service.
constexpr CodeName kPdu[] = {
    {0x404, "SegmentACK", O::Session, R::Response},
    {0x406, "Reject", O::Session, R::Response},
    {0x407, "Abort", O::Session, R::Response},
};

template <std::size_t N>
const CodeName* find_in(const CodeName (&table)[N], std::uint32_t code) {
  for (const CodeName& c : table)
    if (c.code == code) return &c;
  return nullptr;
}

constexpr std::array<std::string_view, 31> kObjectTypes = {"analog-input",
                                                           "analog-output",
                                                           "analog-value",
                                                           "binary-input",
                                                           "binary-output",
                                                           "binary-value",
                                                           "calendar",
                                                           "command",
                                                           "device",
                                                           "event-enrollment",
                                                           "file",
                                                           "group",
                                                           "loop",
                                                           "multi-state-input",
                                                           "multi-state-output",
                                                           "notification-class",
                                                           "program",
                                                           "schedule",
                                                           "averaging",
                                                           "multi-state-value",
                                                           "trend-log",
                                                           "life-safety-point",
                                                           "life-safety-zone",
                                                           "accumulator",
                                                           "pulse-converter",
                                                           "event-log",
                                                           "global-group",
                                                           "trend-log-multiple",
                                                           "load-control",
                                                           "structured-view",
                                                           "access-door"};

struct Named {
  std::uint32_t code;
  std::string_view name;
};

constexpr Named kProperties[] = {
    {kPropApplicationSoftwareVersion, "application-software-version"},
    {kPropDescription, "description"},
    {kPropFirmwareRevision, "firmware-revision"},
    {kPropLocation, "location"},
    {kPropModelName, "model-name"},
    {kPropObjectIdentifier, "object-identifier"},
    {kPropObjectName, "object-name"},
    {kPropPresentValue, "present-value"},
    {kPropVendorIdentifier, "vendor-identifier"},
    {kPropVendorName, "vendor-name"},
};

// ASHRAE BACnet vendor identifiers (bacnet.org/assigned-vendor-ids, the names as the registry
// gives them today): the first registrations, then the building automation and industrial
// vendors a plant is likely to run. Sorted by id.
struct Vendor {
  std::uint32_t id;
  std::string_view name;
};
constexpr Vendor kVendors[] = {
    {0, "ASHRAE"},
    {1, "NIST"},
    {2, "The Trane Company"},
    {3, "Daikin Applied Americas"},
    {4, "PolarSoft"},
    {5, "Johnson Controls, Inc."},
    {6, "ABB (Formerly American Auto-Matrix)"},
    {7, "Siemens Schweiz AG (Formerly: Landis & Staefa Division Europe)"},
    {8, "Delta Controls"},
    {9, "Siemens Schweiz AG"},
    {10, "Schneider Electric"},
    {11, "TAC"},
    {12, "Orion Analysis Corporation"},
    {13, "Teletrol Systems Inc."},
    {14, "Cimetrics Technology"},
    {15, "Cornell University"},
    {16, "United Technologies Carrier"},
    {17, "Honeywell Inc."},
    {18, "Alerton / Honeywell"},
    {19, "TAC AB"},
    {20, "Hewlett-Packard Company"},
    {21, "Dorsette’s Inc."},
    {22, "Siemens Schweiz AG (Formerly: Cerberus AG)"},
    {23, "York Controls Group"},
    {24, "Automated Logic Corporation"},
    {25, "CSI Control Systems International"},
    {26, "Phoenix Controls Corporation"},
    {27, "Innovex Technologies, Inc."},
    {28, "KMC Controls, Inc."},
    {29, "Xn Technologies, Inc."},
    {30, "Hyundai Information Technology Co., Ltd."},
    {31, "Tokimec Inc."},
    {32, "Simplex"},
    {33, "North Building Technologies Limited"},
    {34, "Notifier"},
    {35, "Reliable Controls Corporation"},
    {36, "Tridium Inc."},
    {39, "Kieback & Peter GmbH & Co KG"},
    {53, "DAIKIN Industries Ltd."},
    {80, "Fr. Sauter AG"},
    {82, "Mitsubishi Electric Corporation, Inazawa Works"},
    {85, "Yamatake Building Systems Co., Ltd."},
    {90, "Hitachi, Ltd."},
    {98, "Toshiba Corporation"},
    {105, "PRIVA BV"},
    {127, "ABB, Inc."},
    {160, "Rockwell Automation"},
    {178, "LOYTEC Electronics GmbH"},
    {190, "Danfoss Drives A/S"},
    {191, "Eaton Corporation"},
    {196, "Yokogawa Electric Corporation"},
    {197, "Bosch Building Automation GmbH"},
    {222, "WAGO Kontakttechnik GmbH & Co. KG"},
    {226, "Phoenix Contact GmbH & Co. KG"},
    {245, "Contemporary Control Systems, Inc."},
    {255, "Lennox International, Inc."},
    {284, "BELIMO Automation AG"},
    {294, "LEGRAND"},
    {313, "Siemens Industry, Inc."},
    {332, "Distech Controls SAS"},
    {335, "Schneider Electric"},
    {364, "Distech Controls Inc."},
    {415, "Beckhoff Automation"},
    {432, "LG Electronics Inc."},
    {435, "Delta Electronics, Inc."},
};

constexpr bool vendors_sorted() {
  for (std::size_t i = 1; i < std::size(kVendors); ++i)
    if (kVendors[i - 1].id >= kVendors[i].id) return false;
  return true;
}
static_assert(vendors_sorted(), "vendor_name() searches kVendors by id");

constexpr std::array<std::string_view, 8> kReinitStates = {
    "coldstart",     "warmstart",   "start-backup",  "end-backup",
    "start-restore", "end-restore", "abort-restore", "activate-changes"};

constexpr std::array<std::string_view, 3> kCommunicationStates = {"enable", "disable",
                                                                  "disable-initiation"};

constexpr std::array<std::string_view, 4> kSegmentation = {"segmented-both", "segmented-transmit",
                                                           "segmented-receive", "no-segmentation"};

}  // namespace

const CodeName* find_function(std::uint32_t function) {
  switch (function & 0xF00) {
    case 0x000:
      return find_in(kConfirmed, function);
    case kUnconfirmedBase:
      return find_in(kUnconfirmed, function);
    case kBvlcBase:
      return find_in(kBvlc, function);
    case kNetworkBase:
      return find_in(kNetwork, function);
    case kPduBase:
      return find_in(kPdu, function);
    default:
      return nullptr;
  }
}

std::string_view object_type_name(std::uint16_t type) {
  return type < kObjectTypes.size() ? kObjectTypes[type] : std::string_view();
}

std::string_view property_name(std::uint32_t property) {
  for (const Named& p : kProperties)
    if (p.code == property) return p.name;
  return {};
}

std::string_view vendor_name(std::uint32_t vendor_id) {
  const auto it = std::lower_bound(std::begin(kVendors), std::end(kVendors), vendor_id,
                                   [](const Vendor& v, std::uint32_t id) { return v.id < id; });
  return it != std::end(kVendors) && it->id == vendor_id ? it->name : std::string_view();
}

std::string_view reinitialize_state_name(std::uint32_t state) {
  return state < kReinitStates.size() ? kReinitStates[state] : std::string_view();
}

std::string_view communication_state_name(std::uint32_t state) {
  return state < kCommunicationStates.size() ? kCommunicationStates[state] : std::string_view();
}

std::string_view segmentation_name(std::uint32_t value) {
  return value < kSegmentation.size() ? kSegmentation[value] : std::string_view();
}

}  // namespace otscope::bacnet
