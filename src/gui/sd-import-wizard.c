/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: being written; replaced in this session. */
#include "sd-import-wizard.h"

void
sd_import_wizard_present (SdWindow *window,
                          GFile    *file)
{
}
