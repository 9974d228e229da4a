// Runs the fuzz entry points without libFuzzer. Every LLVMFuzzerTestOneInput of the targets is
// compiled in under its own name (tests/fuzz/CMakeLists.txt), so the normal build compiles and
// the normal tests run them all.
//
//   otscope_fuzz_replay check TARGET REGRESSIONS_DIR CAPTURE_DIR
//       the target's committed inputs (REGRESSIONS_DIR/TARGET/*) and the seeds made from every
//       capture in CAPTURE_DIR (a ctest per target)
//   otscope_fuzz_replay run TARGET FILE|DIR...     replays inputs (a crasher from scripts/fuzz.sh)
//   otscope_fuzz_replay seeds OUT_DIR CAPTURE|DIR...  writes OUT_DIR/<target>/<hash> seed files
//   otscope_fuzz_replay list                       the target names
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "capture/source.h"
#include "tests/fuzz/seeds.h"

#define OTSCOPE_FUZZ_ENTRY(name) \
  extern "C" int otscope_entry_##name(const std::uint8_t* data, std::size_t size);
#include "entries.inc"
#undef OTSCOPE_FUZZ_ENTRY

namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string_view name;
  int (*run)(const std::uint8_t*, std::size_t);
};

constexpr Entry kEntries[] = {
#define OTSCOPE_FUZZ_ENTRY(name) {#name, otscope_entry_##name},
#include "entries.inc"
#undef OTSCOPE_FUZZ_ENTRY
};

const Entry* find_entry(std::string_view name) {
  for (const Entry& e : kEntries)
    if (e.name == name) return &e;
  std::fprintf(stderr, "otscope_fuzz_replay: no fuzz target '%.*s'\n",
               static_cast<int>(name.size()), name.data());
  return nullptr;
}

std::vector<std::uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Files under `path` (itself when it is a file), sorted so that runs are reproducible.
std::vector<fs::path> files_under(const fs::path& path) {
  std::vector<fs::path> out;
  if (fs::is_regular_file(path)) {
    out.push_back(path);
  } else if (fs::is_directory(path)) {
    for (const auto& e : fs::recursive_directory_iterator(path))
      if (e.is_regular_file() && e.path().filename().string().front() != '.')
        out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool is_capture(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".pcap" || ext == ".pcapng" || ext == ".cap";
}

void run_one(const Entry& entry, const std::vector<std::uint8_t>& input) {
  // A copy of exactly the input's size, so that reading one byte past it is caught by ASan.
  auto* copy = new std::uint8_t[input.size() + (input.empty() ? 1 : 0)];
  std::copy(input.begin(), input.end(), copy);
  entry.run(copy, input.size());
  delete[] copy;
}

int check(const Entry& entry, const fs::path& regressions, const fs::path& captures) {
  std::size_t committed = 0;
  for (const fs::path& f : files_under(regressions / std::string(entry.name))) {
    std::printf("%s: %s\n", std::string(entry.name).c_str(), f.string().c_str());
    std::fflush(stdout);
    run_one(entry, read_file(f));
    ++committed;
  }
  otscope::fuzz::Corpus corpus;
  std::size_t capture_files = 0;
  for (const fs::path& f : files_under(captures)) {
    if (!is_capture(f)) continue;
    otscope::fuzz::add_capture_seeds(f.string(), corpus);
    ++capture_files;
  }
  const auto& seeds = corpus[std::string(entry.name)];
  for (const auto& seed : seeds) run_one(entry, seed);
  std::printf("%s: %zu committed inputs, %zu seeds from %zu captures, no failure\n",
              std::string(entry.name).c_str(), committed, seeds.size(), capture_files);
  return 0;
}

int write_seeds(const fs::path& out, const std::vector<fs::path>& inputs) {
  otscope::fuzz::Corpus corpus;
  for (const fs::path& in : inputs) {
    for (const fs::path& f : files_under(in)) {
      if (!is_capture(f)) continue;
      try {
        otscope::fuzz::add_capture_seeds(f.string(), corpus);
      } catch (const otscope::CaptureError& e) {
        std::fprintf(stderr, "otscope_fuzz_replay: %s (skipped)\n", e.what());
      }
    }
  }
  for (const auto& [target, seeds] : corpus) {
    fs::create_directories(out / target);
    for (const auto& seed : seeds) {
      const std::string text(seed.begin(), seed.end());
      char name[32];
      std::snprintf(name, sizeof name, "seed-%016zx", std::hash<std::string>{}(text));
      std::ofstream(out / target / name, std::ios::binary) << text;
    }
    std::printf("%s: %zu seeds\n", target.c_str(), seeds.size());
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: otscope_fuzz_replay check TARGET REGRESSIONS_DIR CAPTURE_DIR\n"
               "       otscope_fuzz_replay run TARGET FILE|DIR...\n"
               "       otscope_fuzz_replay seeds OUT_DIR CAPTURE|DIR...\n"
               "       otscope_fuzz_replay list\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage();
  try {
    if (args[0] == "list" && args.size() == 1) {
      for (const Entry& e : kEntries) std::printf("%s\n", std::string(e.name).c_str());
      return 0;
    }
    if (args[0] == "check" && args.size() == 4) {
      const Entry* e = find_entry(args[1]);
      return e == nullptr ? 2 : check(*e, args[2], args[3]);
    }
    if (args[0] == "run" && args.size() >= 3) {
      const Entry* e = find_entry(args[1]);
      if (e == nullptr) return 2;
      for (std::size_t i = 2; i < args.size(); ++i)
        for (const fs::path& f : files_under(args[i])) {
          std::printf("%s\n", f.string().c_str());
          std::fflush(stdout);
          run_one(*e, read_file(f));
        }
      return 0;
    }
    if (args[0] == "seeds" && args.size() >= 3)
      return write_seeds(args[1], {args.begin() + 2, args.end()});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "otscope_fuzz_replay: %s\n", e.what());
    return 1;
  }
  return usage();
}
