/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-application.h"
#include "sd-session.h"
#include "sd-settings.h"

G_BEGIN_DECLS

#define SD_TYPE_WINDOW (sd_window_get_type ())
G_DECLARE_FINAL_TYPE (SdWindow, sd_window, SD, WINDOW, AdwApplicationWindow)

SdWindow   *sd_window_new              (SdApplication *app,
                                        SdSettings    *settings);
/* Opens the shop at PATH; on failure stays on (or goes to) the welcome page and says why. */
gboolean    sd_window_open_shop        (SdWindow      *self,
                                        const char    *path);
/* The last shop, or the welcome page when there is none (or it is gone). */
void        sd_window_open_last_shop   (SdWindow      *self);
SdSession  *sd_window_get_session      (SdWindow      *self);
SdSettings *sd_window_get_settings     (SdWindow      *self);
void        sd_window_add_toast        (SdWindow      *self,
                                        AdwToast      *toast);
/* Long work the window must not close under: closing asks first, then cancels it and
 * waits for it to end before the window goes. */
void        sd_window_begin_job        (SdWindow      *self,
                                        GCancellable  *cancellable);
void        sd_window_end_job          (SdWindow      *self,
                                        GCancellable  *cancellable);
GtkWidget  *sd_window_get_customers_page (SdWindow    *self);
/* After an import or a merge: the lists and counts read the shop again. */
void        sd_window_shop_changed     (SdWindow      *self);

G_END_DECLS
