/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-customer.h"

G_BEGIN_DECLS

/* For a reader who may not see full contact details: the phone becomes "138****1234" and
 * the street address "****"; sets contact_masked. */
void _sd_customer_mask_contact (SdCustomer *customer);

/* The record's text fields a person edits, by number: their names and places. */
guint        _sd_customer_n_text_fields   (void);
const char  *_sd_customer_text_field_name (guint       i);
char       **_sd_customer_text_field      (SdCustomer *customer,
                                           guint       i);

G_END_DECLS
