/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: being written; replaced in this session. */
#include "sd-export-dialog.h"

void
sd_export_dialog_present (SdWindow              *window,
                          const SdCustomerQuery *query,
                          GArray                *selected)
{
}
