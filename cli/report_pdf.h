// The entry points of the PDF module (otscope-pdf.so), looked up by name after dlopen: the PDF
// renderer and the report's translations (Qt's translation system, like the console's). A C
// signature, so the executable and the module share no C++ types across the boundary.
#pragma once

#include <cstddef>

extern "C" {
/// Renders `html` (UTF-8, `html_size` bytes) to a PDF file at `path` (A4 landscape) titled
/// `title`. Returns 0 on success; otherwise non-zero with a one-line reason in `error`.
int otscope_render_pdf(const char* html, std::size_t html_size, const char* path, const char* title,
                       char* error, std::size_t error_size);
using OtscopeRenderPdf = int (*)(const char*, std::size_t, const char*, const char*, char*,
                                 std::size_t);
}

#define OTSCOPE_RENDER_PDF_SYMBOL "otscope_render_pdf"

extern "C" {
/// Loads the report's translation into `language` ("zh_CN"; the translations the console uses,
/// compiled into the module). Returns 0 on success; otherwise non-zero with a reason in `error`.
int otscope_load_translation(const char* language, char* error, std::size_t error_size);
using OtscopeLoadTranslation = int (*)(const char*, char*, std::size_t);
/// The translation of `text` in `context` (UTF-8) into `out`; returns its size in bytes (0 when
/// there is none: the caller keeps the English), truncated to `out_size`.
std::size_t otscope_translate(const char* context, const char* text, char* out,
                              std::size_t out_size);
using OtscopeTranslate = std::size_t (*)(const char*, const char*, char*, std::size_t);
}

#define OTSCOPE_LOAD_TRANSLATION_SYMBOL "otscope_load_translation"
#define OTSCOPE_TRANSLATE_SYMBOL "otscope_translate"
