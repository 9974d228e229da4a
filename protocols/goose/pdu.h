// IEC 61850-8-1 GOOSE and IEC 61850-9-2 Sampled Values frames as pure decoders: the bytes after
// the Ethernet type in, the header and the PDU's fields (or one specific error) out.
//
// Facts from IEC 61850-8-1 annex A (the GOOSE frame: APPID, Length, Reserved 1 and 2, then the
// goosePdu [APPLICATION 1] with gocbRef [0], timeAllowedtoLive [1], datSet [2], goID [3], t [4],
// stNum [5], sqNum [6], simulation [7], confRev [8], ndsCom [9], numDatSetEntries [10],
// allData [11]) and IEC 61850-9-2 (savPdu [APPLICATION 0] with noASDU [0] and seqASDU [2] of ASDUs
// with svID [0], datSet [1], smpCnt [2], confRev [3], refrTm [4], smpSynch [5], smpRate [6],
// seqData [7]).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::goose {

inline constexpr std::uint16_t kGooseEthertype = 0x88B8;
inline constexpr std::uint16_t kGseManagementEthertype = 0x88B9;
inline constexpr std::uint16_t kSvEthertype = 0x88BA;

enum class PduError : std::uint8_t {
  None,
  TooShort,      // fewer than the 8 header bytes
  BadLength,     // the header's Length is below 8 or runs past the frame
  NotGoosePdu,   // the APDU is not a goosePdu / savPdu
  Truncated,     // an element runs past its container
  MissingField,  // a mandatory field is absent
};
std::string_view pdu_error_name(PduError e);

struct GoosePdu {
  std::uint16_t appid = 0;
  std::string gocb_ref;
  std::string dataset;
  std::string go_id;
  std::uint64_t time_allowed_ms = 0;
  std::uint64_t t = 0;  // the 8-byte UtcTime of the last state change, as one integer
  std::uint64_t st_num = 0;
  std::uint64_t sq_num = 0;
  bool simulation = false;
  std::uint64_t conf_rev = 0;
  bool needs_commissioning = false;
  std::uint64_t entries = 0;
};

PduError decode_goose(Bytes frame, GoosePdu& out);

struct SvAsdu {
  std::string sv_id;
  std::string dataset;
  std::uint64_t smp_cnt = 0;
  std::uint64_t conf_rev = 0;
};
struct SvPdu {
  std::uint16_t appid = 0;
  std::uint64_t asdu_count = 0;
  std::vector<SvAsdu> asdus;  // at most kMaxAsdus
  static constexpr std::size_t kMaxAsdus = 16;
};

PduError decode_sv(Bytes frame, SvPdu& out);

}  // namespace otscope::goose
