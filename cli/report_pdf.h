// The entry point of the PDF module (otscope-pdf.so), looked up by name after dlopen. A C
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
