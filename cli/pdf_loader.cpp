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

// The module, loaded once (never unloaded: Qt registers handlers that outlive a dlclose); `error`
// says why not when it returns nullptr.
void* load_module(const char* purpose, std::string& error) {
  static void* module = nullptr;
  if (module != nullptr) return module;
  std::string tried;
  for (const auto& candidate : module_candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(candidate, ec)) {
      tried += (tried.empty() ? "" : ", ") + candidate.string();
      continue;
    }
    module = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) error = std::string("cannot load the ") + purpose + ": " + dlerror();
    return module;
  }
  error = std::string(purpose) + " needs the " + kModuleName + " module, not found (looked for " +
          tried + ")";
  return nullptr;
}

template <class Fn>
Fn symbol(void* module, const char* name, const char* purpose, std::string& error) {
  auto fn = reinterpret_cast<Fn>(dlsym(module, name));
  if (fn == nullptr)
    error = std::string("cannot load the ") + purpose + ": " + kModuleName + " has no " + name;
  return fn;
}

}  // namespace

std::string write_pdf(const std::string& html, const std::string& path, const std::string& title) {
  std::string failure;
  void* module = load_module("PDF output", failure);
  if (module == nullptr) return failure;
  auto render =
      symbol<OtscopeRenderPdf>(module, OTSCOPE_RENDER_PDF_SYMBOL, "PDF renderer", failure);
  if (render == nullptr) return failure;
  std::array<char, 512> error{};
  if (render(html.data(), html.size(), path.c_str(), title.c_str(), error.data(), error.size()) !=
      0)
    return error[0] != '\0' ? std::string(error.data()) : "cannot write PDF '" + path + "'";
  return "";
}

std::string load_report_translation(const std::string& language, ReportOptions& options) {
  options.language = language;
  if (language == "en") {
    options.translate = nullptr;
    return "";
  }
  std::string failure;
  void* module = load_module("A translated report", failure);
  if (module == nullptr) return failure;
  auto load = symbol<OtscopeLoadTranslation>(module, OTSCOPE_LOAD_TRANSLATION_SYMBOL,
                                             "report's translations", failure);
  auto translate =
      symbol<OtscopeTranslate>(module, OTSCOPE_TRANSLATE_SYMBOL, "report's translations", failure);
  if (load == nullptr || translate == nullptr) return failure;
  std::array<char, 512> error{};
  if (load(language.c_str(), error.data(), error.size()) != 0) return std::string(error.data());
  options.translate = [translate](const char* context, const char* text) {
    std::string out(256, '\0');
    std::size_t n = translate(context, text, out.data(), out.size());
    if (n > out.size()) {
      out.resize(n);
      n = translate(context, text, out.data(), out.size());
    }
    out.resize(n);
    return out.empty() ? std::string(text) : out;
  };
  return "";
}

}  // namespace otscope::cli
