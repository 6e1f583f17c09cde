/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-customer.h"

G_BEGIN_DECLS

/* For a reader who may not see full contact details: the phone becomes "138****1234" and
 * the street address "****"; sets contact_masked. */
void _sd_customer_mask_contact (SdCustomer *customer);

G_END_DECLS
