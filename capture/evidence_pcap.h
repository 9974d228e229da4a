// An alert's evidence as a capture Wireshark opens: the frames that carried the offending
// messages, read again from the original capture file, plus the TCP handshake of their
// connections (so Wireshark follows the stream and dissects it from its start), in file order,
// with the original link type and timestamps. Read-only on the original.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace otscope::capture {

struct EvidenceCapture {
  std::string path;                // the capture the alert was raised from
  std::set<std::uint64_t> frames;  // its frame numbers (1 = the first frame of the file)
};

struct EvidenceExportResult {
  std::uint64_t evidence_frames = 0;   // written
  std::uint64_t handshake_frames = 0;  // written besides them
  std::vector<std::string> missing;    // "capture.pcap frame 812": past the end of the file
};

/// Writes the evidence frames of `captures` (in order) and their connections' handshakes to a
/// new pcap file at `output`. Every capture must have the same link type. Throws CaptureError
/// (one line: the file that cannot be read or written, or the mismatch).
EvidenceExportResult export_evidence_pcap(const std::vector<EvidenceCapture>& captures,
                                          const std::string& output);

}  // namespace otscope::capture
