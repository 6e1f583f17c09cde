/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _SdWindow SdWindow;

#define SD_TYPE_WELCOME_PAGE (sd_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (SdWelcomePage, sd_welcome_page, SD, WELCOME_PAGE, AdwBin)

/* First run: create a shop, or generate a demo shop of a chosen size, each with its
 * owner's account (name and password, chosen here). Emits "session-ready" with the
 * owner's session once the shop exists. */
void sd_welcome_page_set_window (SdWelcomePage *self,
                                 SdWindow      *window);
/* Back to the choice, forms cleared (not while a demo is being generated). */
void sd_welcome_page_reset      (SdWelcomePage *self);

G_END_DECLS
