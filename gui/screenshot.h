// `otscope-console --screenshot OUT.png --view NAME`: the window at 1600x1000 with the view's
// data loaded and its first row selected (so the detail pane shows), saved as PNG. Works on the
// offscreen platform and under Xvfb.
#pragma once

#include <QString>

#include "gui/main_window.h"

namespace otscope::gui {

/// Renders and saves; "" on success, else a one-line reason.
QString takeScreenshot(const ConsoleOptions& options, const QString& view, const QString& filter,
                       const QString& file);

}  // namespace otscope::gui
