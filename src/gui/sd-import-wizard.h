/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-window.h"

G_BEGIN_DECLS

#define SD_TYPE_IMPORT_WIZARD (sd_import_wizard_get_type ())
G_DECLARE_FINAL_TYPE (SdImportWizard, sd_import_wizard, SD, IMPORT_WIZARD, AdwWindow)

/* Opens the import wizard over WINDOW, on FILE (NULL: it asks for one first). One wizard
 * a window: while one is open, it is brought to the front instead. */
void sd_import_wizard_present             (SdWindow *window,
                                           GFile    *file);
/* Files dropped on WINDOW open the wizard on them (the first, when several are). */
void sd_import_wizard_install_drop_target (SdWindow *window);

G_END_DECLS
