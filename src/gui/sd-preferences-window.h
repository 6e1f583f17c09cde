/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-settings.h"

G_BEGIN_DECLS

#define SD_TYPE_PREFERENCES_WINDOW (sd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SdPreferencesWindow, sd_preferences_window, SD, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The app's preferences; with SESSION (NULL: none logged in), also the shop's, which
 * only an account with settings.connections may change. */
GtkWindow *sd_preferences_window_new (SdSettings *settings,
                                      SdSession  *session);

G_END_DECLS
