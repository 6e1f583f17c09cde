/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-customer.h"

G_BEGIN_DECLS

#define SD_TYPE_CUSTOMER_ROW (sd_customer_row_get_type ())
G_DECLARE_FINAL_TYPE (SdCustomerRow, sd_customer_row, SD, CUSTOMER_ROW, GObject)

/* One line of the customer list: the customer as read for its page, or none when the
 * customer went away since the list was drawn. */
SdCustomerRow    *sd_customer_row_new          (gint64      id,
                                                SdCustomer *customer);
gint64            sd_customer_row_get_id       (SdCustomerRow *self);
const SdCustomer *sd_customer_row_get_customer (SdCustomerRow *self);
/* The customer read, given away (NULL after). */
SdCustomer       *sd_customer_row_steal_customer (SdCustomerRow *self);
/* Takes CUSTOMER (NULL: gone) as read again; whether it differs from what the row held. */
gboolean          sd_customer_row_update       (SdCustomerRow *self,
                                                SdCustomer    *customer);

G_END_DECLS
