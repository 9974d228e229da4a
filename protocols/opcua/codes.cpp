#include "protocols/opcua/codes.h"

namespace otscope::opcua {
namespace {

using O = OpClass;

// OPC 10000-4 services by the binary encoding ids of OPC 10000-6 (NodeIds.csv): the response's
// id is the request's plus 3.
constexpr Service kServices[] = {
    {422, 425, "FindServers", O::Identification},
    {12208, 12209, "FindServersOnNetwork", O::Identification},
    {428, 431, "GetEndpoints", O::Identification},
    {437, 440, "RegisterServer", O::Configuration},
    {12211, 12212, "RegisterServer2", O::Configuration},
    {446, 449, "OpenSecureChannel", O::Session},
    {452, 455, "CloseSecureChannel", O::Session},
    {461, 464, "CreateSession", O::Session},
    {467, 470, "ActivateSession", O::Authentication},
    {473, 476, "CloseSession", O::Session},
    {479, 482, "Cancel", O::Session},
    {488, 491, "AddNodes", O::Configuration},
    {494, 497, "AddReferences", O::Configuration},
    {500, 503, "DeleteNodes", O::Configuration},
    {506, 509, "DeleteReferences", O::Configuration},
    {527, 530, "Browse", O::Identification},
    {533, 536, "BrowseNext", O::Identification},
    {554, 557, "TranslateBrowsePathsToNodeIds", O::Identification},
    {560, 563, "RegisterNodes", O::Session},
    {566, 569, "UnregisterNodes", O::Session},
    {615, 618, "QueryFirst", O::Read},
    {621, 624, "QueryNext", O::Read},
    {631, 634, "Read", O::Read},
    {664, 667, "HistoryRead", O::Read},
    {673, 676, "Write", O::Write},
    {700, 703, "HistoryUpdate", O::Write},
    {712, 715, "Call", O::Control},
    {751, 754, "CreateMonitoredItems", O::Read},
    {763, 766, "ModifyMonitoredItems", O::Read},
    {769, 772, "SetMonitoringMode", O::Read},
    {775, 778, "SetTriggering", O::Read},
    {781, 784, "DeleteMonitoredItems", O::Read},
    {787, 790, "CreateSubscription", O::Read},
    {793, 796, "ModifySubscription", O::Read},
    {799, 802, "SetPublishingMode", O::Read},
    {826, 829, "Publish", O::Read},
    {832, 835, "Republish", O::Read},
    {841, 844, "TransferSubscriptions", O::Read},
    {847, 850, "DeleteSubscriptions", O::Read},
};

struct Named {
  std::uint32_t code;
  std::string_view name;
};

constexpr Named kMessageTypes[] = {
    {kHel, "Hello"},        {kAck, "Acknowledge"},       {kErr, "Error"},
    {kRhe, "ReverseHello"}, {kOpn, "OpenSecureChannel"}, {kClo, "CloseSecureChannel"},
    {kMsg, "Message"},
};

// OPC 10000-6 StatusCode.csv, the ones a monitor meets most.
constexpr Named kStatus[] = {
    {0x80010000, "Bad_UnexpectedError"},
    {0x80020000, "Bad_InternalError"},
    {0x800A0000, "Bad_Timeout"},
    {0x800B0000, "Bad_ServiceUnsupported"},
    {0x80130000, "Bad_SecurityChecksFailed"},
    {0x80200000, "Bad_IdentityTokenInvalid"},
    {0x80210000, "Bad_IdentityTokenRejected"},
    {0x80220000, "Bad_SecureChannelIdInvalid"},
    {0x80250000, "Bad_SessionIdInvalid"},
    {0x80260000, "Bad_SessionClosed"},
    {0x80330000, "Bad_NodeIdInvalid"},
    {0x80340000, "Bad_NodeIdUnknown"},
    {0x80350000, "Bad_AttributeIdInvalid"},
    {0x803B0000, "Bad_NotWritable"},
    {0x80740000, "Bad_TypeMismatch"},
    {0x801F0000, "Bad_UserAccessDenied"},
};

}  // namespace

const Service* find_service(std::uint32_t encoding_id) {
  for (const Service& s : kServices)
    if (s.request == encoding_id || s.response == encoding_id) return &s;
  return nullptr;
}

std::string_view message_type_name(std::uint32_t code) {
  for (const Named& n : kMessageTypes)
    if (n.code == code) return n.name;
  return {};
}

std::string_view status_name(std::uint32_t status) {
  for (const Named& n : kStatus)
    if (n.code == status) return n.name;
  return {};
}

}  // namespace otscope::opcua
