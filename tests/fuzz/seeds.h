// Seed corpora for the fuzz targets, made from capture files: the streams of each flow in the
// input format of each decoder's target, whole frames for the packet path, fragmented IPv4
// packets for the defragmenter, and the (small) file itself for the reader.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace otscope::fuzz {

/// Target name -> inputs.
using Corpus = std::map<std::string, std::vector<std::vector<std::uint8_t>>>;

/// Adds the seeds of the capture file at `path` to `corpus`. Throws otscope::CaptureError when it
/// cannot be read.
void add_capture_seeds(const std::string& path, Corpus& corpus);

}  // namespace otscope::fuzz
