/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-settings.h"

G_BEGIN_DECLS

#define SD_TYPE_CUSTOMER_DETAIL (sd_customer_detail_get_type ())
G_DECLARE_FINAL_TYPE (SdCustomerDetail, sd_customer_detail, SD, CUSTOMER_DETAIL, AdwBin)

/* One customer: profile (editable), orders with items, notes, tags, SMS opt-out, merge.
 * Signals: "changed" (gint64 id) after any change is saved; "merged" (gint64 keep_id,
 * gint64 other_id) after a merge, once the page shows the kept customer. Its header bar's
 * back button activates "customer.back", which the customers page installs; its own
 * actions are "detail.save" (Ctrl+S), "detail.revert" and "detail.merge". Edits left
 * unsaved when the page is left are kept, and a toast offers to open them again. */
GtkWidget *sd_customer_detail_new         (void);
void       sd_customer_detail_set_session (SdCustomerDetail *self,
                                           SdSession        *session,
                                           SdSettings       *settings);
/* Loads and shows customer ID; FALSE (and an error on the page) when it is gone. */
gboolean   sd_customer_detail_show        (SdCustomerDetail *self,
                                           gint64            id);
gint64     sd_customer_detail_get_customer_id (SdCustomerDetail *self);
/* Reads the customer shown again (after another desktop changed the shop), unless the
 * profile has edits not saved: those stay as typed, and nothing changes under them. The
 * note and tag being typed stay too. */
void       sd_customer_detail_refresh     (SdCustomerDetail *self);
/* Reads the account's permissions again: without customers.edit the profile is read
 * only and tags, notes and the SMS switch cannot change; without customers.merge there is
 * no merging; masked contact details are never editable. */
void       sd_customer_detail_update_permissions (SdCustomerDetail *self);

G_END_DECLS
