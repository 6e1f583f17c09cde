/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_LOGIN_PAGE (sd_login_page_get_type ())
G_DECLARE_FINAL_TYPE (SdLoginPage, sd_login_page, SD, LOGIN_PAGE, AdwBin)

/* The way into an open shop: its account name and password; for a shop made before
 * accounts existed, the owner's account to set first. The checks (Argon2) run off the
 * main thread; the page holds DB meanwhile and touches it nowhere else.
 * Emits "logged-in" with the new session. */
GtkWidget *sd_login_page_new        (void);
/* Shows the shop open on DB, named SHOP_NAME (NULL: after its file), with LOGIN filled
 * in (NULL or "": empty, for another person). */
void       sd_login_page_set_shop   (SdLoginPage *self,
                                     SdDb        *db,
                                     const char  *shop_name,
                                     const char  *login);
/* Forgets the shop (another is opened, or a session started); a check still running is
 * dropped. */
void       sd_login_page_clear      (SdLoginPage *self);
SdDb      *sd_login_page_get_db     (SdLoginPage *self);
/* Puts the keyboard focus where typing starts: the first empty field. */
void       sd_login_page_focus      (SdLoginPage *self);

G_END_DECLS
