/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_STAFF_PAGE (sd_staff_page_get_type ())
G_DECLARE_FINAL_TYPE (SdStaffPage, sd_staff_page, SD, STAFF_PAGE, AdwBin)

/* The shop's staff: accounts grouped by department (add, edit, disable, reset a
 * password), departments (add, rename, remove) and roles (a role editor with the
 * permissions grouped by area). Needs staff.manage: without it the page says so.
 * Signal "changed" after any change it made to the shop's staff. */
GtkWidget *sd_staff_page_new         (void);
/* The account the page acts as; NULL clears the page. */
void       sd_staff_page_set_session (SdStaffPage *self,
                                      SdSession   *session);
void       sd_staff_page_set_folded  (SdStaffPage *self,
                                      gboolean     folded);
/* Reads the accounts, departments and roles again. */
void       sd_staff_page_reload      (SdStaffPage *self);

G_END_DECLS
