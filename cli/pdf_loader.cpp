// `write_pdf` finds the PDF module (otscope-pdf.so, which links Qt) and calls it. The module is
// looked for beside the otscope executable (the build tree), then where `cmake --install` puts it
// (relative to the executable, then under the configured prefix), so only `otscope report --pdf`
// pays for loading Qt.
#include <dlfcn.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/report.h"
#include "cli/report_pdf.h"

namespace otscope::cli {

namespace {

constexpr const char* kModuleName = "otscope-pdf.so";

std::vector<std::filesystem::path> module_candidates() {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(self.parent_path() / kModuleName);
#ifdef OTSCOPE_PDF_MODULE_RELDIR
    out.push_back(
        (self.parent_path() / OTSCOPE_PDF_MODULE_RELDIR / kModuleName).lexically_normal());
#endif
  }
#ifdef OTSCOPE_PDF_MODULE_DIR
  out.push_back(std::filesystem::path(OTSCOPE_PDF_MODULE_DIR) / kModuleName);
#endif
  return out;
}

}  // namespace

std::string write_pdf(const std::string& html, const std::string& path, const std::string& title) {
  std::string tried;
  for (const auto& candidate : module_candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(candidate, ec)) {
      tried += (tried.empty() ? "" : ", ") + candidate.string();
      continue;
    }
    // Never unloaded: Qt registers handlers that outlive a dlclose.
    void* module = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) return std::string("cannot load the PDF renderer: ") + dlerror();
    auto render = reinterpret_cast<OtscopeRenderPdf>(dlsym(module, OTSCOPE_RENDER_PDF_SYMBOL));
    if (render == nullptr)
      return "cannot load the PDF renderer: " + candidate.string() + " has no " +
             OTSCOPE_RENDER_PDF_SYMBOL;
    std::array<char, 512> error{};
    if (render(html.data(), html.size(), path.c_str(), title.c_str(), error.data(), error.size()) !=
        0)
      return error[0] != '\0' ? std::string(error.data()) : "cannot write PDF '" + path + "'";
    return "";
  }
  return std::string("PDF output needs the ") + kModuleName + " module, not found (looked for " +
         tried + ")";
}

}  // namespace otscope::cli
