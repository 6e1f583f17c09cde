/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-window.h"

G_BEGIN_DECLS

/* Opens the import wizard over WINDOW, on FILE (NULL: it asks for one first). */
void sd_import_wizard_present (SdWindow *window,
                               GFile    *file);

G_END_DECLS
