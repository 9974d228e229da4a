#include "protocols/snmp/codes.h"

#include <array>

namespace otscope::snmp {
namespace {

using O = OpClass;
using R = MessageRole;

constexpr PduName kPdus[] = {
    {0, "get-request", O::Read, R::Request},
    {1, "get-next-request", O::Read, R::Request},
    {2, "get-response", O::Read, R::Response},
    {3, "set-request", O::Write, R::Request},
    {4, "trap", O::Unsolicited, R::Unsolicited},
    {5, "getBulkRequest", O::Read, R::Request},
    {6, "informRequest", O::Unsolicited, R::Unsolicited},
    {7, "snmpV2-trap", O::Unsolicited, R::Unsolicited},
    {8, "report", O::Other, R::Response},
};
constexpr PduName kEncrypted{kEncryptedPdu, "encryptedPDU", O::Other, R::Request};

constexpr std::array<std::string_view, 19> kErrorStatus = {"noError",
                                                           "tooBig",
                                                           "noSuchName",
                                                           "badValue",
                                                           "readOnly",
                                                           "genErr",
                                                           "noAccess",
                                                           "wrongType",
                                                           "wrongLength",
                                                           "wrongEncoding",
                                                           "wrongValue",
                                                           "noCreation",
                                                           "inconsistentValue",
                                                           "resourceUnavailable",
                                                           "commitFailed",
                                                           "undoFailed",
                                                           "authorizationError",
                                                           "notWritable",
                                                           "inconsistentName"};

struct Enterprise {
  std::uint64_t number;
  std::string_view name;
};
// IANA Private Enterprise Numbers.
constexpr Enterprise kEnterprises[] = {
    {9, "ciscoSystems"},        {11, "Hewlett-Packard"}, {311, "Microsoft"},
    {2636, "Juniper Networks"}, {4329, "Siemens AG"},    {8072, "net-snmp"},
};

}  // namespace

const PduName& pdu_name(std::uint32_t code) {
  return code < std::size(kPdus) ? kPdus[code] : kEncrypted;
}

std::string_view error_status_name(std::int64_t status) {
  return status >= 0 && static_cast<std::size_t>(status) < kErrorStatus.size()
             ? kErrorStatus[static_cast<std::size_t>(status)]
             : std::string_view();
}

std::string_view enterprise_name(std::uint64_t number) {
  for (const Enterprise& e : kEnterprises)
    if (e.number == number) return e.name;
  return {};
}

}  // namespace otscope::snmp
