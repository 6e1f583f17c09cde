/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-customer-query.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_CUSTOMER_LIST (sd_customer_list_get_type ())
G_DECLARE_FINAL_TYPE (SdCustomerList, sd_customer_list, SD, CUSTOMER_LIST, GObject)

/* A GListModel of SdCustomerRow over every customer a query matches, in its order.
 * A worker thread (with its own connection) lists the matching ids; rows are read a page
 * of 50 at a time when the view asks for them, and only the pages near what was shown
 * last are kept. A newer query always wins: an older one still running is cancelled
 * and its result dropped. Signal "loaded" (GError or NULL) after each query. */
SdCustomerList        *sd_customer_list_new          (void);
void                   sd_customer_list_set_session  (SdCustomerList        *self,
                                                      SdSession             *session);
void                   sd_customer_list_set_query    (SdCustomerList        *self,
                                                      const SdCustomerQuery *query);
const SdCustomerQuery *sd_customer_list_get_query    (SdCustomerList        *self);
/* The same query again: after an import, a merge, an edit that moves a customer. */
void                   sd_customer_list_reload       (SdCustomerList        *self);
/* The same query again after another desktop changed the shop: only the rows that differ
 * change, so the rows shown, their selection and the scroll stay. */
void                   sd_customer_list_refresh      (SdCustomerList        *self);
gboolean               sd_customer_list_get_loading  (SdCustomerList        *self);
/* Reads these customers again where they are shown. */
void                   sd_customer_list_refresh_customers (SdCustomerList   *self,
                                                           const gint64     *ids,
                                                           guint             n_ids);
gint64                 sd_customer_list_get_id       (SdCustomerList        *self,
                                                      guint                  position);

G_END_DECLS
