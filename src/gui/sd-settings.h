/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SD_COLOR_SCHEME_DEFAULT,
  SD_COLOR_SCHEME_LIGHT,
  SD_COLOR_SCHEME_DARK,
} SdColorScheme;

#define SD_TYPE_SETTINGS (sd_settings_get_type ())
G_DECLARE_FINAL_TYPE (SdSettings, sd_settings, SD, SETTINGS, GObject)

/* The app's preferences and remembered state, as typed properties bound to GSettings:
 * the one place that knows the keys. */
SdSettings    *sd_settings_new                  (void);
int            sd_settings_get_window_width     (SdSettings  *self);
int            sd_settings_get_window_height    (SdSettings  *self);
gboolean       sd_settings_get_window_maximized (SdSettings  *self);
void           sd_settings_set_window_state     (SdSettings  *self,
                                                 int          width,
                                                 int          height,
                                                 gboolean     maximized);
const char    *sd_settings_get_last_database    (SdSettings  *self);
void           sd_settings_set_last_database    (SdSettings  *self,
                                                 const char  *path);
SdColorScheme  sd_settings_get_color_scheme     (SdSettings  *self);
void           sd_settings_set_color_scheme     (SdSettings  *self,
                                                 SdColorScheme scheme);
gboolean       sd_settings_get_import_skips_bad_rows (SdSettings *self);
void           sd_settings_set_import_skips_bad_rows (SdSettings *self,
                                                      gboolean    skip);
gboolean       sd_settings_get_relative_dates   (SdSettings  *self);
void           sd_settings_set_relative_dates   (SdSettings  *self,
                                                 gboolean     relative);
guint          sd_settings_get_search_delay     (SdSettings  *self);
/* Seconds a buyer may wait for a first answer before the queue marks the chat (the seeds'
 * 30 s by default); property "first-response-target". */
#define SD_SETTINGS_MIN_RESPONSE_TARGET 5
#define SD_SETTINGS_MAX_RESPONSE_TARGET 600
guint          sd_settings_get_first_response_target (SdSettings *self);
void           sd_settings_set_first_response_target (SdSettings *self,
                                                      guint       seconds);
/* Per shop file: the account that logged in there last (the login page fills it in), and
 * the shop's name as last seen (the login page names the shop before anyone logs in).
 * NULL when not known. */
char          *sd_settings_dup_last_user        (SdSettings  *self,
                                                 const char  *db_path);
void           sd_settings_set_last_user        (SdSettings  *self,
                                                 const char  *db_path,
                                                 const char  *login);
char          *sd_settings_dup_shop_name        (SdSettings  *self,
                                                 const char  *db_path);
void           sd_settings_set_shop_name        (SdSettings  *self,
                                                 const char  *db_path,
                                                 const char  *name);

G_END_DECLS
